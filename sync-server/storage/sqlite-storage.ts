/**
 * Embedded storage in one SQLite file (better-sqlite3) under the data directory.
 *
 * `updates` is the append-only log; `snapshots` holds, per room, the merge of every log entry
 * up to `upto_seq`. The journal is WAL with synchronous=NORMAL: a committed write is in the WAL
 * before `appendUpdate` returns, so killing the process (even with SIGKILL) loses nothing that
 * was acknowledged; only a power cut could lose the last transactions, which fsync-per-update
 * would prevent at a cost that no collaborative editor pays.
 *
 * Compaction reads the log, merges it outside any write lock, then swaps the snapshot in with
 * one short transaction that deletes exactly the entries it merged; updates appended meanwhile
 * have higher sequence numbers and stay in the log.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import type { Storage } from './storage';

export const DATABASE_FILE_NAME = 'whiteboard.sqlite3';

interface LogRow {
  seq: number;
  data: Buffer;
}

export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, DATABASE_FILE_NAME));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS updates (
        seq  INTEGER PRIMARY KEY AUTOINCREMENT,
        room TEXT NOT NULL,
        data BLOB NOT NULL
      );
      CREATE INDEX IF NOT EXISTS updates_by_room ON updates (room, seq);
      CREATE TABLE IF NOT EXISTS snapshots (
        room     TEXT PRIMARY KEY,
        data     BLOB NOT NULL,
        upto_seq INTEGER NOT NULL
      );
    `);
    this.statements = {
      append: this.db.prepare<[string, Buffer]>('INSERT INTO updates (room, data) VALUES (?, ?)'),
      snapshot: this.db.prepare<[string], { data: Buffer; upto_seq: number }>('SELECT data, upto_seq FROM snapshots WHERE room = ?'),
      log: this.db.prepare<[string, number], LogRow>('SELECT seq, data FROM updates WHERE room = ? AND seq > ? ORDER BY seq'),
      putSnapshot: this.db.prepare<[string, Buffer, number]>('INSERT OR REPLACE INTO snapshots (room, data, upto_seq) VALUES (?, ?, ?)'),
      trim: this.db.prepare<[string, number]>('DELETE FROM updates WHERE room = ? AND seq <= ?'),
    };
  }

  async loadRoom(room: string): Promise<Uint8Array[]> {
    const snapshot = this.statements.snapshot.get(room);
    const rows = this.statements.log.all(room, snapshot?.upto_seq ?? 0);
    const updates = rows.map((row) => new Uint8Array(row.data));
    return snapshot ? [new Uint8Array(snapshot.data), ...updates] : updates;
  }

  async appendUpdate(room: string, update: Uint8Array): Promise<void> {
    this.statements.append.run(room, Buffer.from(update.buffer, update.byteOffset, update.byteLength));
  }

  async compactRoom(room: string): Promise<void> {
    const snapshot = this.statements.snapshot.get(room);
    const rows = this.statements.log.all(room, snapshot?.upto_seq ?? 0);
    if (rows.length === 0 || (rows.length === 1 && !snapshot)) return;
    const parts = rows.map((row) => new Uint8Array(row.data));
    if (snapshot) parts.unshift(new Uint8Array(snapshot.data));
    const merged = Y.mergeUpdates(parts);
    const uptoSeq = (rows[rows.length - 1] as LogRow).seq;
    this.db.transaction(() => {
      this.statements.putSnapshot.run(room, Buffer.from(merged), uptoSeq);
      this.statements.trim.run(room, uptoSeq);
    })();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
