/**
 * The SQLite layout: `updates` is each room's append-only log, each entry with its author; `snapshots` holds, per
 * room, the merge of every log entry up to `upto_seq`; `link_generations` counts revocations. History
 * tables: history/sqlite-history.ts. A database from an earlier version, which kept large entries in
 * chunks (`blobs`, `blob_chunks`), has them put back together when it is opened, and its log gains the author column.
 */
import Database from 'better-sqlite3';
import { createHistoryTables } from '../history/sqlite-history';

export const DATABASE_FILE_NAME = 'whiteboard.sqlite3';

/** Above what continuous drawing grows the WAL to between two restarts (~8 s of ten rooms at 60 Hz on the bench). */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** How long a connection waits for another's write lock (a backup's) before failing. */
const BUSY_TIMEOUT_MS = 5_000;

export function openDatabase(file: string): Database.Database {
  // The addon build: under Node the package's own; in the desktop app's Electron utility process (another ABI) the
  // Electron build the app names (main/sqlite-binding.ts). Worker threads inherit the environment, so load the same.
  const binding = process.env.WHITEBOARD_SQLITE_BINDING;
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS, ...(binding ? { nativeBinding: binding } : {}) });
  // WAL with synchronous=NORMAL: a commit is in the WAL file before the call returns, so killing the process (even
  // SIGKILL) loses nothing; only a power cut could lose the last commits.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // A WAL started over after a checkpoint is cut back to this size: SQLite's default, no limit, would keep a WAL that
  // one burst grew to gigabytes at that size for good.
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  db.exec(`
    CREATE TABLE IF NOT EXISTS updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, data BLOB NOT NULL);
    CREATE INDEX IF NOT EXISTS updates_by_room ON updates (room, seq);
    CREATE TABLE IF NOT EXISTS snapshots (room TEXT PRIMARY KEY, data BLOB NOT NULL, upto_seq INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS link_generations (room TEXT PRIMARY KEY, generation INTEGER NOT NULL);
  `);
  createHistoryTables(db);
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(updates)').all();
  if (!columns.some((column) => column.name === 'author')) db.exec('ALTER TABLE updates ADD COLUMN author TEXT');
  joinChunkedBlobs(db);
  return db;
}

/** Puts an earlier version's chunked entries and snapshots back in their rows and drops the chunks (orphans too). */
function joinChunkedBlobs(db: Database.Database): void {
  const hasBlobs = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'blobs'").get();
  if (!hasBlobs) return;
  db.transaction(() => {
    const blobs = db.prepare<[], { id: number; update_seq: number | null; snapshot_room: string | null }>('SELECT id, update_seq, snapshot_room FROM blobs WHERE update_seq IS NOT NULL OR snapshot_room IS NOT NULL').all();
    const chunks = db.prepare<[number], { data: Buffer }>('SELECT data FROM blob_chunks WHERE blob = ? ORDER BY idx');
    for (const blob of blobs) {
      const data = Buffer.concat(chunks.all(blob.id).map((chunk) => chunk.data));
      if (blob.update_seq !== null) db.prepare('UPDATE updates SET data = ? WHERE seq = ?').run(data, blob.update_seq);
      else db.prepare('UPDATE snapshots SET data = ? WHERE room = ?').run(data, blob.snapshot_room);
    }
    db.exec('DROP TABLE blob_chunks; DROP TABLE blobs;');
  })();
}
