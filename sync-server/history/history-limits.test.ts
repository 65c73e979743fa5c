/**
 * Versions made by themselves, retention and the size cap, on a clock the test moves (testing/manual-clock.ts): a real
 * server on a loopback port, real SQLite, official y-websocket clients named in presence.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { PruneReason, type HistoryListResponse } from '../../protocol/history';
import { VERSION_HANDOFF_MS, VERSION_MAX_INTERVAL_MS, VERSION_QUIET_MS } from './history-service';
import type { SyncServer } from '../server';
import { SqliteStorage } from '../storage/sqlite-storage';
import { connectClient, serverDoc, startTestServer, synced, tokenFor, type TestClient } from '../testing/harness';
import { ManualClock } from '../testing/manual-clock';
import { VersionRecorder } from './version-recorder';

const DAY_MS = 86_400_000;
const servers: SyncServer[] = [];
const clients: TestClient[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of servers.splice(0)) await server.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('versions made by themselves', () => {
  const policy = { quietMs: VERSION_QUIET_MS, handoffMs: VERSION_HANDOFF_MS, maxIntervalMs: VERSION_MAX_INTERVAL_MS };
  const alice = { name: 'Alice', color: '#e03131' };
  const bob = { name: 'Bob', color: '#1971c2' };

  it('after a burst goes quiet, once', () => {
    const clock = new ManualClock();
    const made: number[] = [];
    const recorder = new VersionRecorder(policy, clock, () => made.push(clock.now()));
    recorder.changing(alice);
    clock.advance(VERSION_QUIET_MS - 1);
    recorder.changing(alice); // still the same burst: the quiet spell starts again
    clock.advance(VERSION_QUIET_MS - 1);
    expect(made).toEqual([]);
    clock.advance(1);
    expect(made).toEqual([2 * VERSION_QUIET_MS - 1]);
    clock.advance(10 * VERSION_QUIET_MS);
    expect(made).toHaveLength(1);
  });

  it('before someone else starts after a pause, but not while people edit together', () => {
    const clock = new ManualClock();
    const made: number[] = [];
    const recorder = new VersionRecorder(policy, clock, () => made.push(clock.now()));
    recorder.changing(alice);
    clock.advance(VERSION_HANDOFF_MS / 2);
    recorder.changing(bob); // together: no version between
    expect(made).toEqual([]);
    clock.advance(VERSION_HANDOFF_MS);
    recorder.changing(alice); // after a pause, by the other person: the version before is kept
    expect(made).toEqual([VERSION_HANDOFF_MS * 1.5]);
  });

  it('at least every few minutes while editing goes on, and when the room closes', () => {
    const clock = new ManualClock();
    const made: number[] = [];
    const recorder = new VersionRecorder(policy, clock, () => made.push(clock.now()));
    for (let t = 0; t < VERSION_MAX_INTERVAL_MS * 2; t += 1_000) {
      recorder.changing(alice);
      clock.advance(1_000);
    }
    expect(made).toEqual([VERSION_MAX_INTERVAL_MS, 2 * VERSION_MAX_INTERVAL_MS]);
    recorder.changing(alice);
    recorder.close();
    expect(made).toHaveLength(3);
    recorder.close(); // nothing changed since: no other version
    expect(made).toHaveLength(3);
  });
});

interface Limits { keepDays?: number | null; maxBytes?: number | null }

async function server(clock: ManualClock, limits: Limits, logs: string[] = []): Promise<SyncServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-history-limits-'));
  dirs.push(dir);
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, done) => void (logs.push(String(chunk)), done()) }));
  const started = await startTestServer({ storage: new SqliteStorage(dir), logger, history: { clock, ...limits }, limits: { compactAfterUpdates: 2 } });
  servers.push(started);
  return started;
}

async function list(srv: SyncServer, room: string): Promise<HistoryListResponse> {
  const response = await fetch(`${srv.url}/api/rooms/${room}/history`, { headers: { authorization: `Bearer ${tokenFor(room)}` } });
  return (await response.json()) as HistoryListResponse;
}

/** Draws, waits until the server stored it, then lets the quiet spell pass: a version. */
async function drawAndPause(srv: SyncServer, client: TestClient, clock: ManualClock, room: string, id: string, fill = 0): Promise<void> {
  client.doc.transact(() => {
    const shape = new Y.Map<unknown>();
    if (fill > 0) shape.set('picture', new Uint8Array(fill).fill(id.length));
    client.doc.getMap('shapes').set(id, shape);
  });
  // Stored: the server has it (the message may still be on its way when the client has made it).
  for (let tries = 0; !(await serverDoc(srv, room)).getMap('shapes').has(id); tries++) {
    if (tries > 200) throw new Error(`${id} never reached the server`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  clock.advance(VERSION_QUIET_MS);
  // The version lands in storage after the requests before it.
  await srv.rooms.loaded(room)?.flush();
  await new Promise((resolve) => setTimeout(resolve, 20));
}

async function alice(srv: SyncServer, room: string): Promise<TestClient> {
  const client = connectClient(srv, room);
  client.provider.awareness.setLocalStateField('user', { name: 'Alice', color: '#e03131' });
  clients.push(client);
  await synced(client);
  return client;
}

describe('retention and the size cap, on a clock the test moves', () => {
  it('forgets versions older than --history-days in the hourly sweep, keeping the newer ones whole', async () => {
    const clock = new ManualClock(Date.UTC(2030, 0, 1));
    const srv = await server(clock, { keepDays: 2 });
    const client = await alice(srv, 'kept');
    await drawAndPause(srv, client, clock, 'kept', 'monday');
    clock.advance(DAY_MS);
    await drawAndPause(srv, client, clock, 'kept', 'tuesday');
    await drawAndPause(srv, client, clock, 'kept', 'tuesday-later');
    const all = await list(srv, 'kept');
    expect(all.versions).toHaveLength(3);
    expect(all.limits.keepDays).toBe(2);
    const tuesday = all.versions[1]?.id as number;
    // Two days on, the sweep forgets Monday's version alone.
    clock.advance(DAY_MS + 3_600_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await list(srv, 'kept');
    expect(after.versions.map((v) => v.id)).toEqual(all.versions.slice(1).map((v) => v.id));
    expect(after.pruned).toEqual({ reason: PruneReason.Age, at: expect.any(Number) });
    const state = await fetch(`${srv.url}/api/rooms/kept/history/${tuesday}`, { headers: { authorization: `Bearer ${tokenFor('kept')}` } });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(await state.arrayBuffer()));
    expect([...doc.getMap('shapes').keys()].sort()).toEqual(['monday', 'tuesday']);
  });

  it('keeps a board\u2019s history under --max-history-mb, forgetting the oldest versions, and says so', async () => {
    const clock = new ManualClock(Date.UTC(2030, 0, 1));
    const logs: string[] = [];
    const srv = await server(clock, { maxBytes: 40_000 }, logs);
    const client = await alice(srv, 'capped');
    for (let i = 0; i < 12; i++) {
      // Each version replaces the board's one picture: the board stays ~5 KB, its history grows 5 KB a version.
      client.doc.transact(() => client.doc.getMap('shapes').delete(`p${i - 1}`));
      await drawAndPause(srv, client, clock, 'capped', `p${i}`, 5_000);
    }
    const result = await list(srv, 'capped');
    expect(result.limits).toMatchObject({ maxBytes: 40_000 });
    expect(result.limits.usedBytes).toBeLessThanOrEqual(40_000);
    expect(result.pruned?.reason).toBe(PruneReason.Size);
    expect(result.versions.length).toBeGreaterThan(2);
    expect(result.versions.length).toBeLessThan(12);
    expect(logs.some((line) => line.includes("a board's history reached its size cap"))).toBe(true);
    // The newest version is whole.
    const newest = result.versions[result.versions.length - 1]?.id as number;
    const state = await fetch(`${srv.url}/api/rooms/capped/history/${newest}`, { headers: { authorization: `Bearer ${tokenFor('capped')}` } });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(await state.arrayBuffer()));
    expect([...doc.getMap('shapes').keys()]).toEqual(['p11']);
  });
});
