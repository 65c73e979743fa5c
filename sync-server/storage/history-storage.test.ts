/** The history half of the Storage contract, for every backend: versions, authors, compaction that keeps them, pruning. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, boardAt, historyContract, writer } from '../testing/history-contract';
import { threadUrl } from '../testing/threads';
import { MemoryStorage } from '../testing/memory-storage';
import { SqliteStorage } from './sqlite-storage';
import type { Storage } from './storage';

const dirs: string[] = [];
const storages: Storage[] = [];
let thread: URL;

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

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-history-'));
  dirs.push(dir);
  return dir;
}

const backends: Array<[string, () => Storage]> = [
  ['memory', () => new MemoryStorage()],
  ['SQLite', () => new SqliteStorage(tempDir())],
  ['SQLite in its thread', () => new SqliteStorage(tempDir(), thread)],
];

describe.each(backends)('history in %s storage', (_name, make) => {
  historyContract(() => {
    const storage = make();
    storages.push(storage);
    return storage;
  });
});

describe('history of a board stored before history was kept', () => {
  it('starts from its old snapshot', async () => {
    const dir = tempDir();
    const storage = new SqliteStorage(dir);
    storages.push(storage);
    const old = new Y.Doc();
    old.getMap<number>('shapes').set('old', 1);
    // As an earlier version left it: a snapshot, no history.
    await storage.appendUpdate('r', Y.encodeStateAsUpdate(old));
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(storage.file);
    db.prepare('INSERT INTO snapshots (room, data, upto_seq) SELECT room, data, seq FROM updates').run();
    db.prepare('DELETE FROM updates').run();
    db.close();
    const version = await storage.addVersion('r', 1, null);
    expect(await boardAt(storage, 'r', version?.id as number)).toEqual({ old: 1 });
    const alice = writer(storage, 'r', ALICE);
    Y.applyUpdate(alice.doc, Y.encodeStateAsUpdate(old));
    await alice.set('new', 2);
    await storage.compactRoom('r');
    expect(await boardAt(storage, 'r', version?.id as number)).toEqual({ old: 1 });
    expect(await boardAt(storage, 'r', null)).toEqual({ old: 1, new: 2 });
  });
});
