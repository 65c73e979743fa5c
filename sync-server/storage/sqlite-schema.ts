/**
 * The SQLite layout, shared by the storage and its compaction worker. `updates` is the
 * append-only log; `snapshots` holds, per room, the merge of every log entry up to `upto_seq`.
 */
import Database from 'better-sqlite3';
import * as Y from 'yjs';

export const DATABASE_FILE_NAME = 'whiteboard.sqlite3';

/** How long a connection waits for another's write lock before failing. */
const BUSY_TIMEOUT_MS = 5_000;

export interface OpenOptions {
  /**
   * How long a statement sleeps waiting for another connection's write lock. The serving
   * thread passes 0 and retries from a timer instead (write-queue.ts): a sleep there stalls
   * every room.
   */
  busyTimeoutMs?: number;
}

export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  const db = new Database(file, { timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS });
  // WAL with synchronous=NORMAL: a commit is in the WAL file before the call returns, so killing
  // the process (even SIGKILL) loses nothing; only a power cut could lose the last commits.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
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
    CREATE TABLE IF NOT EXISTS link_generations (
      room       TEXT PRIMARY KEY,
      generation INTEGER NOT NULL
    );
  `);
  return db;
}

interface SnapshotRow {
  data: Buffer;
  upto_seq: number;
}

interface LogRow {
  seq: number;
  data: Buffer;
}

export function readSnapshot(db: Database.Database, room: string): SnapshotRow | undefined {
  return db.prepare<[string], SnapshotRow>('SELECT data, upto_seq FROM snapshots WHERE room = ?').get(room);
}

export function readLog(db: Database.Database, room: string, afterSeq: number): LogRow[] {
  return db.prepare<[string, number], LogRow>('SELECT seq, data FROM updates WHERE room = ? AND seq > ? ORDER BY seq').all(room, afterSeq);
}

export interface CompactionResult {
  /** Log entries merged into the snapshot (0: nothing to do, or another compaction won). */
  merged: number;
  snapshotBytes: number;
}

/**
 * Merges the room's log into its snapshot. The merge runs outside any transaction; the swap is
 * one short transaction that first checks nobody replaced the snapshot meanwhile, and deletes
 * exactly the entries it merged (updates appended meanwhile have higher sequence numbers).
 */
export function compactRoomLog(db: Database.Database, room: string): CompactionResult {
  const snapshot = readSnapshot(db, room);
  const baseSeq = snapshot?.upto_seq ?? 0;
  const rows = readLog(db, room, baseSeq);
  if (rows.length === 0 || (rows.length === 1 && !snapshot)) return { merged: 0, snapshotBytes: snapshot?.data.length ?? 0 };
  const parts = rows.map((row) => new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength));
  if (snapshot) parts.unshift(new Uint8Array(snapshot.data.buffer, snapshot.data.byteOffset, snapshot.data.byteLength));
  const merged = Y.mergeUpdates(parts);
  const uptoSeq = (rows[rows.length - 1] as LogRow).seq;
  // IMMEDIATE: take the write lock first (waiting up to the busy timeout). A deferred
  // transaction that reads and then writes cannot wait in WAL mode: if another connection wrote
  // in between, SQLite answers SQLITE_BUSY at once, which is how compaction failed under load.
  const swapped = db.transaction(() => {
    const current = readSnapshot(db, room)?.upto_seq ?? 0;
    if (current !== baseSeq) return false;
    db.prepare('INSERT OR REPLACE INTO snapshots (room, data, upto_seq) VALUES (?, ?, ?)').run(room, Buffer.from(merged), uptoSeq);
    db.prepare('DELETE FROM updates WHERE room = ? AND seq <= ?').run(room, uptoSeq);
    return true;
  }).immediate();
  return swapped ? { merged: rows.length, snapshotBytes: merged.length } : { merged: 0, snapshotBytes: 0 };
}
