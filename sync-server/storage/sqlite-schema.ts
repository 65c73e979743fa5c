/**
 * The SQLite layout, shared by the storage, its compaction worker and the room workers. `updates`
 * is the append-only log; `snapshots` holds, per room, the merge of every log entry up to
 * `upto_seq`. Large entries and snapshots keep their bytes in chunks (blob-chunks.ts); the
 * readers here put them back together, so callers only ever see whole updates.
 */
import Database from 'better-sqlite3';
import { BLOB_TABLES, readBlob, statement } from './blob-chunks';
import { sqliteBindingOptions } from './sqlite-binding';

export const DATABASE_FILE_NAME = 'whiteboard.sqlite3';

/**
 * 64 MiB: above what continuous drawing grows the WAL to between two restarts (about 8 s of ten
 * rooms at 60 Hz on the bench), so the common restart truncates nothing.
 */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

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
  const db = new Database(file, { timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS, ...sqliteBindingOptions() });
  // WAL with synchronous=NORMAL: a commit is in the WAL file before the call returns, so killing
  // the process (even SIGKILL) loses nothing; only a power cut could lose the last commits.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // When the next commit after a complete checkpoint starts the WAL over, it cuts the file back
  // to WAL_SIZE_LIMIT_BYTES if it grew past that, and otherwise overwrites it in place. Cutting
  // it all off (a limit of 0) was tried: freeing tens of MB of file inside a commit, with the
  // one write lock held, took 10-20 ms on the bench VM (dropping the cached pages, then a
  // synchronous discard of the blocks), and the appends after it paid for new blocks again.
  // Overwriting in place costs a read only for pages the kernel has dropped since they were
  // last written (about 0.2 ms each there). SQLite's default, no limit, would keep a WAL that
  // one burst grew to gigabytes at that size for good.
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  // IF NOT EXISTS throughout: a database from before chunked blobs gains their tables, nothing else.
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
    ${BLOB_TABLES}
  `);
  return db;
}

export interface SnapshotRow {
  data: Buffer;
  upto_seq: number;
}

export interface LogRow {
  seq: number;
  data: Buffer;
}

interface StoredRow {
  data: Buffer;
  blob: number | null;
  bytes: number | null;
}

function whole(db: Database.Database, row: StoredRow): Buffer {
  return row.blob === null ? row.data : readBlob(db, row.blob, row.bytes ?? 0);
}

/** The room's snapshot, if it has one. */
export function readSnapshot(db: Database.Database, room: string): SnapshotRow | undefined {
  // One read transaction: the chunks read are those of the row found (WAL snapshot isolation).
  return db.transaction(() => {
    const row = statement<[string], StoredRow & { upto_seq: number }>(
      db,
      `SELECT s.data, s.upto_seq, b.id AS blob, b.bytes FROM snapshots s
       LEFT JOIN blobs b ON b.snapshot_room = s.room WHERE s.room = ?`,
    ).get(room);
    return row && { data: whole(db, row), upto_seq: row.upto_seq };
  })();
}

/** The room's log entries after `afterSeq`, in order. */
export function readLog(db: Database.Database, room: string, afterSeq: number): LogRow[] {
  return db.transaction(() =>
    statement<[string, number], StoredRow & { seq: number }>(
      db,
      `SELECT u.seq, u.data, b.id AS blob, b.bytes FROM updates u
       LEFT JOIN blobs b ON b.update_seq = u.seq WHERE u.room = ? AND u.seq > ? ORDER BY u.seq`,
    )
      .all(room, afterSeq)
      .map((row) => ({ seq: row.seq, data: whole(db, row) })),
  )();
}

/**
 * The snapshot and the log entries after it, as of one moment. Read separately, a compaction
 * committing in between (on another connection) could move entries from the log into a snapshot
 * already read: they would be missing.
 */
export function readRoom(db: Database.Database, room: string): { snapshot: SnapshotRow | undefined; log: LogRow[] } {
  return db.transaction(() => {
    const snapshot = readSnapshot(db, room);
    return { snapshot, log: readLog(db, room, snapshot?.upto_seq ?? 0) };
  })();
}
