/**
 * The cluster as deployed (testing/process-cluster.ts): three instances of the built server behind Debian's nginx
 * running deploy/nginx/whiteboard-cluster.conf, real Redis and PostgreSQL. Official y-websocket clients write and draw
 * (points relayed before they are applied, engine/append-lane.ts) through nginx, asking for save acks, while one instance after another is killed with SIGKILL, ten times in a row: the
 * clients of the killed instance reconnect through nginx to the others, and the killed one is started again. Afterwards
 * every client has every item, and PostgreSQL holds every item any client saw (and so every acknowledged one), once:
 * including changes a killed instance had relayed but not yet stored, which the others store for it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedDoc } from '../testing/cluster';
import { eventually } from '../testing/harness';
import { startProcessCluster, type ProcessCluster } from '../testing/process-cluster';
import type { ServerProcess } from '../testing/server-process';
import { metricValue } from '../testing/ws-client';
import { Clients, duplicates, itemsOf } from '../testing/writers';

const ROOM = 'kill-nine';
const ROUNDS = 10;
const TIMEOUT_MS = 60_000;
const WRITERS = ['w0', 'w1', 'w2'];

let cluster: ProcessCluster;
const clients = new Clients(ROOM);

beforeAll(async () => {
  cluster = await startProcessCluster();
}, 180_000);

afterAll(async () => {
  clients.destroyAll();
  await cluster?.stop();
}, 60_000);

async function connectionsOf(instance: ServerProcess): Promise<number> {
  return metricValue(await (await fetch(`${instance.url}/metrics`)).text(), 'whiteboard_connections') ?? 0;
}

async function storedItems(): Promise<string[]> {
  return itemsOf(await storedDoc(cluster.postgres.url, ROOM), WRITERS);
}

describe('a cluster behind nginx losing instances', () => {
  it('keeps everything any client saw through ten SIGKILLs of one instance or another', async () => {
    const socket = { ca: cluster.cert.cert };
    const writers = WRITERS.map((name) => clients.writer(cluster.wssUrl, name, { socket, draws: true }));
    const reader = clients.reader(cluster.wssUrl, 'reader', { socket });
    const everyone = [...writers, reader];
    await clients.allSynced(everyone, 'clients to sync through nginx', TIMEOUT_MS);
    for (const writer of writers) writer.start();

    const seenByAnyone = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const before = reader.items.length;
      await sleep(300 + ((round * 97) % 400));
      await eventually(() => reader.items.length > before + 10, TIMEOUT_MS, `edits to flow in round ${round}`);
      // The instance with the most of the clients goes.
      const held = await Promise.all(cluster.instances.map(connectionsOf));
      const victim = held.indexOf(Math.max(...held));
      expect(held[victim]).toBeGreaterThan(0);
      await cluster.kill(victim);
      for (const client of everyone) for (const item of itemsOf(client.doc, WRITERS)) seenByAnyone.add(item);
      // Its clients come back through nginx, to the others.
      await clients.allSynced(everyone, `clients to reconnect in round ${round}`, TIMEOUT_MS);
      await cluster.restart(victim);
    }
    for (const writer of writers) writer.stop();
    const everything = writers.flatMap((writer) => writer.produced);
    await clients.allSynced(everyone, 'clients to settle', TIMEOUT_MS);
    await eventually(() => everyone.every((client) => itemsOf(client.doc, WRITERS).length === everything.length), TIMEOUT_MS, 'every client to have every item');
    for (const client of everyone) {
      expect([...itemsOf(client.doc, WRITERS)].sort()).toEqual([...everything].sort());
      expect(duplicates(itemsOf(client.doc, WRITERS))).toEqual([]);
    }
    const acked = writers.flatMap((writer) => [...writer.acked]);
    expect(acked.length).toBeGreaterThan(100);
    expect(acked.some((item) => item.includes('-p')), 'points acknowledged').toBe(true);
    // In storage, not only in the running instances: everything anyone saw, once.
    const deadline = Date.now() + TIMEOUT_MS;
    let stored = await storedItems();
    while ([...seenByAnyone].some((item) => !stored.includes(item)) && Date.now() < deadline) {
      await sleep(500);
      stored = await storedItems();
    }
    expect([...seenByAnyone].filter((item) => !stored.includes(item))).toEqual([]);
    expect(acked.filter((item) => !stored.includes(item))).toEqual([]);
    expect(duplicates(stored)).toEqual([]);
  }, 600_000);
});
