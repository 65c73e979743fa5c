/**
 * PostgreSQL storage against a real PostgreSQL 15: the log and snapshots, link generations, migrations applied once
 * however many instances start together, and compaction that is safe with many instances: two instances compacting the
 * same room at once while a third appends lose nothing and keep nothing twice, a compaction waits for an append in
 * flight rather than cut past it, and a compaction lock held elsewhere is honoured. A stopped database is reported unreachable, and reachable again when it is back.
 */
import pg from 'pg';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../testing/silent-logger';
import { startPostgres, type RunningPostgres } from '../testing/postgres';
import { eventually } from '../testing/harness';
import { threadUrl } from '../testing/threads';
import { openPool } from './cluster';
import { COMPACTION_LOCKS, MIGRATIONS, migrateSchema } from './pg-schema';
import { PgStorage } from './pg-storage';
import { Reachability } from './reachability';
import { SnapshotMerger } from './snapshot-merger';

let postgres: RunningPostgres;
const opened: PgStorage[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
  await migrateSchema(openPool(postgres.url).on('error', () => undefined));
}, 120_000);

afterAll(async () => {
  await Promise.all(opened.map((storage) => storage.close().catch(() => undefined)));
  await postgres?.destroy();
});

async function openStorage(reachability = new Reachability('PostgreSQL', silentLogger())): Promise<PgStorage> {
  const storage = new PgStorage(openPool(postgres.url), reachability, new SnapshotMerger(await threadUrl('cluster/merge-thread.ts')));
  opened.push(storage);
  return storage;
}

/** An update adding `key` to the room's map, as a client would send it. */
function edit(key: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('m').set(key, key.length);
  return Y.encodeStateAsUpdate(doc);
}

function keysOf(updates: readonly Uint8Array[]): string[] {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return [...doc.getMap('m').keys()].sort();
}

/** Compaction locks granted right now (pg-schema.ts COMPACTION_LOCKS). */
async function compactionsHeld(client: pg.Client): Promise<number> {
  const sql = "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid::bigint = $1";
  return (await client.query<{ n: number }>(sql, [COMPACTION_LOCKS])).rows[0]?.n ?? 0;
}

async function pollUntil(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('PostgreSQL storage', () => {
  it('keeps each room\'s log in order, its link generation, and what it holds', async () => {
    const storage = await openStorage();
    expect(await storage.loadRoom('log-room')).toEqual([]);
    const updates = ['a', 'b', 'c'].map(edit);
    await Promise.all(updates.map((update) => storage.appendUpdate('log-room', update)));
    expect((await storage.loadRoom('log-room')).map((data) => Buffer.from(data))).toEqual(updates.map((data) => Buffer.from(data)));
    expect(await storage.linkGeneration('log-room')).toBe(0);
    expect(await storage.revokeLinks('log-room')).toBe(1);
    expect(await storage.revokeLinks('log-room')).toBe(2);
    expect(await (await openStorage()).linkGeneration('log-room')).toBe(2);
    expect(await storage.dataBytes()).toBeGreaterThan(0);
  });

  it('applies its migrations once when several instances start at once, and refuses a newer schema', async () => {
    const pools = Array.from({ length: 3 }, () => openPool(postgres.url));
    try {
      expect(await Promise.all(pools.map((pool) => migrateSchema(pool)))).toEqual([0, 0, 0]);
      const { rows } = await (pools[0] as pg.Pool).query('SELECT count(*)::int AS n FROM schema_migrations');
      expect(rows[0].n).toBe(MIGRATIONS.length);
      await (pools[0] as pg.Pool).query('INSERT INTO schema_migrations (version) VALUES ($1)', [MIGRATIONS.length + 1]);
      await expect(migrateSchema(pools[1] as pg.Pool)).rejects.toThrow(/newer than this server's/);
      await (pools[0] as pg.Pool).query('DELETE FROM schema_migrations WHERE version = $1', [MIGRATIONS.length + 1]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('compacts one room from two instances at once while a third appends: nothing lost, nothing kept twice', async () => {
    const [first, second, writer] = await Promise.all([openStorage(), openStorage(), openStorage()]);
    const room = 'contested';
    const written: string[] = [];
    const write = async (prefix: string, count: number): Promise<void> => {
      const keys = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
      await Promise.all(keys.map((key) => writer.appendUpdate(room, edit(key))));
      written.push(...keys);
    };
    const check = async (): Promise<void> => {
      const stored = await writer.loadRoom(room);
      expect(keysOf(stored)).toEqual([...written].sort());
      // Every entry left in the log adds something the snapshot lacks: none was merged and also kept.
      const [snapshot, ...log] = stored;
      const snapshotVector = Y.encodeStateVectorFromUpdate(snapshot as Uint8Array);
      for (const entry of log) expect(Y.diffUpdate(entry, snapshotVector).length).toBeGreaterThan(2);
    };
    // Made certain: an append of another instance is in flight (its id taken, not committed) when the first compaction
    // starts, which waits for it rather than cut past it; then the first is held just before it writes its merge (the
    // snapshots table is locked against writes), so the second runs while the first is in the middle of its work.
    const [inFlight, blocker] = [new pg.Client({ connectionString: postgres.url }), new pg.Client({ connectionString: postgres.url })];
    await Promise.all([inFlight.connect(), blocker.connect()]);
    try {
      await write('start', 300);
      await inFlight.query('BEGIN');
      await inFlight.query('SELECT append_updates($1::text[], $2::bytea[], $3::text[])', [[room], [edit('late')], [null]]);
      written.push('late');
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE room_snapshots IN EXCLUSIVE MODE');
      const firstRun = first.compact(room);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await compactionsHeld(blocker)).toBe(0); // still waiting for the append in flight
      await inFlight.query('COMMIT');
      await pollUntil(async () => (await compactionsHeld(blocker)) === 1);
      const appending = write('during', 50);
      expect(await second.compact(room)).toBe(0);
      await appending;
      await blocker.query('COMMIT');
      expect(await firstRun).toBe(301);
    } finally {
      await Promise.all([inFlight.end(), blocker.end()]);
    }
    await check();
    // And left to chance: both at once, again and again, with appends between.
    for (let round = 0; round < 5; round++) {
      const appending = write(`round${round}`, 50);
      await Promise.all([first.compact(room), second.compact(room)]);
      await appending;
      await check();
    }
  });

  it('leaves a room alone while another holds its compaction lock', async () => {
    const storage = await openStorage();
    for (const key of ['x', 'y', 'z']) await storage.appendUpdate('locked', edit(key));
    const other = new pg.Client({ connectionString: postgres.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query("SELECT pg_advisory_xact_lock($1, hashtext('locked'))", [COMPACTION_LOCKS]);
      expect(await storage.compact('locked')).toBe(0);
      expect(await storage.loadRoom('locked')).toHaveLength(3);
      await other.query('COMMIT');
      expect(await storage.compact('locked')).toBe(3);
      const stored = await storage.loadRoom('locked');
      expect(stored).toHaveLength(1);
      expect(keysOf(stored)).toEqual(['x', 'y', 'z']);
    } finally {
      await other.end();
    }
  });

  it('reports the database unreachable while it is stopped, and back once it is', async () => {
    const reachability = new Reachability('PostgreSQL', silentLogger());
    const storage = await openStorage(reachability);
    await storage.appendUpdate('outage', edit('before'));
    await postgres.stop();
    try {
      await expect(storage.appendUpdate('outage', edit('during'))).rejects.toThrow();
      expect(reachability.up).toBe(false);
      expect(reachability.report()).toMatchObject({ ok: false });
    } finally {
      await postgres.start();
    }
    await eventually(() => reachability.up, 30_000, 'the probe to find the database back');
    await storage.appendUpdate('outage', edit('after'));
    expect(keysOf(await storage.loadRoom('outage'))).toEqual(['after', 'before']);
  });
});
