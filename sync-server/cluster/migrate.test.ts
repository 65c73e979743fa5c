/**
 * `whiteboard-server migrate --from <data dir> --to postgres://…`, as an operator runs it: an embedded server (the
 * built CLI, generating its own secret.key) gets boards through its room API and clients, one board's links revoked,
 * compacted on shutdown and written to again (so rooms have snapshots and logs); then its data directory is migrated
 * into a real PostgreSQL. Every board's encoded state is identical, so is its history (every version, with when, who
 * and its name, rebuilding the same board), and every old link works on a cluster instance
 * started with that directory's secret (the revoked one is refused, its new link works). Running it again moves
 * nothing twice; an instance with another secret is refused at start.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInviteLink } from '../../protocol/invite-link';
import type { RoomLinksResponse } from '../../protocol/room-api';
import { silentLogger } from '../testing/silent-logger';
import { historyParts } from '../history/rebuild';
import type { HistoryRead } from '../history/segments';
import { SqliteStore } from '../storage/sqlite-store';
import { DATABASE_FILE_NAME, openDatabase } from '../storage/sqlite-schema';
import { storedDoc } from '../testing/cluster';
import { runCli, startCliServer, type CliServer } from '../testing/cli-server';
import { eventually, providerClient, synced, type TestClient } from '../testing/harness';
import { startPostgres, type RunningPostgres } from '../testing/postgres';
import { startRedis, type RunningRedis } from '../testing/redis';
import { startServerProcess } from '../testing/server-process';
import { upgradeStatus } from '../testing/ws-client';
import { openPool } from './cluster';
import { PgStorage } from './pg-storage';
import { Reachability } from './reachability';
import { SnapshotMerger } from './snapshot-merger';

const BOARDS = 4;
let dir: string;
let redis: RunningRedis;
let postgres: RunningPostgres;
const stops: Array<() => unknown> = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-migrate-'));
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
}, 120_000);

afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await Promise.all([redis?.destroy(), postgres?.destroy()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

function tokenOf(link: string): { room: string; token: string } {
  const parsed = parseInviteLink(link);
  if (!parsed.ok) throw new Error(parsed.error);
  return { room: parsed.invite.room, token: parsed.invite.token };
}

function connect(url: string, link: string): TestClient {
  const { room, token } = tokenOf(link);
  const client = providerClient(url.replace(/^http/, 'ws'), room, token);
  stops.push(() => client.destroy());
  return client;
}

async function post(url: string, token: string | null): Promise<RoomLinksResponse> {
  const response = await fetch(url, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (response.status >= 300) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as RoomLinksResponse;
}

async function draw(server: CliServer, link: string, prefix: string, count: number): Promise<void> {
  const client = connect(server.url, link);
  await synced(client);
  for (let i = 0; i < count; i++) client.doc.getArray<string>('strokes').push([`${prefix}-${i}`]);
  // A reader on a fresh connection sees them once the server has them.
  const check = connect(server.url, link);
  await eventually(() => check.doc.getArray('strokes').toArray().filter((item) => String(item).startsWith(prefix)).length === count, 20_000, 'the drawing');
  client.destroy();
  check.destroy();
}

/** Each room's encoded state as the embedded server's database holds it. */
function sqliteStates(dataDir: string): Map<string, Uint8Array> {
  const store = new SqliteStore(path.join(dataDir, DATABASE_FILE_NAME));
  const db = openDatabase(path.join(dataDir, DATABASE_FILE_NAME));
  try {
    const rooms = new Map<string, Uint8Array>();
    for (const { room } of db.prepare<[], { room: string }>('SELECT room FROM updates UNION SELECT room FROM snapshots').all()) {
      const doc = new Y.Doc();
      for (const update of store.loadRoom(room)) Y.applyUpdate(doc, update);
      rooms.set(room, Y.encodeStateAsUpdate(doc));
    }
    return rooms;
  } finally {
    db.close();
    store.close();
  }
}

function stateOf(read: HistoryRead): Buffer {
  const doc = new Y.Doc();
  for (const part of historyParts(read)) Y.applyUpdate(doc, part.update);
  return Buffer.from(Y.encodeStateAsUpdate(doc));
}

/** Every version of every room, compared between the data directory and PostgreSQL; resolves to how many. */
async function compareHistories(dataDir: string, databaseUrl: string, rooms: Iterable<string>): Promise<number> {
  const sqlite = new SqliteStore(path.join(dataDir, DATABASE_FILE_NAME));
  const cluster = new PgStorage(openPool(databaseUrl), new Reachability('PostgreSQL', silentLogger()), new SnapshotMerger(null));
  let compared = 0;
  try {
    for (const room of rooms) {
      const [old, moved] = [sqlite.listVersions(room), await cluster.listVersions(room)];
      const described = (list: typeof old) => list.versions.map(({ at, name, authors }) => ({ at, name, authors }));
      expect(described(moved)).toEqual(described(old));
      for (const [i, version] of old.versions.entries()) {
        expect(stateOf(await cluster.readHistory(room, moved.versions[i]?.id as number))).toEqual(stateOf(sqlite.readHistory(room, version.id)));
        compared++;
      }
      expect(stateOf(await cluster.readHistory(room, null))).toEqual(stateOf(sqlite.readHistory(room, null)));
    }
  } finally {
    sqlite.close();
    await cluster.close();
  }
  return compared;
}

describe('migrating a data directory into a cluster', () => {
  it('moves every board identically, and every old link still works', async () => {
    const dataDir = path.join(dir, 'embedded');
    let embedded = await startCliServer({ dataDir, generatedSecret: true });
    const boards = await Promise.all(Array.from({ length: BOARDS }, () => post(`${embedded.url}/api/rooms`, null)));
    const links = boards.map((board) => board.links);
    for (const [i, board] of links.entries()) await draw(embedded, board.editor?.web ?? '', `first-${i}`, 20 + i);
    // The last board's links are revoked: its old links are refused, its new ones work.
    const revokedOld = links[BOARDS - 1]?.editor?.web ?? '';
    const renewed = await post(`${embedded.url}/api/rooms/${tokenOf(revokedOld).room}/revoke`, tokenOf(revokedOld).token);
    await embedded.stop(); // compacts every room into a snapshot
    embedded = await startCliServer({ dataDir, generatedSecret: true });
    // More after the snapshots, so the rooms have a log as well; the first board is left as it was.
    for (const [i, board] of links.slice(1, -1).entries()) await draw(embedded, board.editor?.web ?? '', `second-${i}`, 5);
    await draw(embedded, renewed.links.editor?.web ?? '', 'renewed', 3);
    await embedded.stop();
    const before = sqliteStates(dataDir);
    expect(before.size).toBe(BOARDS);

    const moved = await runCli(['migrate', '--from', dataDir, '--to', postgres.url]);
    expect(moved.stderr).toBe('');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain(`Moved ${BOARDS} board(s)`);
    expect(moved.stdout).toContain('1 room(s) with revoked links');
    for (const [room, state] of before) expect(Buffer.from(Y.encodeStateAsUpdate(await storedDoc(postgres.url, room)))).toEqual(Buffer.from(state));
    expect(await compareHistories(dataDir, postgres.url, before.keys())).toBeGreaterThan(0);

    // Again: nothing is moved twice.
    const again = await runCli(['migrate', '--from', dataDir, '--to', postgres.url]);
    expect(again.stdout).toContain('Moved 0 board(s)');
    expect(again.stdout).toContain(`Left ${BOARDS} room(s) alone`);

    // A cluster instance with the data directory's secret (its secret.key, in its --data).
    const instance = await startCliServer({ dataDir, generatedSecret: true, args: ['--redis-url', redis.url, '--database-url', postgres.url] });
    stops.push(() => instance.stop());
    expect(instance.output()).toContain('cluster instance');
    const wsUrl = instance.url.replace(/^http/, 'ws');
    for (const board of links.slice(0, -1)) {
      for (const link of [board.editor?.web ?? '', board.viewer.web]) {
        const { room, token } = tokenOf(link);
        expect(await upgradeStatus(`${wsUrl}/${room}?token=${token}`)).toBe(101);
        const client = connect(instance.url, link);
        await synced(client);
        expect(Buffer.from(Y.encodeStateAsUpdate(client.doc))).toEqual(Buffer.from(before.get(room) as Uint8Array));
        client.destroy();
      }
    }
    const { room: revokedRoom, token: oldToken } = tokenOf(revokedOld);
    expect(await upgradeStatus(`${wsUrl}/${revokedRoom}?token=${oldToken}`)).toBe(403);
    expect(await upgradeStatus(`${wsUrl}/${revokedRoom}?token=${tokenOf(renewed.links.viewer.web).token}`)).toBe(101);

    // An instance started with another secret is refused: no link would work on it.
    const stranger = await startServerProcess({ dataDir: path.join(dir, 'stranger'), args: ['--redis-url', redis.url, '--database-url', postgres.url] }).then(
      (started) => {
        stops.push(() => started.stop());
        return 'started';
      },
      (error: Error) => error.message,
    );
    expect(stranger).toMatch(/signing secret is not the one the cluster uses/);
  }, 240_000);
});
