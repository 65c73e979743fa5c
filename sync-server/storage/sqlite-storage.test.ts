import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type Database from 'better-sqlite3';
import { build } from 'esbuild';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMPACTION_THREAD_NICENESS, ROOM_WORKER_THREAD_NICENESS } from '../constants';
import { CHUNKED_FROM_BYTES, CHUNK_BYTES } from './blob-chunks';
import { compactRoomLog } from './compact-room';
import { openDatabase, readLog, readSnapshot } from './sqlite-schema';
import { SqliteStorage, type SqliteStorageOptions } from './sqlite-storage';

const dirs: string[] = [];
const storages: SqliteStorage[] = [];
let workerUrl: URL;

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-sqlite-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string, withWorker = false, options: SqliteStorageOptions = {}): SqliteStorage {
  const storage = new SqliteStorage(dir, withWorker ? { compactionWorker: workerUrl, ...options } : options);
  storages.push(storage);
  return storage;
}

/** A client doc that records every update it makes. */
function recordingDoc(): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { doc, updates };
}

function restore(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

beforeAll(async () => {
  // The worker runs as its own module: compile it the way the build does.
  const outdir = tempDir();
  await build({
    entryPoints: [path.join(__dirname, 'compaction-worker.ts')],
    outfile: path.join(outdir, 'compaction-worker.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    absWorkingDir: path.join(__dirname, '../..'),
    logLevel: 'silent',
  });
  // Resolve its bare imports (yjs, better-sqlite3) from the project.
  fs.symlinkSync(path.join(__dirname, '../../node_modules'), path.join(outdir, 'node_modules'));
  workerUrl = pathToFileURL(path.join(outdir, 'compaction-worker.mjs'));
});

afterEach(async () => {
  for (const storage of storages.splice(0)) await storage.close();
  for (const dir of dirs.splice(1)) fs.rmSync(dir, { recursive: true, force: true });
});

afterAll(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('SqliteStorage', () => {
  it('returns nothing for a new room and keeps rooms apart', async () => {
    const storage = open(tempDir());
    await storage.appendUpdate('a', new Uint8Array([1, 2, 3]));
    expect(await storage.loadRoom('b')).toEqual([]);
    expect(await storage.loadRoom('a')).toEqual([new Uint8Array([1, 2, 3])]);
  });

  it('survives reopening: every appended update is there, in order', async () => {
    const dir = tempDir();
    const { doc, updates } = recordingDoc();
    const storage = open(dir);
    for (let i = 0; i < 50; i++) {
      doc.getArray<number>('items').push([i]);
      await storage.appendUpdate('room', updates[i] as Uint8Array);
    }
    await storage.close();
    const loaded = await open(dir).loadRoom('room');
    expect(loaded).toHaveLength(50);
    expect(restore(loaded).getArray('items').toArray()).toEqual(doc.getArray('items').toArray());
  });

  it.each([false, true])('compacts the log into one snapshot with the same content (worker: %s)', async (withWorker) => {
    const dir = tempDir();
    const storage = open(dir, withWorker);
    const { doc, updates } = recordingDoc();
    for (let i = 0; i < 200; i++) {
      doc.getArray<number>('items').push([i]);
      if (i % 3 === 0) doc.getText('title').insert(0, String(i % 10));
    }
    for (const update of updates) await storage.appendUpdate('room', update);
    await storage.compactRoom('room');
    expect(storage.compactsInWorker).toBe(withWorker);
    const loaded = await storage.loadRoom('room');
    expect(loaded).toHaveLength(1);
    const restored = restore(loaded);
    expect(restored.getArray('items').toArray()).toEqual(doc.getArray('items').toArray());
    expect(restored.getText('title').toString()).toBe(doc.getText('title').toString());
  });

  it('keeps updates appended after the compaction read them', async () => {
    const dir = tempDir();
    const storage = open(dir);
    const { doc, updates } = recordingDoc();
    for (let i = 0; i < 10; i++) doc.getArray<number>('items').push([i]);
    for (const update of updates) await storage.appendUpdate('room', update);
    await storage.compactRoom('room');
    doc.getArray<number>('items').push([10, 11]);
    await storage.appendUpdate('room', updates[updates.length - 1] as Uint8Array);
    const loaded = await storage.loadRoom('room');
    expect(loaded).toHaveLength(2);
    expect(restore(loaded).getArray('items').toArray()).toEqual(doc.getArray('items').toArray());
    // A second compaction folds the tail into the snapshot.
    await storage.compactRoom('room');
    expect(await storage.loadRoom('room')).toHaveLength(1);
  });

  it('never lets an older compaction overwrite a newer snapshot', async () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'race.sqlite3'));
    const { doc, updates } = recordingDoc();
    const insert = db.prepare('INSERT INTO updates (room, data) VALUES (?, ?)');
    for (let i = 0; i < 5; i++) {
      doc.getArray<number>('items').push([i]);
      insert.run('room', Buffer.from(updates[i] as Uint8Array));
    }
    // Another connection compacts first (as the worker would)...
    const other = openDatabase(path.join(dir, 'race.sqlite3'));
    expect((await compactRoomLog(other, 'room')).merged).toBe(5);
    doc.getArray<number>('items').push([5]);
    insert.run('room', Buffer.from(updates[5] as Uint8Array));
    // ...then this one compacts from its own fresh read, and must build on the other's snapshot.
    expect((await compactRoomLog(db, 'room')).merged).toBe(1);
    const snapshot = readSnapshot(db, 'room');
    expect(readLog(db, 'room', 0)).toHaveLength(0);
    expect(restore([new Uint8Array(snapshot?.data as Buffer)]).getArray('items').toArray()).toEqual([0, 1, 2, 3, 4, 5]);
    other.close();
    db.close();
  });

  it('counts link generations per room, across restarts', async () => {
    const dir = tempDir();
    const storage = open(dir);
    expect(await storage.linkGeneration('a')).toBe(0);
    expect(await storage.revokeLinks('a')).toBe(1);
    expect(await storage.revokeLinks('a')).toBe(2);
    await storage.close();
    const reopened = open(dir);
    expect(await reopened.linkGeneration('a')).toBe(2);
    expect(await reopened.linkGeneration('b')).toBe(0);
  });

  it('uses WAL, so a crashed process loses no committed append', () => {
    const dir = tempDir();
    open(dir);
    const db = openDatabase(path.join(dir, 'whiteboard.sqlite3'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});

describe('SqliteStorage and other connections', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('waits for another connection\'s write lock without blocking the event loop, in order', async () => {
    const dir = tempDir();
    const storage = open(dir);
    const other = openDatabase(storage.file);
    other.exec('BEGIN IMMEDIATE');
    let turns = 0;
    const ticker = setInterval(() => turns++, 1);
    const first = storage.appendUpdate('room', new Uint8Array([1]));
    const second = storage.appendUpdate('room', new Uint8Array([2]));
    const loaded = storage.loadRoom('room');
    expect(storage.writesWaiting).toBe(3);
    await sleep(30);
    // The event loop went on while the lock was held, and nothing was written yet.
    expect(turns).toBeGreaterThan(3);
    expect(storage.writesWaiting).toBe(3);
    other.exec('COMMIT');
    await Promise.all([first, second]);
    clearInterval(ticker);
    expect(await loaded).toEqual([new Uint8Array([1]), new Uint8Array([2])]);
    expect(storage.writesWaiting).toBe(0);
    other.close();
  });

  it('fails a write whose lock never comes free, and goes on once it does', async () => {
    const dir = tempDir();
    const storage = open(dir, false, { writeGiveUpMs: 30 });
    const other = openDatabase(storage.file);
    other.exec('BEGIN IMMEDIATE');
    await expect(storage.appendUpdate('room', new Uint8Array([1]))).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    other.exec('ROLLBACK');
    await storage.appendUpdate('room', new Uint8Array([2]));
    expect(await storage.loadRoom('room')).toEqual([new Uint8Array([2])]);
    other.close();
  });

  /** Appends `count` small updates a hundred at a time; returns the WAL file's size after. */
  async function walSizeAfterAppends(storage: SqliteStorage, count: number): Promise<number> {
    for (let i = 0; i < count; i++) {
      await storage.appendUpdate('room', new Uint8Array([i % 256, 1, 2, 3]));
      if (i % 100 === 99) await sleep(30);
    }
    return fs.statSync(`${storage.file}-wal`).size;
  }

  it('leaves WAL checkpoints to the worker: commits on the serving thread never run one', async () => {
    // The worker never gets to checkpoint: the WAL keeps growing, past SQLite's automatic
    // checkpoint at 1,000 pages.
    const idle = open(tempDir(), true, { checkpointIntervalMs: 3_600_000 });
    const idleFirst = await walSizeAfterAppends(idle, 1_000);
    expect(await walSizeAfterAppends(idle, 1_000)).toBeGreaterThan(idleFirst + 1_000 * 4096);
    // The worker checkpoints often: once it runs (it takes a moment to start), the WAL is
    // started over after each checkpoint instead of growing by another 1,000 commits.
    const busy = open(tempDir(), true, { checkpointIntervalMs: 10 });
    const busyFirst = await walSizeAfterAppends(busy, 1_000);
    expect(await walSizeAfterAppends(busy, 1_000)).toBeLessThan(busyFirst + 1_000 * 4096);
    expect(await busy.loadRoom('room')).toHaveLength(2_000);
  });

  it('swaps a compaction in on the serving connection: the low-priority worker never holds the write lock for it', async () => {
    const storage = open(tempDir(), true, { checkpointIntervalMs: 3_600_000 });
    const { doc, updates } = recordingDoc();
    for (let i = 0; i < 100; i++) doc.getArray<number>('items').push([i]);
    for (const update of updates) await storage.appendUpdate('room', update);
    // data_version changes for a connection when another connection commits (SQLite docs).
    const serving = (storage as unknown as { db: Database.Database }).db;
    const version = (): number => serving.pragma('data_version', { simple: true }) as number;
    const before = version();
    await storage.compactRoom('room');
    expect(version()).toBe(before);
    // The compaction happened, made by this connection.
    expect(await storage.loadRoom('room')).toHaveLength(1);
    expect(restore(await storage.loadRoom('room')).getArray('items').toArray()).toEqual(doc.getArray('items').toArray());
    // A write by the worker's connection would show (the check can fail).
    const other = openDatabase(storage.file);
    other.prepare('INSERT INTO updates (room, data) VALUES (?, ?)').run('other', Buffer.from([1]));
    other.close();
    expect(version()).not.toBe(before);
  });

  it('has the worker write a snapshot of more than one chunk in chunks, so the swap on the serving connection stays small', async () => {
    const storage = open(tempDir(), true);
    const { doc, updates } = recordingDoc();
    // ~400 KB that does not compress: more than one 256 KiB chunk, less than an update is chunked from.
    for (let i = 0; i < 30; i++) doc.getArray<string>('items').push([randomBytes(10_000).toString('base64')]);
    for (const update of updates) await storage.appendUpdate('room', update);
    await storage.compactRoom('room');
    const db = openDatabase(storage.file);
    try {
      const blob = db.prepare<[], { bytes: number }>("SELECT bytes FROM blobs WHERE snapshot_room = 'room'").get();
      expect(blob?.bytes).toBeGreaterThan(CHUNK_BYTES);
      expect(blob?.bytes).toBeLessThan(CHUNKED_FROM_BYTES);
      expect(db.prepare("SELECT length(data) AS n FROM snapshots WHERE room = 'room'").get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM blob_chunks').get()).toEqual({ n: Math.ceil(blob!.bytes / CHUNK_BYTES) });
    } finally {
      db.close();
    }
    const loaded = await storage.loadRoom('room');
    expect(loaded).toHaveLength(1);
    expect(restore(loaded).getArray('items').toArray()).toEqual(doc.getArray('items').toArray());
  });

  it('runs the compaction worker below the serving thread, level with a large room\'s worker', async () => {
    expect(COMPACTION_THREAD_NICENESS).toBe(ROOM_WORKER_THREAD_NICENESS);
    const lowered = (): number => niceThreads().filter((nice) => nice === COMPACTION_THREAD_NICENESS).length;
    const before = lowered();
    const storage = open(tempDir(), true);
    await storage.compactRoom('room');
    expect(lowered()).toBe(before + 1);
    expect(niceThreads()).toContain(0);
  });
});

/** The niceness of every thread of this process (field 19 of /proc/self/task/N/stat). */
function niceThreads(): number[] {
  return fs.readdirSync('/proc/self/task').map((task) => {
    const stat = fs.readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}
