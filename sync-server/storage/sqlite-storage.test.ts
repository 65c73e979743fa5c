import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { threadUrl } from '../testing/threads';
import { openDatabase } from './sqlite-schema';
import { SqliteStorage } from './sqlite-storage';

const dirs: string[] = [];
const storages: SqliteStorage[] = [];
let thread: URL;

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-sqlite-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string, inThread = false): SqliteStorage {
  const storage = new SqliteStorage(dir, inThread ? thread : undefined);
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
  thread = await threadUrl('storage/sqlite-thread.ts');
});

afterEach(async () => {
  for (const storage of storages.splice(0)) await storage.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
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

  it.each([false, true])('compacts the log into one snapshot with the same content (in its own thread: %s)', async (inThread) => {
    const dir = tempDir();
    const storage = open(dir, inThread);
    const { doc, updates } = recordingDoc();
    for (let i = 0; i < 200; i++) {
      doc.getArray<number>('items').push([i]);
      if (i % 3 === 0) doc.getText('title').insert(0, String(i % 10));
    }
    for (const update of updates) await storage.appendUpdate('room', update);
    await storage.compactRoom('room');
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

  it('never loses or doubles an update appended around a compaction, in its thread', async () => {
    const storage = open(tempDir(), true);
    const { doc, updates } = recordingDoc();
    for (let i = 0; i < 300; i++) doc.getArray<number>('items').push([i]);
    // Appends and compactions asked for in the same turns, as a busy room asks for them.
    const asked: Array<Promise<void>> = [];
    for (const [i, update] of updates.entries()) {
      asked.push(storage.appendUpdate('room', update));
      if (i % 40 === 39) asked.push(storage.compactRoom('room'));
    }
    await Promise.all(asked);
    const loaded = await storage.loadRoom('room');
    expect(restore(loaded).getArray('items').toArray()).toEqual(doc.getArray('items').toArray());
    await storage.compactRoom('room');
    expect(await storage.loadRoom('room')).toHaveLength(1);
  });

  it('answers in order through its thread, and a load after an append sees it', async () => {
    const storage = open(tempDir(), true);
    const big = new Uint8Array(3 * 1024 * 1024).fill(7);
    const appended = storage.appendUpdate('room', big);
    const loaded = storage.loadRoom('room');
    await appended;
    expect((await loaded).map((update) => update.length)).toEqual([big.length]);
    expect(await storage.dataBytes()).toBeGreaterThan(big.length);
  });

  it('puts chunked entries and snapshots of an earlier version back together when it opens the file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'whiteboard.sqlite3');
    const { doc, updates } = recordingDoc();
    doc.getText('t').insert(0, 'a'.repeat(600));
    doc.getText('t').insert(0, 'b'.repeat(700));
    const snapshot = updates[0] as Uint8Array;
    const entry = updates[1] as Uint8Array;
    // The layout that version wrote: empty data in the row, the bytes in 256-byte chunks.
    const old = new Database(file);
    old.exec(`
      CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, data BLOB NOT NULL);
      CREATE TABLE snapshots (room TEXT PRIMARY KEY, data BLOB NOT NULL, upto_seq INTEGER NOT NULL);
      CREATE TABLE link_generations (room TEXT PRIMARY KEY, generation INTEGER NOT NULL);
      CREATE TABLE blobs (id INTEGER PRIMARY KEY AUTOINCREMENT, bytes INTEGER NOT NULL, writer TEXT, touched INTEGER, update_seq INTEGER UNIQUE, snapshot_room TEXT UNIQUE);
      CREATE TABLE blob_chunks (blob INTEGER NOT NULL, idx INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (blob, idx));
    `);
    const chunked = (bytes: Uint8Array, owner: { update?: number; snapshot?: string }): void => {
      const id = Number(old.prepare('INSERT INTO blobs (bytes, update_seq, snapshot_room) VALUES (?, ?, ?)').run(bytes.length, owner.update ?? null, owner.snapshot ?? null).lastInsertRowid);
      for (let at = 0, idx = 0; at < bytes.length; at += 256, idx++) old.prepare('INSERT INTO blob_chunks VALUES (?, ?, ?)').run(id, idx, Buffer.from(bytes.subarray(at, at + 256)));
    };
    old.prepare('INSERT INTO snapshots VALUES (?, ?, ?)').run('room', Buffer.alloc(0), 1);
    chunked(snapshot, { snapshot: 'room' });
    old.prepare('INSERT INTO updates (seq, room, data) VALUES (1, ?, ?)').run('room', Buffer.alloc(0));
    const seq = Number(old.prepare('INSERT INTO updates (room, data) VALUES (?, ?)').run('room', Buffer.alloc(0)).lastInsertRowid);
    chunked(entry, { update: seq });
    chunked(new Uint8Array(900), {}); // garbage a crashed writer left
    old.close();

    const storage = open(dir);
    const loaded = await storage.loadRoom('room');
    expect(loaded.map((update) => update.length)).toEqual([snapshot.length, entry.length]);
    expect(restore(loaded).getText('t').toString()).toBe(doc.getText('t').toString());
    await storage.close();
    const db = openDatabase(file);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'blob%'").all()).toEqual([]);
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

