import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHUNKED_FROM_BYTES, CHUNK_BYTES } from './blob-chunks';
import { openDatabase } from './sqlite-schema';
import { SqliteStorage, type SqliteStorageOptions } from './sqlite-storage';

const ROOT = path.join(__dirname, '../..');
const dirs: string[] = [];
const storages: SqliteStorage[] = [];
const databases: Database.Database[] = [];
let buildDir: string;

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-chunks-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string, options: SqliteStorageOptions = {}): SqliteStorage {
  const storage = new SqliteStorage(dir, options);
  storages.push(storage);
  return storage;
}

function openWithWorker(dir: string): SqliteStorage {
  return open(dir, { compactionWorker: pathToFileURL(path.join(buildDir, 'compaction-worker.mjs')) });
}

/** A second connection to look at the raw tables. */
function raw(dir: string): Database.Database {
  const db = openDatabase(path.join(dir, 'whiteboard.sqlite3'));
  databases.push(db);
  return db;
}

function count(db: Database.Database, sql: string, ...params: unknown[]): number {
  return db.prepare(sql).pluck().get(...params) as number;
}

/** One update inserting `chars` characters of text at `index` (a Yjs update of about that size). */
function textUpdate(doc: Y.Doc, index: number, chars: number, fill: string): Uint8Array {
  let update: Uint8Array | null = null;
  const capture = (bytes: Uint8Array): void => {
    update = bytes;
  };
  doc.on('update', capture);
  doc.getText('t').insert(index, fill.repeat(Math.ceil(chars / fill.length)).slice(0, chars));
  doc.off('update', capture);
  return update as unknown as Uint8Array;
}

/** Fingerprints of stored updates: comparing megabytes with toEqual takes seconds. */
function digests(updates: Uint8Array[]): string[] {
  return updates.map((update) => `${update.length}:${createHash('sha256').update(update).digest('hex')}`);
}

function text(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

beforeAll(async () => {
  buildDir = tempDir();
  const common = { bundle: true, format: 'esm', platform: 'node', packages: 'external', absWorkingDir: ROOT, logLevel: 'silent' } as const;
  await build({ ...common, entryPoints: [path.join(__dirname, 'compaction-worker.ts')], outfile: path.join(buildDir, 'compaction-worker.mjs') });
  // A writer that dies (SIGKILL, as in a crash) inside the transaction of its third chunk.
  await build({
    ...common,
    stdin: {
      contents: `
        import { SqliteStorage } from './sqlite-storage';
        const storage = new SqliteStorage(process.argv[2], {
          chunkHooks: { insideChunk: (index) => { if (index === 2) process.kill(process.pid, 'SIGKILL'); } },
        });
        await storage.appendUpdate('room', new Uint8Array(${CHUNK_BYTES * 6}).fill(7));`,
      resolveDir: __dirname,
      loader: 'ts',
    },
    outfile: path.join(buildDir, 'crashing-writer.mjs'),
  });
  // Resolve their bare imports (yjs, better-sqlite3) from the project.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(buildDir, 'node_modules'));
});

afterEach(async () => {
  for (const storage of storages.splice(0)) await storage.close();
  for (const db of databases.splice(0)) db.close();
  for (const dir of dirs.splice(1)) fs.rmSync(dir, { recursive: true, force: true });
});

afterAll(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('chunked blobs', () => {
  it('stores a large update and a large snapshot in chunks and reads them back whole after reopening', async () => {
    const dir = tempDir();
    const doc = new Y.Doc();
    const small = textUpdate(doc, 0, 100, 'a');
    const large = textUpdate(doc, 50, 3 * 1024 * 1024, 'xyz');
    expect(large.length).toBeGreaterThan(CHUNKED_FROM_BYTES);
    const storage = open(dir);
    await storage.appendUpdate('room', small);
    await storage.appendUpdate('room', large);
    const db = raw(dir);
    expect(count(db, 'SELECT count(*) FROM updates WHERE length(data) = 0')).toBe(1);
    expect(count(db, 'SELECT count(*) FROM blob_chunks')).toBe(Math.ceil(large.length / CHUNK_BYTES));
    await storage.close();

    const reopened = open(dir);
    expect(digests(await reopened.loadRoom('room'))).toEqual(digests([small, large]));
    await reopened.compactRoom('room');
    await reopened.close();

    const loaded = await open(dir).loadRoom('room');
    expect(loaded).toHaveLength(1);
    expect(text(loaded)).toBe(doc.getText('t').toString());
    // The snapshot is chunked; the log's chunks went with the log.
    expect(count(db, 'SELECT length(data) FROM snapshots WHERE room = ?', 'room')).toBe(0);
    expect(count(db, 'SELECT count(*) FROM updates')).toBe(0);
    expect(count(db, 'SELECT count(*) FROM blobs')).toBe(1);
    expect(count(db, 'SELECT count(*) FROM blob_chunks')).toBe(Math.ceil((loaded[0] as Uint8Array).length / CHUNK_BYTES));
  });

  it.each([false, true])('compacts a log with chunked updates in it (worker: %s)', async (withWorker) => {
    const dir = tempDir();
    const storage = withWorker ? openWithWorker(dir) : open(dir);
    const doc = new Y.Doc();
    const updates = [textUpdate(doc, 0, 10, 'a'), textUpdate(doc, 5, 1.5 * 1024 * 1024, 'bc'), textUpdate(doc, 0, 10, 'd'), textUpdate(doc, 3, 1.2 * 1024 * 1024, 'ef')];
    for (const update of updates) await storage.appendUpdate('room', update);
    await storage.appendUpdate('other', updates[0] as Uint8Array);
    await storage.compactRoom('room');
    // Replacing the chunked snapshot frees its chunks too.
    const more = textUpdate(doc, 0, 10, 'g');
    await storage.appendUpdate('room', more);
    await storage.compactRoom('room');
    const loaded = await storage.loadRoom('room');
    expect(loaded).toHaveLength(1);
    expect(text(loaded)).toBe(doc.getText('t').toString());
    expect(await storage.loadRoom('other')).toEqual([updates[0]]);
    const db = raw(dir);
    expect(count(db, 'SELECT count(*) FROM blobs')).toBe(1);
    expect(count(db, 'SELECT count(*) FROM blobs WHERE snapshot_room = ?', 'room')).toBe(1);
    expect(count(db, 'SELECT count(*) FROM blob_chunks')).toBe(Math.ceil((loaded[0] as Uint8Array).length / CHUNK_BYTES));
  });

  it('keeps appends on one connection in order while a large one is between chunks', async () => {
    const storage = open(tempDir());
    const doc = new Y.Doc();
    const large = textUpdate(doc, 0, 2 * 1024 * 1024, 'l');
    const small = textUpdate(doc, 0, 10, 's');
    const done: string[] = [];
    const first = storage.appendUpdate('room', large).then(() => done.push('large'));
    const second = storage.appendUpdate('room', small).then(() => done.push('small'));
    await Promise.all([first, second]);
    expect(done).toEqual(['large', 'small']);
    expect(digests(await storage.loadRoom('room'))).toEqual(digests([large, small]));
  });

  it('lets a writer on another connection (no busy timeout) in between two chunks', async () => {
    const dir = tempDir();
    const watcher = raw(dir);
    const other = open(dir);
    const small = new Uint8Array([1, 2, 3]);
    let otherAppend: Promise<void> | null = null;
    const seenAtChunk: number[] = [];
    const writer = open(dir, {
      chunkHooks: {
        insideChunk: (index) => {
          seenAtChunk[index] = count(watcher, 'SELECT count(*) FROM updates WHERE room = ?', 'small');
          // This connection holds the lock now: the other's append meets SQLITE_BUSY and is retried.
          if (index === 1) otherAppend = other.appendUpdate('small', small);
        },
      },
    });
    await writer.swept;
    await writer.appendUpdate('large', new Uint8Array(CHUNK_BYTES * 4).fill(9));
    await otherAppend;
    // It was waiting during chunk 1, and was stored before chunk 2 took the lock again.
    expect(seenAtChunk).toEqual([0, 0, 1, 1]);
    // So it also comes first in the log: the large update got its sequence number at the end.
    const seqs = watcher.prepare('SELECT room FROM updates ORDER BY seq').pluck().all();
    expect(seqs).toEqual(['small', 'large']);
  });

  it('leaves no trace of a write whose process died between chunks, and keeps what was stored before', async () => {
    const dir = tempDir();
    const doc = new Y.Doc();
    const before = [textUpdate(doc, 0, 10, 'a'), textUpdate(doc, 0, 1.1 * 1024 * 1024, 'b')];
    const storage = open(dir);
    for (const update of before) await storage.appendUpdate('room', update);
    await storage.close();

    const child = spawn(process.execPath, [path.join(buildDir, 'crashing-writer.mjs'), dir], { stdio: 'ignore' });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, killed) => resolve(killed)));
    expect(signal).toBe('SIGKILL');
    // The crash left two committed chunks that nothing references.
    const db = raw(dir);
    expect(count(db, 'SELECT count(*) FROM blobs WHERE update_seq IS NULL AND snapshot_room IS NULL')).toBe(1);
    const chunksBefore = Math.ceil((before[1] as Uint8Array).length / CHUNK_BYTES);
    expect(count(db, 'SELECT count(*) FROM blob_chunks')).toBe(chunksBefore + 2);

    const reopened = open(dir);
    expect(await reopened.swept).toBe(1);
    expect(digests(await reopened.loadRoom('room'))).toEqual(digests(before));
    expect(count(db, 'SELECT count(*) FROM blobs')).toBe(1);
    expect(count(db, 'SELECT count(*) FROM blob_chunks')).toBe(chunksBefore);
  });

  it('fails an append whose chunks cannot all be written, and frees those that were', async () => {
    const dir = tempDir();
    const storage = open(dir, {
      chunkHooks: {
        insideChunk: (index) => {
          if (index === 2) throw new Error('disk full');
        },
      },
    });
    await expect(storage.appendUpdate('room', new Uint8Array(CHUNK_BYTES * 4).fill(1))).rejects.toThrow('disk full');
    const db = raw(dir);
    expect(count(db, 'SELECT count(*) FROM blobs')).toBe(0);
    expect(count(db, 'SELECT count(*) FROM blob_chunks')).toBe(0);
    expect(await storage.loadRoom('room')).toEqual([]);
  });

  it('never sweeps a blob another connection of a live process is still writing', async () => {
    const dir = tempDir();
    let opened: SqliteStorage | null = null;
    const writer = open(dir, {
      chunkHooks: {
        insideChunk: (index) => {
          // As a room worker opening the database while another room's worker stores a board.
          if (index === 2) opened = open(dir);
        },
      },
    });
    const large = new Uint8Array(CHUNK_BYTES * 5).fill(3);
    await writer.appendUpdate('room', large);
    expect(await (opened as unknown as SqliteStorage).swept).toBe(0);
    expect(digests(await (opened as unknown as SqliteStorage).loadRoom('room'))).toEqual(digests([large]));
  });

  it('counts chunked bytes in the stored size of a room', async () => {
    const dir = tempDir();
    const storage = open(dir);
    const doc = new Y.Doc();
    const updates = [textUpdate(doc, 0, 10, 'a'), textUpdate(doc, 0, 1.5 * 1024 * 1024, 'b'), textUpdate(doc, 0, 10, 'c')];
    for (const update of updates) await storage.appendUpdate('room', update);
    expect(await storage.roomBytes('room')).toBe(updates.reduce((sum, update) => sum + update.length, 0));
    await storage.compactRoom('room');
    const [snapshot] = await storage.loadRoom('room');
    expect(snapshot?.length).toBeGreaterThan(CHUNKED_FROM_BYTES);
    expect(await storage.roomBytes('room')).toBe(snapshot?.length);
  });

  it('opens a database from before chunked blobs and keeps serving it', async () => {
    const dir = tempDir();
    const old = new Database(path.join(dir, 'whiteboard.sqlite3'));
    old.pragma('journal_mode = WAL');
    old.exec(`
      CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, data BLOB NOT NULL);
      CREATE INDEX updates_by_room ON updates (room, seq);
      CREATE TABLE snapshots (room TEXT PRIMARY KEY, data BLOB NOT NULL, upto_seq INTEGER NOT NULL);
      CREATE TABLE link_generations (room TEXT PRIMARY KEY, generation INTEGER NOT NULL);
    `);
    const doc = new Y.Doc();
    const stored = [textUpdate(doc, 0, 10, 'a'), textUpdate(doc, 0, 20, 'b')];
    old.prepare('INSERT INTO snapshots (room, data, upto_seq) VALUES (?, ?, 0)').run('room', Buffer.from(stored[0] as Uint8Array));
    old.prepare('INSERT INTO updates (room, data) VALUES (?, ?)').run('room', Buffer.from(stored[1] as Uint8Array));
    old.prepare('INSERT INTO link_generations (room, generation) VALUES (?, 3)').run('room');
    old.close();

    const storage = open(dir);
    expect(await storage.loadRoom('room')).toEqual(stored);
    expect(await storage.linkGeneration('room')).toBe(3);
    const large = textUpdate(doc, 0, 1.2 * 1024 * 1024, 'c');
    await storage.appendUpdate('room', large);
    expect(digests(await storage.loadRoom('room'))).toEqual(digests([...stored, large]));
    await storage.compactRoom('room');
    expect(text(await storage.loadRoom('room'))).toBe(doc.getText('t').toString());
  });
});
