/**
 * (6) A large room joining while other rooms are busy. Ten busy rooms each have a writer at
 * 60 Hz and four readers; their delivery latency is recorded throughout. Then, in a room of its
 * own: (a) upload: a client brings a 10 MB board into the empty room (its step 2 carries it
 * all); (b) warm join: a fresh client joins and is sent the 10 MB; for ours also (c) cold
 * join: everyone leaves, the room is unloaded (after the 10 s grace), and a client joins, so the
 * board is loaded from SQLite first. The peers keep documents in memory only, so they have no
 * cold case. Figures: the busy rooms' p99 and worst latency during each phase (updates sent from
 * its start until 1.5 s after it completed), against the same before any of it.
 */
import { BenchClient, closeAll, openClients, paced, sleep, withTimeout } from '../client';
import { boardUpdate } from '../boards';
import { summarize } from '../stats';
import { LatencyTracker, PenWriter, measured, type Metric, type Scenario } from './common';
import { isOurs } from '../servers';

const BUSY_ROOMS = 10;
const READERS = 4;

export const largeJoin: Scenario = {
  id: 'large',
  title: '(6) a 10 MB room joins while 10 rooms are busy',
  rounds: true,
  async run(ctx) {
    const bytes = ctx.quick ? 3_000_000 : 10_000_000;
    const board = boardUpdate(bytes, 7);
    const tracker = new LatencyTracker();
    tracker.keepTimeline = true;
    const readers = await openClients(BUSY_ROOMS * READERS, (i) => new BenchClient(ctx.server, `busy-${i % BUSY_ROOMS}`, { onUpdate: tracker.onUpdate }));
    const writers = Array.from({ length: BUSY_ROOMS }, (_, r) => new PenWriter(ctx.server, `busy-${r}`, tracker, READERS));
    await Promise.all(writers.map((writer) => writer.client.synced));
    let running = true;
    const load = (async () => {
      while (running) await paced(60 * BUSY_ROOMS, 1_000, (i) => writers[i % BUSY_ROOMS]!.tick());
    })();
    await sleep(2_000);
    tracker.recording = true;
    const phases: Array<{ name: string; from: number; to: number; took: number }> = [];
    const phase = async (name: string, body: () => Promise<void>): Promise<void> => {
      const from = performance.now();
      await withTimeout(body(), 90_000, name);
      if (process.env.BENCH_VERBOSE) ctx.log(`    large × ${ctx.server.name}: ${name} took ${(performance.now() - from).toFixed(0)} ms`);
      const took = performance.now() - from;
      await sleep(1_500);
      phases.push({ name, from, to: from + took + 1_500, took });
      await sleep(1_000);
    };
    const baselineFrom = performance.now();
    await sleep(3_000);
    phases.push({ name: 'baseline', from: baselineFrom, to: performance.now(), took: 0 });
    const window = await measured(ctx, 'large', async () => {
      let uploader: BenchClient | null = null;
      let joiner: BenchClient | null = null;
      await phase('upload', async () => {
        uploader = new BenchClient(ctx.server, 'large', { fixedState: board });
        uploader.ws.on('close', (code, reason) => ctx.log(`    large × ${ctx.server.name}: the uploader was closed: ${code} ${reason.toString()}`));
        await uploader.synced;
        // The upload is done when the board can be read back: a probe joins until it is sent it.
        for (;;) {
          const probe = new BenchClient(ctx.server, 'large');
          await probe.synced;
          const got = probe.receivedBytes;
          await probe.close();
          if (process.env.BENCH_VERBOSE) ctx.log(`    large × ${ctx.server.name}: probe got ${got} bytes`);
          if (got >= bytes * 0.9) break;
          await sleep(20);
        }
      });
      await phase('warm join', async () => {
        joiner = new BenchClient(ctx.server, 'large');
        await joiner.synced;
        if (joiner.receivedBytes < bytes * 0.9) throw new Error(`the joiner got ${joiner.receivedBytes} bytes`);
      });
      await closeAll([uploader!, joiner!]);
      if (isOurs(ctx.server.name)) {
        await sleep(12_000);
        await phase('cold join', async () => {
          const cold = new BenchClient(ctx.server, 'large');
          await cold.synced;
          if (cold.receivedBytes < bytes * 0.9) throw new Error(`the cold joiner got ${cold.receivedBytes} bytes`);
          await cold.close();
        });
      }
    });
    running = false;
    await load;
    tracker.recording = false;
    await closeAll([...readers, ...writers.map((writer) => writer.client)]);
    const metrics: Metric[] = [];
    for (const { name, from, to, took } of phases) {
      const inside = tracker.timeline.filter(([sentAt]) => sentAt >= from && sentAt <= to).map(([, latency]) => latency);
      const stats = summarize(inside);
      const key = name.replace(' ', '');
      metrics.push({ key: `large.${key}.p99`, label: `busy rooms p99, ${name}`, unit: 'ms', value: stats.p99 });
      metrics.push({ key: `large.${key}.max`, label: `busy rooms worst latency, ${name}`, unit: 'ms', value: stats.max });
      if (took > 0) metrics.push({ key: `large.${key}.took`, label: `${name} took`, unit: 'ms', value: took, info: name === 'upload' });
    }
    metrics.push({ key: 'large.cpu', label: 'server CPU over the large-room phases', unit: 'ms', value: window.cpuMs, info: true });
    return metrics;
  },
};
