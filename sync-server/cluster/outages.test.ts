/**
 * A cluster through single failures, with real Redis and PostgreSQL and instances in one process, official y-websocket
 * clients writing all the while and asking for save acks (testing/writers.ts):
 * - Redis restarted (empty) mid-session: every room resyncs, everyone converges, nothing acknowledged is lost; /healthz
 *   names Redis while it is away, and each instance's /metrics counts what crossed instances, its stream lag, resyncs;
 * - PostgreSQL stopped: writes are refused with 1013 and the documented reason, clients keep them as unsaved, nothing
 *   acknowledged is lost, and everything resumes when it is back;
 * - an instance that stops after relaying a change but before storing it: another instance stores it;
 * - an instance whose store fails after it relayed the change (PostgreSQL refuses it): the change, which the room here
 *   would replay from the stream once loaded again, is stored once the clients resync, never acknowledged before.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import * as Y from 'yjs';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../protocol/close-code';
import { UNREACHABLE_REASON } from '../data-limit';
import { GapReason } from './stream-reader';
import type { Storage } from '../storage/storage';
import { startClusterInstance, type ClusterInstance, type Services } from '../testing/cluster';
import { eventually, wsUrl } from '../testing/harness';
import { startPostgres, type RunningPostgres } from '../testing/postgres';
import { startRedis, type RunningRedis } from '../testing/redis';
import { connectRaw, metricValue } from '../testing/ws-client';
import { Clients, duplicates, type Client } from '../testing/writers';

let redis: RunningRedis;
let postgres: RunningPostgres;
let services: Services;
const instances: ClusterInstance[] = [];
let clients: Clients;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  services = { redisUrl: redis.url, databaseUrl: postgres.url };
}, 120_000);

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  clients?.destroyAll();
  await Promise.all(instances.splice(0).map((instance) => instance.close()));
});

afterAll(async () => {
  await Promise.all([redis?.destroy(), postgres?.destroy()]);
});

async function instance(wrapStorage?: (storage: Storage) => Storage): Promise<ClusterInstance> {
  const started = await startClusterInstance(services, {}, wrapStorage);
  instances.push(started);
  return started;
}

/** The items PostgreSQL holds for the room, read as a new instance would load it. */
async function storedItems(storage: Storage, room: string): Promise<string[]> {
  const doc = new Y.Doc();
  for (const update of await storage.loadRoom(room)) Y.applyUpdate(doc, update);
  return doc.getArray<string>('items').toArray();
}

async function storedEventually(storage: Storage, room: string, expected: readonly string[], what: string): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const stored = await storedItems(storage, room).catch((): string[] => []);
    if (expected.every((item) => stored.includes(item))) return stored;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: missing ${expected.filter((item) => !stored.includes(item)).slice(0, 5).join(', ')}`);
    await sleep(200);
  }
}

async function converge(list: readonly Client[], everything: readonly string[]): Promise<void> {
  await clients.allSynced(list, 'every client to be connected and synced', 60_000);
  await eventually(() => list.every((client) => client.items.length === everything.length), 60_000, 'every client to have every item');
  const first = (list[0] as Client).items.toArray();
  expect([...first].sort()).toEqual([...everything].sort());
  expect(duplicates(first)).toEqual([]);
  for (const client of list) expect(client.items.toArray()).toEqual(first);
}

describe('a cluster through single failures', () => {
  it('converges after Redis is restarted mid-session, and loses nothing acknowledged', async () => {
    clients = new Clients('redis-restart');
    const nodes = [await instance(), await instance(), await instance()];
    const writers = nodes.map((node, i) => clients.writer(wsUrl(node.server), `w${i}`));
    const reader = clients.reader(wsUrl(nodes[0]!.server), 'reader');
    await clients.allSynced([...writers, reader], 'clients to sync');
    for (const writer of writers) writer.start();
    await eventually(() => reader.items.length > 100, 30_000, 'edits to flow across instances');

    const healthy = await fetch(`${nodes[1]!.server.url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toMatchObject({ status: 'ok', redis: { ok: true }, postgres: { ok: true }, roomsRead: 1 });
    await redis.stop();
    let away = await fetch(`${nodes[1]!.server.url}/healthz`);
    for (let tries = 0; away.status !== 503 && tries < 100; tries++) away = await sleep(100).then(() => fetch(`${nodes[1]!.server.url}/healthz`));
    expect(away.status).toBe(503);
    expect(await away.json()).toMatchObject({ status: 'unavailable', redis: { ok: false }, postgres: { ok: true } });
    await sleep(1_000); // writers go on; instances cannot relay meanwhile
    await redis.start();
    await eventually(() => writers.every((writer) => writer.acked.size > 0) && reader.items.length > 400, 60_000, 'edits to flow again');
    for (const writer of writers) writer.stop();
    const everything = writers.flatMap((writer) => writer.produced);
    await converge([...writers, reader], everything);
    const acked = writers.flatMap((writer) => [...writer.acked]);
    expect(acked.length).toBeGreaterThan(100);
    const stored = await storedEventually(nodes[0]!.cluster.serverHooks.storage, 'redis-restart', everything, 'every item to be stored');
    expect(acked.filter((item) => !stored.includes(item))).toEqual([]);
    expect(duplicates(stored)).toEqual([]);
    // Each instance's own figures: messages both ways through Redis, how late it read them, and the resyncs the
    // emptied streams caused somewhere.
    const scraped = await Promise.all(nodes.map(async (node) => (await fetch(`${node.server.url}/metrics`)).text()));
    for (const text of scraped) {
      expect(metricValue(text, 'whiteboard_cluster_messages_published_total')).toBeGreaterThan(0);
      expect(metricValue(text, 'whiteboard_cluster_messages_received_total')).toBeGreaterThan(0);
      expect(metricValue(text, 'whiteboard_cluster_stream_lag_seconds_count')).toBeGreaterThan(0);
      expect(metricValue(text, 'whiteboard_cluster_redis_up')).toBe(1);
    }
    const resyncs = (text: string) => Object.values(GapReason).reduce((sum, reason) => sum + (metricValue(text, 'whiteboard_cluster_resyncs_total', { reason }) ?? 0), 0);
    expect(scraped.reduce((sum, text) => sum + resyncs(text), 0)).toBeGreaterThan(0);
  }, 180_000);

  it('refuses writes with 1013 while PostgreSQL is stopped, keeps them on the clients, and stores them when it is back', async () => {
    clients = new Clients('pg-outage');
    const [first, second] = [await instance(), await instance()];
    const writer = clients.writer(wsUrl(first.server), 'w0');
    const reader = clients.reader(wsUrl(second.server), 'reader');
    const closes: Array<{ code: number; reason: string }> = [];
    writer.provider.on('connection-close', (event: { code: number; reason: string } | null) => event && closes.push({ code: event.code, reason: event.reason }));
    await clients.allSynced([writer, reader], 'clients to sync');
    writer.start();
    await eventually(() => writer.acked.size > 50, 30_000, 'acked edits before the outage');
    const probe = await connectRaw(second.server, 'pg-outage');
    // The writer pauses over the stop itself: an append in flight then fails, and every instance resyncs its clients
    // (another test covers that); this one is about writes refused while the database is away.
    writer.stop();
    await eventually(() => writer.acked.size === writer.produced.length, 30_000, 'every edit stored before the outage');

    await postgres.stop();
    try {
      // A write to the instance that did not store anything yet is refused too, with the documented code and reason.
      await eventually(() => [first, second].every(({ cluster }) => !cluster.serverHooks.health().postgres.ok), 30_000, 'both instances to notice');
      probe.doc.getMap('m').set('during', 'outage');
      const refused = await probe.waitClosed(30_000);
      expect(refused).toEqual({ code: CloseCode.TryAgainLater, reason: UNREACHABLE_REASON });
      writer.start();
      await eventually(() => closes.some((close) => close.code === CloseCode.TryAgainLater && close.reason === UNREACHABLE_REASON), 30_000, 'the writer to be refused');
      const healthz = await fetch(`${first.server.url}/healthz`);
      expect(healthz.status).toBe(503);
      expect(await healthz.json()).toMatchObject({ status: 'unavailable', postgres: { ok: false }, redis: { ok: true } });
      const ackedDuring = writer.acked.size;
      await sleep(1_000);
      // Nothing is acknowledged while nothing can be stored; the writer keeps drawing.
      expect(writer.acked.size).toBe(ackedDuring);
      expect(writer.produced.length).toBeGreaterThan(ackedDuring);
    } finally {
      await probe.close();
      await postgres.start();
    }
    await eventually(() => writer.acked.size === writer.produced.length, 60_000, 'the writer\'s edits to be stored once the database is back');
    writer.stop();
    await eventually(() => writer.acked.size === writer.produced.length, 60_000, 'the last edits to be stored');
    await converge([writer, reader], writer.produced);
    const stored = await storedItems(first.cluster.serverHooks.storage, 'pg-outage');
    expect([...stored].sort()).toEqual([...writer.produced].sort());
  }, 180_000);

  it('stores a change relayed by an instance that stopped before storing it', async () => {
    clients = new Clients('orphan');
    const held = new Promise<void>((resolve) => cleanups.push(resolve));
    // This instance relays but never commits: as if it died between the two.
    const neverStores = (storage: Storage): Storage => ({
      loadRoom: (room) => storage.loadRoom(room),
      appendUpdate: () => held,
      compactRoom: async () => undefined,
      linkGeneration: (room) => storage.linkGeneration(room),
      revokeLinks: (room) => storage.revokeLinks(room),
      dataBytes: () => storage.dataBytes(),
      addVersion: async () => null,
      listVersions: (room) => storage.listVersions(room),
      readHistory: (room, upto) => storage.readHistory(room, upto),
      pruneHistory: async () => 0,
      close: () => storage.close(),
    });
    const dying = await instance(neverStores);
    const survivor = await instance();
    const writer = clients.writer(wsUrl(dying.server), 'doomed');
    const reader = clients.reader(wsUrl(survivor.server), 'reader');
    await clients.allSynced([writer, reader], 'clients to sync');
    for (let i = 0; i < 3; i++) writer.write();
    await eventually(() => reader.items.length === 3, 30_000, 'the changes to be relayed');
    expect(writer.acked.size).toBe(0);
    clients.destroy(writer);
    await dying.cluster.close(); // its liveness lapses; its server never stores what it was given
    const stored = await storedEventually(survivor.cluster.serverHooks.storage, 'orphan', writer.produced, 'the survivor to store the changes');
    expect(duplicates(stored)).toEqual([]);
  }, 120_000);

  it('stores a change whose store failed after it was relayed, before acknowledging it', async () => {
    clients = new Clients('store-fails');
    const [first, second] = [await instance(), await instance()];
    const writer = clients.writer(wsUrl(first.server), 'w0');
    const reader = clients.reader(wsUrl(second.server), 'reader');
    await clients.allSynced([writer, reader], 'clients to sync');
    writer.start();
    await eventually(() => writer.acked.size > 20, 30_000, 'acked edits before the failures');
    // PostgreSQL refuses this room's appends (an error of the statement, not of the connection: the instances stay
    // up), after the instance relayed them.
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    try {
      await admin.query(`CREATE FUNCTION refuse_room() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.room = 'store-fails' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
      await admin.query('CREATE TRIGGER refuse_room BEFORE INSERT ON room_updates FOR EACH ROW EXECUTE FUNCTION refuse_room()');
      const producedBefore = writer.produced.length;
      await eventually(() => writer.produced.length > producedBefore + 20 && reader.items.length > producedBefore, 30_000, 'changes relayed while refused');
    } finally {
      await admin.query('DROP TRIGGER IF EXISTS refuse_room ON room_updates').catch(() => undefined);
      await admin.end();
    }
    await eventually(() => writer.acked.size === writer.produced.length, 60_000, 'the writer\'s edits to be stored');
    writer.stop();
    await eventually(() => writer.acked.size === writer.produced.length, 60_000, 'the last edits to be stored');
    await converge([writer, reader], writer.produced);
    const stored = await storedItems(first.cluster.serverHooks.storage, 'store-fails');
    expect([...writer.acked].filter((item) => !stored.includes(item))).toEqual([]);
    expect([...stored].sort()).toEqual([...writer.produced].sort());
  }, 180_000);
});
