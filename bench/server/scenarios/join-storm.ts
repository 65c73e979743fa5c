/**
 * (7) Join storm: a class opens the same board at once. One room holds a ~1 MB board; 40 fresh
 * clients connect to it at the same moment, three times (leaving in between). Measured: the time
 * until all 40 have their step 2 (mean of the waves), one client's connect→synced p99, and the
 * server's CPU time per joiner. Every joiner lacks the whole board, so each is owed the same
 * bytes: a server that encodes the board per joiner pays 40 encodes a wave.
 */
import { BenchClient, closeAll, openClients, sleep } from '../client';
import { boardUpdate } from '../boards';
import { summarize } from '../stats';
import { measured, type Metric, type Scenario } from './common';

const ROOM = 'storm';

export const joinStorm: Scenario = {
  id: 'storm',
  title: '(7) join storm: 40 clients open a ~1 MB board at once, 3 times',
  async run(ctx) {
    const boardBytes = ctx.quick ? 300_000 : 1_000_000;
    const joiners = ctx.quick ? 20 : 40;
    const waves = 3;
    const holder = new BenchClient(ctx.server, ROOM, { fixedState: boardUpdate(boardBytes, 7) });
    await holder.synced;
    // The board is in when a probe is sent it.
    for (;;) {
      const probe = new BenchClient(ctx.server, ROOM);
      await probe.synced;
      const got = probe.receivedBytes;
      await probe.close();
      if (got >= boardBytes * 0.9) break;
      await sleep(200);
    }
    const waveMs: number[] = [];
    const syncMs: number[] = [];
    let cpuMs = 0;
    let received = 0;
    for (let wave = 0; wave < waves; wave++) {
      await sleep(500);
      let joined: BenchClient[] = [];
      const start = performance.now();
      const window = await measured(ctx, `storm-${wave}`, async () => {
        joined = await openClients(joiners, () => new BenchClient(ctx.server, ROOM), joiners);
      });
      waveMs.push(window.wallMs);
      cpuMs += window.cpuMs;
      for (const client of joined) {
        syncMs.push(client.syncedAt - start);
        received += client.receivedBytes;
      }
      await closeAll(joined);
    }
    await closeAll([holder]);
    const perJoiner = received / (waves * joiners);
    if (perJoiner < boardBytes * 0.9) throw new Error(`joiners were sent ${perJoiner} bytes each, not the board`);
    return [
      { key: 'storm.wave', label: `time for ${joiners} to open the board (mean of ${waves})`, unit: 'ms', value: waveMs.reduce((a, b) => a + b, 0) / waves },
      { key: 'storm.p99', label: 'one client connect→synced p99', unit: 'ms', value: summarize(syncMs).p99 },
      { key: 'storm.cpu', label: 'server CPU per joiner', unit: 'ms', value: cpuMs / (waves * joiners) },
      { key: 'storm.bytes', label: 'bytes each joiner was sent', unit: 'KB', value: perJoiner / 1024, info: true },
    ] satisfies Metric[];
  },
};
