import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WAL_SIZE_LIMIT_BYTES, openDatabase } from './sqlite-schema';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function freshFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'whiteboard-schema-'));
  dirs.push(dir);
  return path.join(dir, 'board.sqlite3');
}

describe('openDatabase', () => {
  /** Fills the WAL with `bytes` in 256 KiB rows, copies it all back, and commits once more. */
  function growCheckpointAndCommit(file: string, bytes: number): { grown: number; after: number } {
    const db = openDatabase(file);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.pragma('wal_autocheckpoint = 0');
      const append = db.prepare('INSERT INTO updates (room, data) VALUES (?, ?)');
      const row = Buffer.alloc(256 * 1024, 7);
      for (let written = 0; written < bytes; written += row.length) append.run('room', row);
      const grown = fs.statSync(`${file}-wal`).size;
      // Everything is copied back (nobody else reads), so the next commit restarts the log.
      const [checkpoint] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
      expect(checkpoint).toMatchObject({ busy: 0 });
      expect(checkpoint!.checkpointed).toBe(checkpoint!.log);
      append.run('room', Buffer.from([1, 2, 3]));
      expect(db.prepare('SELECT COUNT(*) AS n FROM updates').get()).toEqual({ n: Math.ceil(bytes / row.length) + 1 });
      return { grown, after: fs.statSync(`${file}-wal`).size };
    } finally {
      db.close();
    }
  }

  it('restarts the WAL in place below the size limit: nothing is cut off inside a commit', () => {
    const { grown, after } = growCheckpointAndCommit(freshFile(), 4 * 1024 * 1024);
    expect(grown).toBeGreaterThan(4 * 1024 * 1024);
    expect(after).toBe(grown);
  });

  it('cuts a WAL that grew past the limit back to it when the log restarts', () => {
    const { grown, after } = growCheckpointAndCommit(freshFile(), WAL_SIZE_LIMIT_BYTES + 4 * 1024 * 1024);
    expect(grown).toBeGreaterThan(WAL_SIZE_LIMIT_BYTES);
    expect(after).toBe(WAL_SIZE_LIMIT_BYTES);
  });
});
