/**
 * Compaction from a document the caller holds (`compactFrom`): the state replaces the snapshot
 * and the log in one swap on the serving connection, or nothing is written at all.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { CHUNKED_FROM_BYTES, CHUNK_BYTES } from './blob-chunks';
import { MemoryStorage } from './memory-storage';
import { openDatabase } from './sqlite-schema';
import { SqliteStorage } from './sqlite-storage';
import type { Storage } from './storage';

const dirs: string[] = [];
const storages: SqliteStorage[] = [];

function open(): SqliteStorage {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-compact-from-'));
  dirs.push(dir);
  const storage = new SqliteStorage(dir);
  storages.push(storage);
  return storage;
}

afterEach(async () => {
  for (const storage of storages.splice(0)) await storage.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A document whose updates `save` appends to `room` in `storage`, one by one. */
function recorded(storage: Storage, room: string): { doc: Y.Doc; save: () => Promise<void> } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return {
    doc,
    save: async () => {
      for (const update of updates.splice(0)) await storage.appendUpdate(room, update);
    },
  };
}

async function stored(storage: Storage, room: string, edits: (doc: Y.Doc) => void): Promise<Y.Doc> {
  const { doc, save } = recorded(storage, room);
  edits(doc);
  await save();
  return doc;
}

function pushNumbers(from: number, count: number): (doc: Y.Doc) => void {
  return (doc) => {
    for (let i = from; i < from + count; i++) doc.getArray<number>('items').push([i]);
  };
}

function restore(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

function counts(storage: SqliteStorage): { log: number; snapshots: number; chunks: number } {
  const db = openDatabase(storage.file);
  try {
    const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
    return {
      log: count("SELECT count(*) AS n FROM updates WHERE room = 'room'"),
      snapshots: count("SELECT count(*) AS n FROM snapshots WHERE room = 'room'"),
      chunks: count('SELECT count(*) AS n FROM blob_chunks'),
    };
  } finally {
    db.close();
  }
}

describe('SqliteStorage.compactFrom', () => {
  it('replaces the snapshot and the whole log with the state, and keeps what is appended after it', async () => {
    const storage = open();
    const { doc, save } = recorded(storage, 'room');
    pushNumbers(0, 50)(doc);
    await save();
    await storage.compactRoom('room'); // a snapshot to replace, as well as a log
    pushNumbers(50, 20)(doc);
    await save();
    const other = await stored(storage, 'other', pushNumbers(0, 3));

    const state = Y.encodeStateAsUpdate(doc);
    expect(storage.compactFrom('room', () => state)).toBe(true);
    expect(await storage.loadRoom('room')).toEqual([state]);
    expect(counts(storage)).toMatchObject({ log: 0, snapshots: 1 });
    // Other rooms keep their log.
    expect(await storage.loadRoom('other')).toHaveLength(3);
    expect(restore(await storage.loadRoom('other')).getArray('items').toArray()).toEqual(other.getArray('items').toArray());

    // Appends after it come after the snapshot when the room is read back.
    pushNumbers(70, 5)(doc);
    await save();
    const loaded = await storage.loadRoom('room');
    expect(loaded[0]).toEqual(state);
    expect(loaded).toHaveLength(6);
    expect(restore(loaded).getArray('items').toArray()).toEqual([...Array(75).keys()]);
  });

  it('calls encodeState only when there is something to merge', async () => {
    const storage = open();
    let encodes = 0;
    const encode = (): Uint8Array => {
      encodes++;
      return new Uint8Array([0, 0]);
    };
    expect(storage.compactFrom('room', encode)).toBe(true);
    await stored(storage, 'room', pushNumbers(0, 1));
    expect(storage.compactFrom('room', encode)).toBe(true);
    expect(encodes).toBe(0);
    expect(counts(storage)).toMatchObject({ log: 1, snapshots: 0 });
  });

  it('writes nothing and says so while writes are queued or another connection holds the lock', async () => {
    const storage = open();
    const { doc, save } = recorded(storage, 'room');
    pushNumbers(0, 10)(doc);
    await save();
    const state = (): Uint8Array => Y.encodeStateAsUpdate(doc);
    const other = openDatabase(storage.file);
    other.exec('BEGIN IMMEDIATE');
    // The lock is taken: SQLite says busy at once (the serving connection never sleeps on it).
    expect(storage.compactFrom('room', state)).toBe(false);
    // A queued append may be this room's, and it is not stored yet.
    pushNumbers(10, 1)(doc);
    const queued = save();
    other.exec('COMMIT');
    expect(storage.compactFrom('room', state)).toBe(false);
    expect(counts(storage)).toMatchObject({ log: 10, snapshots: 0 });
    await queued;
    expect(storage.compactFrom('room', state)).toBe(true);
    expect(counts(storage)).toMatchObject({ log: 0, snapshots: 1 });
    expect(restore(await storage.loadRoom('room')).getArray('items').toArray()).toEqual([...Array(11).keys()]);
    other.close();
  });

  it('leaves a state larger than one chunk to the chunked path', async () => {
    const storage = open();
    const doc = await stored(storage, 'room', pushNumbers(0, 10));
    const state = randomBytes(CHUNK_BYTES + 1);
    expect(storage.compactFrom('room', () => state)).toBe(false);
    expect(restore(await storage.loadRoom('room')).getArray('items').toArray()).toEqual(doc.getArray('items').toArray());
  });

  it('frees the chunks of a log entry it replaced', async () => {
    const storage = open();
    await stored(storage, 'room', (d) => d.getText('notes').insert(0, randomBytes(CHUNKED_FROM_BYTES).toString('base64')));
    await stored(storage, 'room', pushNumbers(0, 2));
    expect(counts(storage).chunks).toBeGreaterThan(0);
    const state = new Uint8Array([0, 0]); // what the caller's document holds is not checked here
    expect(storage.compactFrom('room', () => state)).toBe(true);
    await storage.close(); // waits for the freeing
    storages.splice(0);
    expect(counts(storage)).toEqual({ log: 0, snapshots: 1, chunks: 0 });
  });
});

describe('MemoryStorage.compactFrom', () => {
  it('replaces the log with the state', async () => {
    const storage = new MemoryStorage();
    const doc = await stored(storage, 'room', pushNumbers(0, 5));
    const state = Y.encodeStateAsUpdate(doc);
    expect(storage.compactFrom('room', () => state)).toBe(true);
    expect(await storage.loadRoom('room')).toEqual([state]);
  });
});
