/**
 * Large blobs (updates of at least CHUNKED_FROM_BYTES, snapshots of more than CHUNK_BYTES, see
 * compact-room.ts) are written in chunks, each in its own short transaction, and become visible
 * at once in one final short transaction.
 *
 * Why: the whole file has one write lock, shared by every room. One 10 MB row holds it for
 * 25–110 ms (measured on the 2-core bench machine; the most when the core is shared), and every
 * other room's append, hence its broadcast (an update is stored before it is sent), waits that
 * long. In chunks of CHUNK_BYTES the lock is held about half a millisecond at a time, and
 * between chunks it is left free for CHUNK_PAUSE_MS, long enough for the serving thread's retry
 * (every 1 ms, write-queue.ts) to get it: SQLite has no fairness, back-to-back transactions would
 * starve that thread.
 *
 * Layout: the `updates` or `snapshots` row has zero-length `data` (a Yjs update is never empty),
 * and a `blobs` row names it (`update_seq` or `snapshot_room`) and holds its length; the bytes
 * are in `blob_chunks`. While a blob is written, `writer` names the writing process and nothing
 * references it, so no reader can see it. A blob that nothing references and no live process
 * writes is garbage: the chunks of replaced snapshots and compacted updates are detached in the
 * swap's transaction and freed in short transactions right after (freeing 10 MB in the swap
 * itself takes 0.4–1.3 ms when its pages are cached, much longer when they must be read from
 * disk), and what a crash left behind is freed by the sweep when the database is next opened
 * and after each compaction.
 */
import type Database from 'better-sqlite3';
import { WRITER, writerIsAlive } from './blob-writers';
import type { RunStep } from './write-queue';

/** From this size on a blob is chunked: a whole 1 MiB row holds the lock 1.6–4 ms (measured). */
export const CHUNKED_FROM_BYTES = 1024 * 1024;
/** 256 KiB: held for 0.4–0.6 ms per chunk, 1.2 ms at worst (measured); 10 MB is 40 chunks. */
export const CHUNK_BYTES = 256 * 1024;
/** Lock left free between chunks: two retry periods of the serving thread (write-queue.ts). */
export const CHUNK_PAUSE_MS = 2;

// AUTOINCREMENT: an id is never reused, so chunks can never be taken for another blob's.
export const BLOB_TABLES = `
  CREATE TABLE IF NOT EXISTS blobs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    bytes         INTEGER NOT NULL, -- the whole blob's length
    writer        TEXT,             -- while being written: 'pid:start' (blob-writers.ts)
    touched       INTEGER,          -- while being written: when its last chunk was (ms since 1970)
    update_seq    INTEGER UNIQUE,   -- once done: the log entry whose data it is
    snapshot_room TEXT UNIQUE       -- or the room whose snapshot it is
  );
  CREATE INDEX IF NOT EXISTS blobs_unreferenced ON blobs (id) WHERE update_seq IS NULL AND snapshot_room IS NULL;
  CREATE TABLE IF NOT EXISTS blob_chunks (
    blob INTEGER NOT NULL,
    idx  INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (blob, idx)
  );
`;

/** For tests: called inside each chunk's transaction, while this connection holds the lock. */
export interface ChunkHooks {
  insideChunk?(index: number): void;
}

/** What a finished blob becomes: the data of a log entry or of a room's snapshot. */
export type BlobOwner = { updateSeq: number } | { snapshotRoom: string };

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A statement prepared once per connection (preparing costs more than running these). */
export function statement<P extends unknown[] = unknown[], R = unknown>(db: Database.Database, sql: string): Database.Statement<P, R> {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared as unknown as Database.Statement<P, R>;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function chunkCount(bytes: number): number {
  return Math.ceil(bytes / CHUNK_BYTES);
}

/**
 * Writes `bytes` as an unreferenced blob of this process, chunk by chunk with pauses; returns its
 * id for `finishBlob`. On failure it gives the chunks written so far up for freeing.
 */
export async function writeChunkedBlob(db: Database.Database, bytes: Uint8Array, runStep: RunStep, hooks?: ChunkHooks): Promise<number> {
  const data = asBuffer(bytes);
  const total = chunkCount(data.length);
  let blob = 0;
  try {
    for (let index = 0; index < total; index++) {
      if (index > 0) await sleep(CHUNK_PAUSE_MS);
      const chunk = data.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES);
      const write = db.transaction(() => {
        let id = blob;
        if (index === 0) {
          id = Number(statement(db, 'INSERT INTO blobs (bytes, writer, touched) VALUES (?, ?, ?)').run(data.length, WRITER, Date.now()).lastInsertRowid);
        } else if (statement(db, 'UPDATE blobs SET touched = ? WHERE id = ? AND writer = ?').run(Date.now(), id, WRITER).changes !== 1) {
          throw new Error(`blob ${id} was taken for abandoned while being written`);
        }
        statement(db, 'INSERT INTO blob_chunks (blob, idx, data) VALUES (?, ?, ?)').run(id, index, chunk);
        hooks?.insideChunk?.(index);
        return id;
      });
      blob = await runStep(() => write.immediate());
    }
  } catch (error) {
    if (blob !== 0) await abandonBlob(db, blob, runStep).catch(() => undefined); // else the sweep frees it
    throw error;
  }
  return blob;
}

/**
 * Inside the final transaction: makes this process's finished blob the data of `owner`. Throws
 * if its chunks are not all there (a sweep took it for abandoned): nothing is published then.
 */
export function finishBlob(db: Database.Database, blob: number, owner: BlobOwner): void {
  const row = statement<[number], { bytes: number; writer: string | null }>(db, 'SELECT bytes, writer FROM blobs WHERE id = ?').get(blob);
  const stored = statement<[number], { chunks: number; bytes: number }>(db, 'SELECT count(*) AS chunks, COALESCE(sum(length(data)), 0) AS bytes FROM blob_chunks WHERE blob = ?').get(blob);
  if (!row || row.writer !== WRITER || stored?.bytes !== row.bytes || stored.chunks !== chunkCount(row.bytes)) {
    throw new Error(`blob ${blob} is incomplete; it is not published`);
  }
  const updateSeq = 'updateSeq' in owner ? owner.updateSeq : null;
  const snapshotRoom = 'snapshotRoom' in owner ? owner.snapshotRoom : null;
  statement(db, 'UPDATE blobs SET writer = NULL, touched = NULL, update_seq = ?, snapshot_room = ? WHERE id = ?').run(updateSeq, snapshotRoom, blob);
}

/** Reads a finished blob back in one piece (call inside the read transaction that found it). */
export function readBlob(db: Database.Database, blob: number, bytes: number): Buffer {
  const chunks = statement<[number], { data: Buffer }>(db, 'SELECT data FROM blob_chunks WHERE blob = ? ORDER BY idx').all(blob);
  const data = Buffer.concat(
    chunks.map((chunk) => chunk.data),
    bytes,
  );
  const stored = chunks.reduce((sum, chunk) => sum + chunk.data.length, 0);
  if (stored !== bytes) throw new Error(`blob ${blob} has ${stored} of its ${bytes} bytes`);
  return data;
}

/**
 * Inside a swap's transaction: detaches the blobs of the room's snapshot (when it is replaced) and
 * of its log entries up to `uptoSeq` (when they are deleted); returns them, to free afterwards.
 */
export function detachBlobs(db: Database.Database, room: string, uptoSeq: number, snapshotToo: boolean): number[] {
  const detached = statement<[string, number], { id: number }>(
    db,
    'UPDATE blobs SET update_seq = NULL WHERE update_seq IN (SELECT seq FROM updates WHERE room = ? AND seq <= ?) RETURNING id',
  )
    .all(room, uptoSeq)
    .map((row) => row.id);
  if (snapshotToo) {
    for (const row of statement<[string], { id: number }>(db, 'UPDATE blobs SET snapshot_room = NULL WHERE snapshot_room = ? RETURNING id').all(room)) {
      detached.push(row.id);
    }
  }
  return detached;
}

/** Gives up this process's unfinished blob and frees it. */
export async function abandonBlob(db: Database.Database, blob: number, runStep: RunStep): Promise<void> {
  await runStep(() =>
    statement(db, 'UPDATE blobs SET writer = NULL, touched = NULL WHERE id = ? AND writer = ? AND update_seq IS NULL AND snapshot_room IS NULL').run(blob, WRITER),
  );
  await freeGarbage(db, [blob], runStep);
}

/** Chunks freed per transaction: 16 × 256 KiB, well under a millisecond (measured). */
const FREE_CHUNKS_PER_STEP = 16;

/**
 * Deletes garbage blobs (unreferenced, nobody writing) a few chunks per transaction, with pauses;
 * resolves to how many it deleted (others were not garbage, or were freed by another connection).
 */
export async function freeGarbage(db: Database.Database, blobs: number[], runStep: RunStep): Promise<number> {
  let first = true;
  let freed = 0;
  for (const blob of blobs) {
    let done = false;
    while (!done) {
      if (!first) await sleep(CHUNK_PAUSE_MS);
      first = false;
      const free = db.transaction((): 'more' | 'freed' | 'not garbage' => {
        const garbage = statement(db, 'SELECT 1 FROM blobs WHERE id = ? AND writer IS NULL AND update_seq IS NULL AND snapshot_room IS NULL').get(blob);
        if (!garbage) return 'not garbage';
        const deleted = statement(db, 'DELETE FROM blob_chunks WHERE rowid IN (SELECT rowid FROM blob_chunks WHERE blob = ? LIMIT ?)').run(blob, FREE_CHUNKS_PER_STEP);
        if (deleted.changes === FREE_CHUNKS_PER_STEP) return 'more';
        statement(db, 'DELETE FROM blobs WHERE id = ?').run(blob);
        return 'freed';
      });
      const outcome = await runStep(() => free.immediate());
      if (outcome === 'freed') freed++;
      done = outcome !== 'more';
    }
  }
  return freed;
}

/** A blob being written is taken for abandoned after this long without a chunk: a live writer
 * commits one at least every WRITE_GIVE_UP_MS (5 s), or fails. Only matters where the writer's
 * process cannot be checked (blob-writers.ts). */
const STALE_WRITE_MS = 10 * 60_000;

/**
 * Frees the blobs nothing references whose writer is gone: what a crash between chunks left, and
 * garbage whose freeing was cut short. Blobs live writers (other threads, other processes) are
 * still writing are left alone. Resolves to the number of blobs freed.
 */
export async function sweepAbandonedBlobs(db: Database.Database, runStep: RunStep): Promise<number> {
  const candidates = await runStep(() =>
    statement<[], { id: number; writer: string | null; touched: number | null }>(
      db,
      'SELECT id, writer, touched FROM blobs WHERE update_seq IS NULL AND snapshot_room IS NULL',
    ).all(),
  );
  const now = Date.now();
  const abandoned = candidates.filter((blob) => blob.writer === null || !writerIsAlive(blob.writer) || now - (blob.touched ?? 0) > STALE_WRITE_MS);
  if (abandoned.length === 0) return 0;
  // Taken over only if still unreferenced and still the same writer's, in one transaction.
  await runStep(() =>
    db
      .transaction(() => {
        for (const blob of abandoned) {
          statement(db, 'UPDATE blobs SET writer = NULL, touched = NULL WHERE id = ? AND writer IS ? AND update_seq IS NULL AND snapshot_room IS NULL').run(
            blob.id,
            blob.writer,
          );
        }
      })
      .immediate(),
  );
  return freeGarbage(
    db,
    abandoned.map((blob) => blob.id),
    runStep,
  );
}
