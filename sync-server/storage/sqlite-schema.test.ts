import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './sqlite-schema';

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
  it('starts the WAL file over after a checkpoint instead of overwriting old frames in place', () => {
    const file = freshFile();
    const db = openDatabase(file);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.pragma('wal_autocheckpoint = 0');
      const append = db.prepare('INSERT INTO updates (room, data) VALUES (?, ?)');
      for (let i = 0; i < 300; i++) append.run('room', Buffer.alloc(1_000, i));
      const grown = fs.statSync(`${file}-wal`).size;
      expect(grown).toBeGreaterThan(300 * 1_000);
      // Everything is copied back (nobody else reads), so the next commit restarts the log.
      const [checkpoint] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
      expect(checkpoint).toMatchObject({ busy: 0 });
      expect(checkpoint!.checkpointed).toBe(checkpoint!.log);
      append.run('room', Buffer.from([1, 2, 3]));
      // Only the new commit's frames are left: a handful of pages, not the 300 commits' worth.
      expect(fs.statSync(`${file}-wal`).size).toBeLessThan(32 * 1024);
      expect(db.prepare('SELECT COUNT(*) AS n FROM updates').get()).toEqual({ n: 301 });
    } finally {
      db.close();
    }
  });
});
