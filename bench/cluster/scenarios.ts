/**
 * The three measurements of `bench:cluster`, each run on every deployment (deployments.ts):
 * - propagation: two people drawing in one room at 60 Hz each, half a period apart, each on another instance when
 *   there are several; the latency of every update to the other person;
 * - spread: many rooms of five people, one of them drawing, each person on the next instance round-robin (as a load
 *   balancer spreads connections); the CPU time of every instance and Redis per message delivered to a client;
 *   spread-by-room: the same with each room's people on one instance (a load balancer hashing the room's path);
 * - idle: an instance whose clients leave rooms that go on elsewhere; its memory after they left, against its idle
 *   figure before anyone came.
 */
import { BenchClient, closeAll, openClients, paced, sleep } from '../server/client';
import type { ServerHandle, ServerStats } from '../server/servers';
import { LatencyTracker, PenWriter, type Metric } from '../server/scenarios/common';
import { summarize } from '../server/stats';
import type { Deployment } from './deployments';

export interface Sizes {
  propagationMs: number;
  /** How long the propagation room is drawn in before its window: the room's own JIT tier-up (bench/server, roomWarmUpMs). */
  roomWarmUpMs: number;
  rooms: number;
  drawHz: number;
  spreadMs: number;
  idleRooms: number;
}

export const FULL: Sizes = { propagationMs: 20_000, roomWarmUpMs: 12_000, rooms: 300, drawHz: 10, spreadMs: 20_000, idleRooms: 50 };
export const QUICK: Sizes = { propagationMs: 5_000, roomWarmUpMs: 2_000, rooms: 60, drawHz: 10, spreadMs: 6_000, idleRooms: 20 };

/** Updates relayed before anything is measured, so every process has its message path optimized (bench/server). */
const WARMUP_UPDATES = 3_000;
/** Our rooms unload 10 s after their last client (roomUnloadGraceMs), a cluster forgets changes from elsewhere after 15 s. */
const SETTLE_MS = 32_000;

const presence = (name: string): string => JSON.stringify({ user: { name, color: '#2f9e44' }, cursor: null });
const instanceFor = (deployment: Deployment, i: number): ServerHandle => deployment.instances[i % deployment.instances.length] as ServerHandle;

/** Two pen writers in one room on two instances (one, if there is one), each receiving the other's updates. */
async function pair(deployment: Deployment, room: string, tracker: LatencyTracker): Promise<[PenWriter, PenWriter]> {
  const a = new PenWriter(instanceFor(deployment, 0), room, tracker, 1, { onUpdate: tracker.onUpdate });
  const b = new PenWriter(instanceFor(deployment, 1), room, tracker, 1, { onUpdate: tracker.onUpdate });
  await Promise.all([a.client.synced, b.client.synced]);
  // Each has the other's stroke before the measurement: a first update must not wait for a room being set up elsewhere.
  await sleep(500);
  return [a, b];
}

export async function propagation(deployment: Deployment, sizes: Sizes): Promise<Metric[]> {
  const warmTracker = new LatencyTracker();
  const warm = await pair(deployment, 'warm-up', warmTracker);
  await paced(600, (1000 * WARMUP_UPDATES) / 600, (i) => warm[i % 2]?.tick());
  await warmTracker.drain();
  const tracker = new LatencyTracker();
  const writers = await pair(deployment, 'propagation', tracker);
  await paced(120, sizes.roomWarmUpMs, (i) => writers[i % 2]?.tick());
  await tracker.drain();
  tracker.recording = true;
  await paced(120, sizes.propagationMs, (i) => writers[i % 2]?.tick());
  tracker.recording = false;
  await tracker.drain();
  await closeAll([...writers, ...warm].map((writer) => writer.client));
  const latency = summarize(tracker.all);
  return [
    { key: 'prop.p50', label: 'propagation p50', unit: 'ms', value: latency.p50 },
    { key: 'prop.p99', label: 'propagation p99', unit: 'ms', value: latency.p99 },
    { key: 'prop.lost', label: 'updates not delivered', unit: '', value: tracker.missing, info: true },
  ];
}

/**
 * Where a load balancer sends person `person` of room `room`: round-robin (each room on every instance, what nginx does
 * by default), or by room (nginx `hash $uri consistent`: a room's people on one instance, rooms spread over them).
 */
export const Placement = { RoundRobin: 'round-robin', ByRoom: 'by-room' } as const;
export type Placement = (typeof Placement)[keyof typeof Placement];

function placed(deployment: Deployment, placement: Placement, room: number, person: number): ServerHandle {
  return instanceFor(deployment, placement === Placement.RoundRobin ? room * 5 + person : room);
}

export async function spread(deployment: Deployment, sizes: Sizes, placement: Placement = Placement.RoundRobin): Promise<Metric[]> {
  const tracker = new LatencyTracker();
  const drawers: PenWriter[] = [];
  const readers: BenchClient[] = [];
  for (let room = 0; room < sizes.rooms; room++) {
    drawers.push(new PenWriter(placed(deployment, placement, room, 0), `spread-${room}`, tracker, 4, { presence: presence('drawer') }));
  }
  await Promise.all(drawers.map((drawer) => drawer.client.synced));
  readers.push(
    ...(await openClients(sizes.rooms * 4, (i) => {
      const room = Math.floor(i / 4);
      return new BenchClient(placed(deployment, placement, room, 1 + (i % 4)), `spread-${room}`, { onUpdate: tracker.onUpdate, presence: presence(`reader ${i}`) });
    })),
  );
  const rate = sizes.drawHz * sizes.rooms;
  await paced(rate, 3_000, (i) => drawers[i % drawers.length]?.tick());
  await tracker.drain();
  const [cpuBefore, databaseBefore] = [deployment.cpuMs(), deployment.databaseCpuMs()];
  const start = performance.now();
  // Marks the window for a profiler attached from outside (bench/NOTES.md).
  if (process.env.BENCH_VERBOSE) process.stderr.write(`    spread × ${deployment.name}: window opens\n`);
  tracker.recording = true;
  await paced(rate, sizes.spreadMs, (i) => drawers[i % drawers.length]?.tick());
  tracker.recording = false;
  await tracker.drain(15_000);
  const wallMs = performance.now() - start;
  const [cpuMs, databaseMs] = [deployment.cpuMs() - cpuBefore, deployment.databaseCpuMs() - databaseBefore];
  if (process.env.BENCH_VERBOSE) process.stderr.write(`    spread × ${deployment.name}: window closes\n`);
  await closeAll([...drawers.map((drawer) => drawer.client), ...readers]);
  const delivered = tracker.all.length;
  const latency = summarize(tracker.all);
  return [
    { key: 'spread.cpu', label: 'CPU per delivered message (instances + Redis)', unit: 'µs', value: (cpuMs * 1000) / Math.max(1, delivered) },
    { key: 'spread.cores', label: 'CPU of instances + Redis (share of one core)', unit: '%', value: (100 * cpuMs) / wallMs, info: true },
    { key: 'spread.db', label: 'PostgreSQL CPU per delivered message (not counted above)', unit: 'µs', value: (databaseMs * 1000) / Math.max(1, delivered), info: true },
    { key: 'spread.p99', label: 'delivery latency p99', unit: 'ms', value: latency.p99 },
    { key: 'spread.delivered', label: 'messages delivered', unit: '', value: delivered, info: true },
    { key: 'spread.lost', label: 'deliveries missing', unit: '', value: tracker.missing, info: true },
  ];
}

/** What an instance holds in memory, after a full garbage collection. */
const held = (stats: ServerStats): number => stats.heapUsed + stats.external;

export const spreadByRoom = (deployment: Deployment, sizes: Sizes): Promise<Metric[]> => spread(deployment, sizes, Placement.ByRoom);

export async function idle(deployment: Deployment, sizes: Sizes): Promise<Metric[]> {
  if (deployment.instances.length < 2) return [];
  const measuredInstance = deployment.instances[deployment.instances.length - 1] as ServerHandle;
  const other = deployment.instances[0] as ServerHandle;
  // Idle: up, having served a room once (so code and pools are warm), nobody left.
  const warm = await pair({ ...deployment, instances: [measuredInstance] }, 'warm-up', new LatencyTracker());
  await paced(600, 1_000, (i) => warm[i % 2]?.tick());
  await closeAll(warm.map((writer) => writer.client));
  await sleep(SETTLE_MS);
  const before = await measuredInstance.stats(true);
  const tracker = new LatencyTracker();
  const drawers = Array.from({ length: sizes.idleRooms }, (_, room) => new PenWriter(other, `idle-${room}`, tracker, 1));
  await Promise.all(drawers.map((drawer) => drawer.client.synced));
  const visitors = await openClients(sizes.idleRooms, (room) => new BenchClient(measuredInstance, `idle-${room}`, { onUpdate: tracker.onUpdate, presence: presence('visitor') }));
  await paced(sizes.idleRooms * 10, 5_000, (i) => drawers[i % drawers.length]?.tick());
  const during = await measuredInstance.stats(true);
  await closeAll(visitors);
  // The rooms go on elsewhere while this instance is left alone.
  await paced(sizes.idleRooms * 2, SETTLE_MS, (i) => drawers[i % drawers.length]?.tick());
  const after = await measuredInstance.stats(true);
  await closeAll(drawers.map((drawer) => drawer.client));
  return [
    { key: 'idle.during', label: `memory of an instance while its clients are in ${sizes.idleRooms} rooms`, unit: 'MB', value: held(during) / 1e6, info: true },
    { key: 'idle.ratio', label: 'memory after they left / its idle figure', unit: '', value: held(after) / held(before) },
    { key: 'idle.perRoom', label: 'memory kept per room left', unit: 'KB', value: (held(after) - held(before)) / 1000 / sizes.idleRooms, info: true },
  ];
}
