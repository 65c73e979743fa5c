/**
 * History in PostgreSQL storage against a real PostgreSQL 15: the same contract as SQLite and memory
 * (testing/history-contract.ts), and what only several instances can do to it: a version asked for while another
 * instance's append is in flight waits for that append and holds it; versions made from two instances while both
 * compact the same room and a third appends rebuild exactly, before and after, and nothing is lost or kept twice.
 */
import pg from 'pg';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../testing/silent-logger';
import { ALICE, BOB, boardAt, historyContract, writer } from '../testing/history-contract';
import { startPostgres, type RunningPostgres } from '../testing/postgres';
import { threadUrl } from '../testing/threads';
import { openPool } from './cluster';
import { migrateSchema } from './pg-schema';
import { PgStorage } from './pg-storage';
import { Reachability } from './reachability';
import { SnapshotMerger } from './snapshot-merger';

let postgres: RunningPostgres;
let mergeThread: URL;
const opened: PgStorage[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
  mergeThread = await threadUrl('cluster/merge-thread.ts');
  const pool = openPool(postgres.url);
  await migrateSchema(pool);
  await pool.end();
}, 120_000);

beforeEach(async () => {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  await client.query('TRUNCATE rooms, room_updates, room_snapshots, room_history, room_versions');
  await client.end();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((storage) => storage.close()));
});

afterAll(async () => {
  await postgres?.destroy();
});

/** One instance's storage; the first of each test merges in the merge thread, as instances do, the others inline. */
function openStorage(): PgStorage {
  const merger = new SnapshotMerger(opened.length === 0 ? mergeThread : null);
  const storage = new PgStorage(openPool(postgres.url), new Reachability('PostgreSQL', silentLogger()), merger);
  opened.push(storage);
  return storage;
}

describe('history in PostgreSQL storage', () => {
  historyContract(openStorage);
});

describe('history in PostgreSQL with several instances', () => {
  it('waits for an append in flight on another instance before marking a version, and the version holds it', async () => {
    const storage = openStorage();
    const alice = writer(storage, 'r', ALICE);
    await alice.set('a', 1);
    // Another instance's append, its id taken and its transaction not yet committed.
    const late = new Y.Doc();
    Y.applyUpdate(late, Y.encodeStateAsUpdate(alice.doc));
    late.getMap<number>('shapes').set('late', 2);
    const other = new pg.Client({ connectionString: postgres.url });
    await other.connect();
    let marked = false;
    try {
      await other.query('BEGIN');
      await other.query('SELECT append_updates($1::text[], $2::bytea[], $3::text[])', [['r'], [Y.encodeStateAsUpdate(late)], [JSON.stringify(BOB)]]);
      const marking = storage.addVersion('r', 1, null).then((version) => ((marked = true), version));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(marked).toBe(false);
      await other.query('COMMIT');
      const version = await marking;
      expect(version?.authors).toEqual([ALICE, BOB]);
      expect(await boardAt(storage, 'r', version?.id as number)).toEqual({ a: 1, late: 2 });
      await storage.compactRoom('r');
      expect(await boardAt(storage, 'r', version?.id as number)).toEqual({ a: 1, late: 2 });
    } finally {
      await other.end();
    }
  });

  it('keeps every version exact while two instances compact the same room at once and a third appends', async () => {
    const [first, second, third] = [openStorage(), openStorage(), openStorage()];
    const people = [writer(first, 'r', ALICE), writer(second, 'r', BOB), writer(third, 'r', null)];
    const expected = new Map<number, Record<string, number>>();
    let written = 0;
    for (let round = 0; round < 8; round++) {
      // Each person edits on their own instance, all at once; then a version, from one instance or the other.
      await Promise.all(people.map((person, p) => Promise.all(Array.from({ length: 20 }, (_, i) => person.set(`p${p}-${round}-${i % 7}`, round * 100 + i)))));
      written += 3 * 7;
      const version = await (round % 2 === 0 ? first : second).addVersion('r', round, null);
      expected.set(version?.id as number, await boardAt(third, 'r', version?.id as number));
      const appending = Promise.all(Array.from({ length: 10 }, (_, i) => people[2]?.set(`p2-during-${round}-${i}`, i)));
      written += 10;
      await Promise.all([first.compactRoom('r'), second.compactRoom('r')]);
      await appending;
    }
    for (const [id, board] of expected) expect(await boardAt(third, 'r', id)).toEqual(board);
    await first.compactRoom('r');
    for (const [id, board] of expected) expect(await boardAt(first, 'r', id)).toEqual(board);
    // Nothing lost: the history's end is the board; nothing kept twice: every position once, in order.
    const board = await boardAt(second, 'r', null);
    expect(Object.keys(board)).toHaveLength(written);
    const read = await second.readHistory('r', null);
    const positions = [...read.segments.map((s) => s.seq), ...read.log.map((e) => e.seq)];
    expect(positions).toEqual([...new Set(positions)].sort((a, b) => a - b));
    const doc = new Y.Doc();
    for (const update of await second.loadRoom('r')) Y.applyUpdate(doc, update);
    expect(doc.getMap('shapes').toJSON()).toEqual(board);
    const list = await first.listVersions('r');
    expect(list.versions.map((v) => v.id)).toEqual([...expected.keys()]);
    expect(list.bytes).toBeGreaterThan(0);
  });
});
