/**
 * Compaction: merges a room's log into its snapshot. The read is one read transaction and the
 * merge runs outside any; a large snapshot is written in chunks (blob-chunks.ts) before the swap.
 * The swap is one short transaction that first checks nobody replaced the snapshot meanwhile,
 * and deletes exactly the entries it merged (updates appended meanwhile have higher sequence
 * numbers). The chunks of what the swap replaced are freed after it, a few per transaction.
 */
import type Database from 'better-sqlite3';
import { CHUNKED_FROM_BYTES, abandonBlob, asBuffer, detachBlobs, finishBlob, freeGarbage, statement, writeChunkedBlob, type ChunkHooks } from './blob-chunks';
import { readRoom } from './sqlite-schema';
import { encodeSnapshot } from './snapshot-encoding';
import { runNow, type RunStep } from './write-queue';

export interface CompactionResult {
  /** Log entries merged into the snapshot (0: nothing to do, or another compaction won). */
  merged: number;
  snapshotBytes: number;
}

function view(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * `runStep` runs each transaction: directly on a connection that may sleep on the lock (the
 * compaction worker's), through the write queue on the serving thread's.
 */
export async function compactRoomLog(db: Database.Database, room: string, runStep: RunStep = runNow, hooks?: ChunkHooks): Promise<CompactionResult> {
  const { snapshot, log } = await runStep(() => readRoom(db, room));
  const baseSeq = snapshot?.upto_seq ?? 0;
  if (log.length === 0 || (log.length === 1 && !snapshot)) return { merged: 0, snapshotBytes: snapshot?.data.length ?? 0 };
  const parts = log.map((row) => view(row.data));
  if (snapshot) parts.unshift(view(snapshot.data));
  const merged = asBuffer(encodeSnapshot(parts));
  const uptoSeq = log[log.length - 1]?.seq ?? baseSeq;
  const blob = merged.length >= CHUNKED_FROM_BYTES ? await writeChunkedBlob(db, merged, runStep, hooks) : null;
  // IMMEDIATE: take the write lock first (waiting up to the busy timeout). A deferred
  // transaction that reads and then writes cannot wait in WAL mode: if another connection wrote
  // in between, SQLite answers SQLITE_BUSY at once, which is how compaction failed under load.
  const swap = db.transaction((): number[] | null => {
    const current = statement<[string], { upto_seq: number }>(db, 'SELECT upto_seq FROM snapshots WHERE room = ?').get(room)?.upto_seq ?? 0;
    if (current !== baseSeq) return null;
    const replaced = detachBlobs(db, room, uptoSeq, true);
    if (blob !== null) finishBlob(db, blob, { snapshotRoom: room });
    statement(db, 'INSERT OR REPLACE INTO snapshots (room, data, upto_seq) VALUES (?, ?, ?)').run(room, blob === null ? merged : Buffer.alloc(0), uptoSeq);
    statement(db, 'DELETE FROM updates WHERE room = ? AND seq <= ?').run(room, uptoSeq);
    return replaced;
  });
  let replaced: number[] | null;
  try {
    replaced = await runStep(() => swap.immediate());
  } catch (error) {
    if (blob !== null) await abandonBlob(db, blob, runStep).catch(() => undefined); // else the sweep frees it
    throw error;
  }
  if (replaced === null) {
    if (blob !== null) await abandonBlob(db, blob, runStep);
    return { merged: 0, snapshotBytes: 0 };
  }
  // The swap is committed: a failure here only leaves garbage, which the next sweep frees.
  await freeGarbage(db, replaced, runStep).catch(() => undefined);
  return { merged: log.length, snapshotBytes: merged.length };
}
