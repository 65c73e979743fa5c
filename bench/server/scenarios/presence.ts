/**
 * (3) Presence storm: 50 clients in one room each move their cursor at 30 Hz (an awareness
 * update of ~90 bytes, spread evenly over the period). Server CPU over the window (share of a
 * core and per delivered message), and the latency of every delivery to the 49 others.
 */
import { BenchClient, closeAll, openClients, paced, sleep } from '../client';
import { summarize } from '../stats';
import { LatencyTracker, driverMetrics, measured, type Metric, type Scenario } from './common';

const CLIENTS = 50;
/**
 * How often each client moves its cursor: a cursor interval of 33 ms, a harder storm than the
 * app's own throttle makes (one state per 50 ms, renderer/collab/presence.ts).
 */
export const CURSOR_HZ = 30;

function cursorState(i: number, t: number): string {
  return JSON.stringify({
    user: { name: `user ${i}`, color: '#e03131' },
    cursor: { x: Math.round(500 + 400 * Math.cos(t / 10 + i)), y: Math.round(400 + 300 * Math.sin(t / 10 + i)) },
  });
}

export const presence: Scenario = {
  id: 'presence',
  title: '(3) presence storm: 50 clients, cursors at 30 Hz',
  async run(ctx) {
    const durationMs = ctx.quick ? 5_000 : 15_000;
    const tracker = new LatencyTracker();
    const clients: BenchClient[] = await openClients(CLIENTS, (i) => {
      const client: BenchClient = new BenchClient(ctx.server, 'presence', {
        presence: cursorState(i, 0),
        onAwareness: tracker.onAwarenessFor(() => client.awarenessId),
      });
      return client;
    });
    const tick = (i: number): void => {
      const client = clients[i % CLIENTS]!;
      const clock = client.setPresence(cursorState(i % CLIENTS, i));
      tracker.expect(client.awarenessId, clock, CLIENTS - 1);
    };
    await paced(CURSOR_HZ * CLIENTS, 2_000, tick);
    await tracker.drain();
    await sleep(300);
    tracker.recording = true;
    const window = await measured(ctx, 'presence', async () => {
      await paced(CURSOR_HZ * CLIENTS, durationMs, tick);
      tracker.recording = false;
      await tracker.drain();
    });
    tracker.recording = false;
    await closeAll(clients);
    const all = summarize(tracker.all);
    const last = summarize(tracker.last);
    // Not lost: when two of a client's cursor states reach the server between two flushes
    // (the driver, running late, sent them together), ours relays only the newer.
    const superseded = tracker.superseded();
    return [
      { key: 'presence.cpuShare', label: 'server CPU (share of one core)', unit: '%', value: (100 * window.cpuMs) / window.wallMs },
      { key: 'presence.cpu', label: 'server CPU per delivered cursor update', unit: 'µs', value: (window.cpuMs * 1000) / Math.max(1, tracker.all.length) },
      { key: 'presence.p50', label: 'latency p50 (every delivery)', unit: 'ms', value: all.p50 },
      { key: 'presence.p99', label: 'latency p99 (every delivery)', unit: 'ms', value: all.p99 },
      { key: 'presence.p99last', label: 'latency p99 to the last of 49', unit: 'ms', value: last.p99 },
      { key: 'presence.lost', label: 'deliveries missing', unit: '', value: tracker.missing - superseded, info: true },
      { key: 'presence.superseded', label: 'states replaced by a newer one before relaying', unit: '', value: superseded, info: true },
      ...driverMetrics('presence', window),
    ] satisfies Metric[];
  },
};
