/** What every scenario shares: latency trackers, a pen-like writer, and measured windows. */
import path from 'node:path';
import * as Y from 'yjs';
import { BenchClient, closeAll, paced, type ClientOptions } from '../client';
import type { ServerHandle, ServerStats } from '../servers';
import { DriverHealth } from '../stats';
import { firstStructId, forEachAwarenessEntry } from '../wire';

export interface Metric {
  /** Stable key, e.g. `fanout50.p99`. */
  key: string;
  label: string;
  unit: string;
  value: number;
  /** Figures that describe the run rather than compare the servers (not given ratios). */
  info?: boolean;
}

export interface ScenarioContext {
  server: ServerHandle;
  quick: boolean;
  /** Directory for .cpuprofile files when this server is profiled; null otherwise. */
  profileDir: string | null;
  /** The round being run (from 0; rounds.ts): a profile of a later round gets a file of its own. */
  round: number;
  log(message: string): void;
}

export interface Scenario {
  id: string;
  title: string;
  /** Also run against the send floor (servers/send-floor.mjs): only fan-out has one. */
  floor?: boolean;
  /**
   * Run in rounds and reported as their median (rounds.ts): the scenarios whose figures move
   * between runs of one build by more than their targets' margins: propagation and fan-out (~8
   * minutes a round with every server), memory per idle connection (6.96 KB one run, 8.52 KB the
   * next) and the large join (its warm join's p99 5.7–37 ms for one build). The others run once, so
   * that a full run of three rounds takes about half an hour (~31 minutes, the rooms' 12-second
   * warm-ups included): their figures hold from run to run (churn, join storm), or their margins
   * are wide (presence: 1.4× y-websocket's p99 where 2× is allowed; ~1.2 minutes a round).
   */
  rounds?: boolean;
  run(ctx: ScenarioContext): Promise<Metric[]>;
  /**
   * Runs the servers of a round at the same time (fan-out: they take turns, scenarios/fanout.ts);
   * one list of figures per context, in their order. Without it, a round runs `run` on each in turn.
   */
  together?(ctxs: readonly ScenarioContext[]): Promise<Metric[][]>;
}

interface Pending {
  sentAt: number;
  remaining: number;
  last: number;
  /** Sent while recording: only these count, whenever they arrive. */
  recorded: boolean;
}

/**
 * Send times of tracked messages, keyed by (client, clock), and the latencies of their
 * deliveries: every delivery, and per message the delivery to its last receiver. Only messages
 * sent while `recording` count (their deliveries count even if they arrive after it stopped).
 */
export class LatencyTracker {
  private readonly pending = new Map<number, Map<number, Pending>>();
  /** The newest clock delivered of each client, to anyone. */
  private readonly newestDelivered = new Map<number, number>();
  readonly all: number[] = [];
  readonly last: number[] = [];
  /** [sentAt, latency] of each delivery, for windows (the large-join scenario). */
  readonly timeline: Array<[number, number]> = [];
  recording = false;
  keepTimeline = false;
  /** Recorded messages sent, and recorded messages not yet delivered to every receiver. */
  sent = 0;
  outstanding = 0;
  /** Recorded deliveries still expected. */
  missing = 0;

  expect(client: number, clock: number, receivers: number, sentAt = performance.now()): void {
    let clocks = this.pending.get(client);
    if (!clocks) this.pending.set(client, (clocks = new Map()));
    clocks.set(clock, { sentAt, remaining: receivers, last: 0, recorded: this.recording });
    if (this.recording) {
      this.sent++;
      this.outstanding++;
      this.missing += receivers;
    }
  }

  /**
   * Recorded deliveries still expected whose message a later one from the same client has
   * already overtaken somewhere: for presence, states the server replaced with the sender's
   * newer one before relaying (ours keeps only the latest state per client between flushes).
   */
  superseded(): number {
    let count = 0;
    for (const [client, clocks] of this.pending) {
      const newest = this.newestDelivered.get(client) ?? -1;
      for (const [clock, entry] of clocks) if (entry.recorded && clock < newest) count += entry.remaining;
    }
    return count;
  }

  deliver(client: number, clock: number, now: number): void {
    if (clock > (this.newestDelivered.get(client) ?? -1)) this.newestDelivered.set(client, clock);
    const clocks = this.pending.get(client);
    const entry = clocks?.get(clock);
    if (!clocks || !entry) return;
    const latency = now - entry.sentAt;
    entry.last = Math.max(entry.last, latency);
    if (entry.recorded) {
      this.all.push(latency);
      this.missing--;
      if (this.keepTimeline) this.timeline.push([entry.sentAt, latency]);
    }
    if (--entry.remaining <= 0) {
      clocks.delete(clock);
      if (entry.recorded) {
        this.last.push(entry.last);
        this.outstanding--;
      }
    }
  }

  /** Waits until every recorded message has reached all its receivers, or `timeoutMs`. */
  async drain(timeoutMs = 5_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.outstanding > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  /** For a client's onUpdate: the update is identified by its first struct's id. */
  readonly onUpdate = (update: Uint8Array, now: number): void => {
    const id = firstStructId(update);
    if (id) this.deliver(id.client, id.clock, now);
  };

  /** For a client's onAwareness, ignoring the client's own state echoed back. */
  onAwarenessFor(self: () => number): (update: Uint8Array, now: number) => void {
    return (update, now) =>
      forEachAwarenessEntry(update, (client, clock) => {
        if (client !== self()) this.deliver(client, clock, now);
      });
  }
}

/** A client drawing one long stroke: each tick appends one point (x, y, pressure), one update. */
export class PenWriter {
  readonly doc = new Y.Doc();
  readonly client: BenchClient;
  private readonly points = new Y.Array<number>();
  private x = 100;
  private y = 100;
  private outgoing: Uint8Array | null = null;

  constructor(
    server: ServerHandle,
    room: string,
    private readonly tracker: LatencyTracker,
    private readonly receivers: number,
    options: ClientOptions = {},
  ) {
    this.doc.transact(() => {
      const stroke = new Y.Map<unknown>();
      stroke.set('type', 'stroke');
      stroke.set('z', 'a0');
      stroke.set('color', '#1971c2');
      stroke.set('width', 3);
      stroke.set('points', this.points);
      this.doc.getMap('shapes').set(`pen-${this.doc.clientID}`, stroke);
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this.client) this.outgoing = update;
    });
    this.client = new BenchClient(server, room, { doc: this.doc, ...options });
  }

  tick(): void {
    this.x += 3;
    this.y += (this.x % 7) - 3;
    const clock = Y.getState(this.doc.store, this.doc.clientID);
    this.points.push([this.x, this.y, 0.5]);
    const update = this.outgoing;
    this.outgoing = null;
    if (!update) return;
    this.tracker.expect(this.doc.clientID, clock, this.receivers);
    this.client.sendUpdate(update);
  }
}

/**
 * Two pen writers in one room, each receiving the other's updates, drawing in turns: the
 * propagation scenario's pair, and the warm-up's.
 */
export class PenPair {
  readonly a: PenWriter;
  readonly b: PenWriter;

  constructor(server: ServerHandle, room: string, tracker: LatencyTracker) {
    this.a = new PenWriter(server, room, tracker, 1, { onUpdate: tracker.onUpdate });
    this.b = new PenWriter(server, room, tracker, 1, { onUpdate: tracker.onUpdate });
  }

  async synced(): Promise<void> {
    await Promise.all([this.a.client.synced, this.b.client.synced]);
  }

  /** Sends `updates` updates at `hz`, alternating writers. */
  async draw(hz: number, updates: number): Promise<void> {
    await paced(hz, (1000 * updates) / hz, (i) => (i % 2 ? this.b : this.a).tick());
  }

  close(): Promise<void> {
    return closeAll([this.a.client, this.b.client]);
  }
}

/**
 * Updates every server relays before a latency scenario measures anything. A 2-second warm-up
 * (240 updates) was not enough: with `--trace-opt`, every server was still optimizing functions
 * through the whole 20-second window (ours 188 optimizations, y-websocket 110), and the
 * background compilations preempt the serving thread on its one core, so the p99 measured the
 * JIT tier-up of a process a few seconds old rather than a server that has been up for a while.
 */
const WARMUP_UPDATES = 3_000;
const WARMUP_HZ = 600;

/**
 * Two pen writers relay WARMUP_UPDATES updates in a room of their own, so that the measured room
 * starts empty and stays small (below ours' 128 KiB large-room threshold). They stay connected,
 * idle, until the scenario calls the returned `close` after its window. When they left at once,
 * the warm-up room unloaded inside the window for ours alone (after its 10 s grace; y-websocket
 * never unloads, Hocuspocus at once): the window then held the process' first room unload,
 * which made V8 throw away the optimized code of the whole message path ("code dependencies"
 * deoptimizations of receive, applyGuardedUpdate, applyUpdateV2, ...), and it ran unoptimized
 * for the rest of the window (`--trace-opt --trace-deopt`).
 */
export async function warmUp(ctx: ScenarioContext): Promise<{ close(): Promise<void> }> {
  const tracker = new LatencyTracker();
  const pair = new PenPair(ctx.server, 'warm-up', tracker);
  await pair.synced();
  await pair.draw(WARMUP_HZ, ctx.quick ? WARMUP_UPDATES / 5 : WARMUP_UPDATES);
  await tracker.drain();
  return pair;
}

/**
 * How long a scenario drives its own room at the measured rate before its window opens. The warm-up above optimizes
 * the message path, but the room's own peers joining (presence, 200 step 2s) bring new shapes that send some of it
 * back to unoptimized code, and at 60 Hz the per-update part runs 60 times a second: V8 took about ten seconds of
 * that to optimize it again. In 5-second slices of one fan-out (bench/NOTES.md, 2026-12-07), ours' CPU per delivered
 * message to 200 readers was 7.31 and 6.70 µs in the first two after a 2-second pre-draw and 5.80–6.11 µs in the
 * four after (to 50 readers: 10.5, then 7.8–10.0); propagation p99 after 2 s 1.69 ms, after 10 s 0.75 (y-websocket
 * 0.71 and 0.60). A 2-second pre-draw measured that tier-up, not a server up for a while.
 */
export function roomWarmUpMs(ctx: ScenarioContext): number {
  return ctx.quick ? 2_000 : 12_000;
}

export interface Window {
  cpuMs: number;
  wallMs: number;
  before: ServerStats;
  after: ServerStats;
  driver: { loopDelayP99Ms: number; cpuShare: number };
}

/** Where the profile of `name` on this context's server goes (its round's, after the first). */
export function profileFile(ctx: ScenarioContext, name: string): string {
  return path.join(ctx.profileDir ?? '.', `${name}-${ctx.server.name}${ctx.round ? `-round${ctx.round + 1}` : ''}.cpuprofile`);
}

/** Runs `body` while measuring the server's CPU time (and profiling it when asked). */
export async function measured(ctx: ScenarioContext, name: string, body: () => Promise<void>): Promise<Window> {
  const health = new DriverHealth();
  if (ctx.profileDir) await ctx.server.profileStart();
  const before = await ctx.server.stats();
  if (process.env.BENCH_VERBOSE) ctx.log(`    ${name} × ${ctx.server.name}: window opens`);
  health.start();
  const start = performance.now();
  await body();
  const wallMs = performance.now() - start;
  const driver = health.stop();
  const after = await ctx.server.stats();
  if (ctx.profileDir) await ctx.server.profileStop(profileFile(ctx, name));
  if (process.env.BENCH_VERBOSE) {
    const threads = Object.entries(after.threads).map(([thread, ms]) => `${thread}=${(ms - (before.threads[thread] ?? 0)).toFixed(0)}`);
    ctx.log(`    ${name} × ${ctx.server.name}: ${((after.cpuMicros - before.cpuMicros) / 1000).toFixed(0)} ms CPU in ${wallMs.toFixed(0)} ms; threads ms: ${threads.join(' ')}`);
  }
  return { cpuMs: (after.cpuMicros - before.cpuMicros) / 1000, wallMs, before, after, driver };
}

/** A window made of slices (fan-out's turns): their CPU and wall time summed, thread by thread; the worst driver delay. */
export function combineWindows(windows: readonly Window[]): Window {
  const first = windows[0];
  if (!first) throw new Error('no window to combine');
  const cpuMs = windows.reduce((sum, w) => sum + w.cpuMs, 0);
  const wallMs = windows.reduce((sum, w) => sum + w.wallMs, 0);
  const threads: Record<string, number> = { ...first.before.threads };
  for (const w of windows) for (const [thread, ms] of Object.entries(w.after.threads)) threads[thread] = (threads[thread] ?? 0) + ms - (w.before.threads[thread] ?? 0);
  return {
    cpuMs,
    wallMs,
    before: first.before,
    after: { ...(windows[windows.length - 1] as Window).after, cpuMicros: first.before.cpuMicros + cpuMs * 1000, threads },
    driver: {
      loopDelayP99Ms: Math.max(...windows.map((w) => w.driver.loopDelayP99Ms)),
      cpuShare: windows.reduce((sum, w) => sum + w.driver.cpuShare * w.wallMs, 0) / Math.max(1, wallMs),
    },
  };
}

export function driverMetrics(prefix: string, window: Window): Metric[] {
  const main = (window.after.threads.main ?? 0) - (window.before.threads.main ?? 0);
  return [
    { key: `${prefix}.mainThread`, label: 'server CPU on the main thread (share of the process)', unit: '%', value: window.cpuMs > 0 ? (100 * main) / window.cpuMs : Number.NaN, info: true },
    { key: `${prefix}.driverLag`, label: 'driver event-loop delay p99 (noise check)', unit: 'ms', value: window.driver.loopDelayP99Ms, info: true },
  ];
}
