/**
 * (1) Propagation: two clients in one room, each drawing (one small update per tick) at 60 Hz,
 * half a period apart; the latency of every update to the other client, from the moment the
 * sender hands it to its socket to the moment the receiver has parsed it.
 */
import { summarize } from '../stats';
import { LatencyTracker, PenPair, driverMetrics, measured, roomWarmUpMs, warmUp, type Metric, type Scenario } from './common';

/** Both writers together: 60 Hz each. */
const RATE_HZ = 120;

export const propagation: Scenario = {
  id: 'propagation',
  title: '(1) propagation: 2 clients, 60 Hz each',
  rounds: true,
  async run(ctx) {
    const durationMs = ctx.quick ? 5_000 : 20_000;
    const warm = await warmUp(ctx);
    const tracker = new LatencyTracker();
    const pair = new PenPair(ctx.server, 'prop', tracker);
    await pair.synced();
    // Warm up this room's connections too, then measure.
    await pair.draw(RATE_HZ, (RATE_HZ * roomWarmUpMs(ctx)) / 1000);
    await tracker.drain();
    tracker.recording = true;
    const window = await measured(ctx, 'propagation', async () => {
      await pair.draw(RATE_HZ, (RATE_HZ * durationMs) / 1000);
      tracker.recording = false;
      await tracker.drain();
    });
    tracker.recording = false;
    await pair.close();
    await warm.close();
    const latency = summarize(tracker.all);
    const deliveries = tracker.all.length;
    return [
      { key: 'prop.p50', label: 'latency p50', unit: 'ms', value: latency.p50 },
      { key: 'prop.p99', label: 'latency p99', unit: 'ms', value: latency.p99 },
      { key: 'prop.cpu', label: 'server CPU per delivered update', unit: 'µs', value: (window.cpuMs * 1000) / Math.max(1, deliveries) },
      { key: 'prop.lost', label: 'updates not delivered', unit: '', value: tracker.missing, info: true },
      ...driverMetrics('prop', window),
    ] satisfies Metric[];
  },
};
