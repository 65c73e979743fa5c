/**
 * (2) Fan-out: one writer at 60 Hz to N readers (50, then 200) in one room. Per update, the
 * latency to the last reader that got it; and the server's CPU time over the window divided by
 * the messages it delivered (updates × readers). Also run against the send floor (a relay that
 * does nothing but one `ws.send` per reader), whose CPU per delivered message is what ours' is
 * judged against.
 */
import { BenchClient, closeAll, openClients, paced, sleep } from '../client';
import { summarize } from '../stats';
import { LatencyTracker, PenWriter, driverMetrics, measured, roomWarmUpMs, warmUp, type Metric, type Scenario, type ScenarioContext } from './common';

async function fanout(ctx: ScenarioContext, readers: number): Promise<Metric[]> {
  const durationMs = ctx.quick ? 5_000 : 15_000;
  const room = `fanout-${readers}`;
  const warm = await warmUp(ctx);
  const tracker = new LatencyTracker();
  const clients = await openClients(readers, (i) =>
    new BenchClient(ctx.server, room, { onUpdate: tracker.onUpdate, presence: JSON.stringify({ user: { name: `reader ${i}`, color: '#2f9e44' }, cursor: null }) }),
  );
  const writer = new PenWriter(ctx.server, room, tracker, readers);
  await writer.client.synced;
  await paced(60, roomWarmUpMs(ctx), () => writer.tick());
  await sleep(300);
  tracker.recording = true;
  const window = await measured(ctx, `fanout${readers}`, async () => {
    await paced(60, durationMs, () => writer.tick());
    tracker.recording = false;
    await tracker.drain();
  });
  tracker.recording = false;
  await closeAll([writer.client, ...clients]);
  await warm.close();
  const last = summarize(tracker.last);
  const all = summarize(tracker.all);
  const delivered = tracker.all.length;
  const k = `fanout${readers}`;
  return [
    { key: `${k}.p50`, label: `${readers} readers: latency to last reader p50`, unit: 'ms', value: last.p50 },
    { key: `${k}.p99`, label: `${readers} readers: latency to last reader p99`, unit: 'ms', value: last.p99 },
    { key: `${k}.p99all`, label: `${readers} readers: latency p99 (every delivery)`, unit: 'ms', value: all.p99 },
    { key: `${k}.cpu`, label: `${readers} readers: server CPU per delivered message`, unit: 'µs', value: (window.cpuMs * 1000) / Math.max(1, delivered) },
    { key: `${k}.cpuShare`, label: `${readers} readers: server CPU (share of one core)`, unit: '%', value: (100 * window.cpuMs) / window.wallMs },
    { key: `${k}.lost`, label: `${readers} readers: deliveries missing`, unit: '', value: tracker.missing, info: true },
    ...driverMetrics(k, window),
  ];
}

export const fanout50: Scenario = { id: 'fanout50', title: '(2a) fan-out: 1 writer at 60 Hz to 50 readers', floor: true, rounds: true, run: (ctx) => fanout(ctx, 50) };
export const fanout200: Scenario = { id: 'fanout200', title: '(2b) fan-out: 1 writer at 60 Hz to 200 readers', floor: true, rounds: true, run: (ctx) => fanout(ctx, 200) };
