/**
 * An in-thread room compacts from its own document (`Storage.compactFrom`), both after every
 * `compactAfterUpdates` updates and when it unloads, instead of having the log read back and
 * merged again; and nothing is lost or duplicated by it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './storage/sqlite-schema';
import { SqliteStorage } from './storage/sqlite-storage';
import { closeAfterEach } from './testing/cleanups';
import { eventually, startTestServer } from './testing/harness';
import { connectRaw } from './testing/ws-client';

const { cleanups } = closeAfterEach();

/** SQLite storage that counts which way rooms are compacted. */
class CountingStorage extends SqliteStorage {
  fromDocument = 0;
  fromLog = 0;

  override compactFrom(room: string, encodeState: () => Uint8Array): boolean {
    const done = super.compactFrom(room, encodeState);
    if (done) this.fromDocument++;
    return done;
  }

  override async compactRoom(room: string): Promise<void> {
    this.fromLog++;
    await super.compactRoom(room);
  }
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-in-place-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function stored(file: string, room: string): { log: number; snapshot: Uint8Array | null } {
  const db = openDatabase(file);
  try {
    const log = (db.prepare('SELECT count(*) AS n FROM updates WHERE room = ?').get(room) as { n: number }).n;
    const row = db.prepare('SELECT data FROM snapshots WHERE room = ?').get(room) as { data: Buffer } | undefined;
    return { log, snapshot: row ? new Uint8Array(row.data) : null };
  } finally {
    db.close();
  }
}

describe('compaction from the room\'s document', () => {
  it('replaces the log as the room goes, and again when it unloads; a fresh server reads it all back', async () => {
    const dir = tempDir();
    const storage = new CountingStorage(dir);
    const server = await startTestServer({ storage, limits: { compactAfterUpdates: 20, roomUnloadGraceMs: 30 } });
    cleanups.push(() => server.close());
    const writer = await connectRaw(server, 'drawn');
    cleanups.push(() => writer.close());
    await eventually(() => writer.synced, 5_000, 'synced');

    const items = writer.doc.getArray<number>('items');
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 25; i++) items.push([round * 25 + i]);
      await eventually(() => storage.fromDocument === round + 1, 5_000, `compaction ${round + 1} from the document`);
    }
    // Each compaction made the document the snapshot: the log holds only what came after.
    await eventually(() => stored(storage.file, 'drawn').log < 20, 5_000, 'the log cut back');
    expect(storage.fromLog).toBe(0);

    await writer.close();
    await eventually(() => server.rooms.size === 0 && server.rooms.pendingUnloads === 0, 5_000, 'room unloaded');
    const { log, snapshot } = stored(storage.file, 'drawn');
    expect(log).toBe(0);
    expect(storage.fromLog).toBe(0);
    const restored = new Y.Doc();
    Y.applyUpdate(restored, snapshot!);
    expect(restored.getArray('items').toArray()).toEqual([...Array(50).keys()]);

    await server.close();
    const second = await startTestServer({ storage: new SqliteStorage(dir) });
    cleanups.push(() => second.close());
    const reader = await connectRaw(second, 'drawn');
    cleanups.push(() => reader.close());
    await eventually(() => reader.synced, 5_000, 'reader synced');
    expect(reader.doc.getArray('items').toArray()).toEqual([...Array(50).keys()]);
  });
});
