/**
 * (5) Churn: 30 rooms each hold a ~100 KB board (one connection keeps each room open, so the
 * in-memory peers keep their documents); then 300 clients (10 per room) join at once, sync,
 * make one edit, and leave; five times. Time to resync: from the first connect until all 300
 * have their step 2 (and the p99 of one client's connect-to-synced). Retained memory: the
 * server's RSS after a full GC once everyone has left, minus the same before the first wave.
 */
import * as Y from 'yjs';
import { BenchClient, closeAll, openClients, sleep } from '../client';
import { boardUpdate } from '../boards';
import { summarize } from '../stats';
import { driverMetrics, measured, type Metric, type Scenario, type Window } from './common';

const KB = 1024;

export const churn: Scenario = {
  id: 'churn',
  title: '(5) churn: 300 clients join, sync and leave, 5 times',
  async run(ctx) {
    const rooms = ctx.quick ? 10 : 30;
    const clients = ctx.quick ? 100 : 300;
    const waves = ctx.quick ? 2 : 5;
    const holders = await openClients(rooms, (r) => new BenchClient(ctx.server, `churn-${r}`, { fixedState: boardUpdate(100_000, 100 + r) }), 20);
    await sleep(1_000);
    const before = await ctx.server.stats(true);
    const waveMs: number[] = [];
    const syncMs: number[] = [];
    const retained: number[] = [];
    const retainedHeap: number[] = [];
    let cpuMs = 0;
    let lastWindow: Window | undefined;
    for (let wave = 0; wave < waves; wave++) {
      let joined: BenchClient[] = [];
      // Inside the window: the probe's round trips before and after it are not the joiners' time.
      let start = 0;
      lastWindow = await measured(ctx, `churn-${wave}`, async () => {
        start = performance.now();
        joined = await openClients(
          clients,
          (i) => {
            const doc = new Y.Doc();
            doc.getMap('shapes').set(`w${wave}-c${i}`, new Y.Map());
            return new BenchClient(ctx.server, `churn-${i % rooms}`, { doc, presence: JSON.stringify({ user: { name: `visitor ${i}`, color: '#f08c00' }, cursor: null }) });
          },
          clients,
        );
      });
      waveMs.push(lastWindow.wallMs);
      cpuMs += lastWindow.cpuMs;
      for (const client of joined) syncMs.push(client.syncedAt - start);
      await sleep(200);
      await closeAll(joined);
      await sleep(1_000);
      const after = await ctx.server.stats(true);
      retained.push(after.rss - before.rss);
      retainedHeap.push(after.heapUsed + after.external - before.heapUsed - before.external);
    }
    await closeAll(holders);
    const sync = summarize(syncMs);
    return [
      { key: 'churn.wave', label: `time for ${clients} to join and sync (mean of ${waves} waves)`, unit: 'ms', value: waveMs.reduce((a, b) => a + b, 0) / waves },
      { key: 'churn.p99', label: 'one client connect→synced p99', unit: 'ms', value: sync.p99 },
      { key: 'churn.cpu', label: 'server CPU per joiner', unit: 'ms', value: cpuMs / (waves * clients) },
      { key: 'churn.retained', label: `RSS retained after the last wave left`, unit: 'MB', value: retained[retained.length - 1]! / KB / KB },
      { key: 'churn.retainedHeap', label: 'JS heap + external retained after the last wave', unit: 'MB', value: retainedHeap[retainedHeap.length - 1]! / KB / KB },
      { key: 'churn.retainedMax', label: 'RSS retained, worst wave', unit: 'MB', value: Math.max(...retained) / KB / KB, info: true },
      ...driverMetrics('churn', lastWindow!),
    ] satisfies Metric[];
  },
};
