/**
 * Rooms shared through Redis and PostgreSQL by instances in one process (testing/cluster.ts), with real Redis and
 * PostgreSQL started for the file: edits and presence cross instances and each change is stored once; an instance
 * reads only the rooms its clients are in, and holds nothing once they leave; a gap in what an instance read (entries
 * it never saw, a broken stream) makes that room's clients resync, and the other rooms go on.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../protocol/close-code';
import { closeAfterEach } from '../testing/cleanups';
import { startClusterInstance, type Services } from '../testing/cluster';
import { eventually } from '../testing/harness';
import { startPostgres, type RunningPostgres } from '../testing/postgres';
import { startRedis, type RunningRedis } from '../testing/redis';
import { connectRaw, fetchMetrics, metricValue } from '../testing/ws-client';
import { streamKeys } from './redis-link';

const { track } = closeAfterEach();
let redis: RunningRedis;
let postgres: RunningPostgres;
let services: Services;

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  services = { redisUrl: redis.url, databaseUrl: postgres.url };
}, 120_000);

afterAll(async () => {
  await Promise.all([redis?.destroy(), postgres?.destroy()]);
});

async function redisCommand(...args: string[]): Promise<unknown> {
  const { Redis } = await import('ioredis');
  const client = new Redis(redis.url);
  try {
    return await client.call(args[0] as string, ...args.slice(1));
  } finally {
    client.disconnect();
  }
}

// Each step waits up to 30 s: on a machine loaded by other test runs a room's load and resync took over 10 s.
describe('rooms shared through Redis and PostgreSQL', { timeout: 120_000 }, () => {
  it('carry edits and presence between instances, store each change once, and are read only where their clients are', async () => {
    const first = track(await startClusterInstance(services));
    const second = track(await startClusterInstance(services));
    const third = track(await startClusterInstance(services));
    const a = track(await connectRaw(first.server, 'shared', { presence: { name: 'Ada' } }));
    const b = track(await connectRaw(second.server, 'shared', { presence: { name: 'Bo' } }));
    a.doc.getMap('m').set('from', 'first');
    b.doc.getMap('m').set('also', 'second');
    await eventually(() => b.doc.getMap('m').get('from') === 'first' && a.doc.getMap('m').get('also') === 'second', 30_000, 'edits across instances');
    await eventually(() => a.awareness.getStates().has(b.doc.clientID) && b.awareness.getStates().has(a.doc.clientID), 30_000, 'presence across instances');
    expect(first.cluster.serverHooks.fanOut.roomIds()).toEqual(['shared']);
    // The third instance has no client in the room: it reads nothing of it.
    expect(third.cluster.serverHooks.fanOut.roomIds()).toEqual([]);
    expect(metricValue(await fetchMetrics(third.server), 'whiteboard_cluster_rooms_read')).toBe(0);
    expect(metricValue(await fetchMetrics(second.server), 'whiteboard_cluster_messages_received_total')).toBeGreaterThan(0);

    await Promise.all([first, second].map((instance) => instance.server.rooms.loaded('shared')?.flush()));
    const storage = first.cluster.serverHooks.storage;
    const stored = new Y.Doc();
    const updates = await storage.loadRoom('shared');
    for (const update of updates) Y.applyUpdate(stored, update);
    expect(stored.getMap('m').toJSON()).toEqual({ from: 'first', also: 'second' });
    expect(updates).toHaveLength(2);

    const aId = a.doc.clientID;
    await a.close();
    await eventually(() => !b.awareness.getStates().has(aId), 30_000, 'presence gone across instances');
    // Once its last client has gone (and the grace period), the first instance reads the room no more.
    await eventually(() => first.cluster.serverHooks.fanOut.roomIds().length === 0, 30_000, 'the room to be unloaded');
    expect(b.doc.getMap('m').toJSON()).toEqual({ from: 'first', also: 'second' });
  });

  it('does not publish what only its own instance would hear, and resyncs nobody when a second instance joins later', async () => {
    const first = track(await startClusterInstance(services));
    const alone = track(await connectRaw(first.server, 'alone-first'));
    for (let i = 0; i < 5; i++) alone.doc.getMap('m').set(`solo-${i}`, i);
    await first.server.rooms.loaded('alone-first')?.flush();
    // Nobody else listens: nothing was published (the instance took its own entries as read).
    expect(metricValue(await fetchMetrics(first.server), 'whiteboard_cluster_messages_received_total')).toBe(0);
    // The stream is trimmed as time would trim it: what the instance appended alone is gone from it.
    await redisCommand('XTRIM', streamKeys('alone-first')[0], 'MAXLEN', '0');
    const second = track(await startClusterInstance(services));
    const later = track(await connectRaw(second.server, 'alone-first'));
    await eventually(() => later.doc.getMap('m').get('solo-4') === 4, 30_000, 'the room from storage');
    later.doc.getMap('m').set('from-second', 1);
    alone.doc.getMap('m').set('from-first', 1);
    await eventually(() => alone.doc.getMap('m').get('from-second') === 1 && later.doc.getMap('m').get('from-first') === 1, 30_000, 'edits both ways');
    expect(alone.isOpen).toBe(true);
    expect(metricValue(await fetchMetrics(first.server), 'whiteboard_cluster_resyncs_total', { reason: 'missed' }) ?? 0).toBe(0);
  });

  it('makes the clients of a room resync when entries of its stream were missed, and lose nothing', async () => {
    const first = track(await startClusterInstance(services));
    const second = track(await startClusterInstance(services));
    const a = track(await connectRaw(first.server, 'gappy'));
    const b = track(await connectRaw(second.server, 'gappy'));
    a.doc.getMap('m').set('before', 1);
    await eventually(() => b.doc.getMap('m').get('before') === 1, 30_000, 'the first edit');
    // The stream's chain is broken as a trim or a lost entry would break it: the next entry does not follow the last read.
    await redisCommand('SET', streamKeys('gappy')[1], '1-1');
    a.doc.getMap('m').set('after', 2);
    const closed = await b.waitClosed(30_000);
    expect(closed.code).toBe(CloseCode.TryAgainLater);
    expect(metricValue(await fetchMetrics(second.server), 'whiteboard_cluster_resyncs_total', { reason: 'missed' })).toBeGreaterThan(0);
    // A client coming back to the second instance gets everything.
    const again = track(await connectRaw(second.server, 'gappy'));
    await eventually(() => again.doc.getMap('m').get('after') === 2 && again.doc.getMap('m').get('before') === 1, 30_000, 'the resynced room');
  });

  it('sets a broken room aside with a resync, and the other rooms go on', async () => {
    const first = track(await startClusterInstance(services));
    const second = track(await startClusterInstance(services));
    const brokenA = track(await connectRaw(first.server, 'broken-room'));
    const brokenB = track(await connectRaw(second.server, 'broken-room'));
    const fineA = track(await connectRaw(first.server, 'fine-room'));
    const fineB = track(await connectRaw(second.server, 'fine-room'));
    brokenA.doc.getMap('m').set('x', 1);
    await eventually(() => brokenB.doc.getMap('m').get('x') === 1, 30_000, 'the room before it breaks');
    // Something else writes a plain string where the room's stream was.
    await redisCommand('DEL', streamKeys('broken-room')[0]);
    await redisCommand('SET', streamKeys('broken-room')[0], 'not a stream');
    brokenA.doc.getMap('m').set('y', 2);
    for (let i = 0; i < 5; i++) {
      fineA.doc.getMap('m').set(`k${i}`, i);
      await eventually(() => fineB.doc.getMap('m').get(`k${i}`) === i, 30_000, `edit ${i} in the other room`);
    }
    await brokenB.waitClosed(30_000);
    expect(brokenB.closeInfo?.code).toBe(CloseCode.TryAgainLater);
    expect(fineA.isOpen && fineB.isOpen).toBe(true);
    await redisCommand('DEL', streamKeys('broken-room')[0]);
  });
});
