/**
 * Compaction: merges a room's log into its snapshot, in three parts. Preparing reads the log in
 * one read transaction, merges outside any, and writes a large snapshot in chunks (blob-chunks.ts).
 * The swap is one short transaction that puts the snapshot in. Settling frees the chunks of what
 * the swap replaced, a few per transaction.
 *
 * With a compaction worker, the worker prepares and settles and the serving thread runs the swap
 * in its own write queue. The worker runs at a lower priority, and the swap holds the one write
 * lock every room's append needs: run by the worker (at the lowest priority, then), a swap of a
 * few hundred microseconds held that lock for 25 ms and more whenever a large room's worker was
 * busy on the same core (the low-priority holder waits for the core while the serving thread
 * waits for the lock). The serving thread's commits wait for the swap either way.
 */
import type Database from 'better-sqlite3';
import { CHUNK_BYTES, abandonBlob, asBuffer, detachBlobs, finishBlob, freeGarbage, statement, writeChunkedBlob, type ChunkHooks } from './blob-chunks';
import { readRoom } from './sqlite-schema';
import { encodeSnapshot } from './snapshot-encoding';
import { runNow, type RunStep } from './write-queue';

export interface CompactionResult {
  /** Log entries merged into the snapshot (0: nothing to do, or another compaction won). */
  merged: number;
}

function view(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * A merged snapshot ready to be swapped in: its bytes inline, or already written as a chunked
 * blob. Posted from the compaction worker to the serving thread, which runs the swap.
 */
export interface PreparedCompaction {
  room: string;
  /** The snapshot's `upto_seq` the merge started from: the swap checks it is still that. */
  baseSeq: number;
  /** The last log entry merged. */
  uptoSeq: number;
  /** How many log entries were merged. */
  merged: number;
  /** The snapshot, when it is small enough to store inline. */
  data: Uint8Array | null;
  /** Otherwise the chunked blob it was written to (by this process). */
  blob: number | null;
}

/**
 * Reads the room's log and snapshot (one read transaction), merges them outside any, and writes
 * a result larger than one chunk in chunks. Resolves to null when there is nothing to merge.
 */
export async function prepareCompaction(db: Database.Database, room: string, runStep: RunStep = runNow, hooks?: ChunkHooks): Promise<PreparedCompaction | null> {
  const { snapshot, log } = await runStep(() => readRoom(db, room));
  const baseSeq = snapshot?.upto_seq ?? 0;
  if (log.length === 0 || (log.length === 1 && !snapshot)) return null;
  const parts = log.map((row) => view(row.data));
  if (snapshot) parts.unshift(view(snapshot.data));
  const merged = encodeSnapshot(parts);
  const uptoSeq = log[log.length - 1]?.seq ?? baseSeq;
  // From one chunk's size on, the snapshot is written in chunks here (by the worker), so the swap
  // on the serving thread never writes more than 256 KiB (~0.5 ms) itself.
  const blob = merged.length > CHUNK_BYTES ? await writeChunkedBlob(db, asBuffer(merged), runStep, hooks) : null;
  return { room, baseSeq, uptoSeq, merged: log.length, data: blob === null ? merged : null, blob };
}

/** The `upto_seq` of the room's snapshot: 0 when it has none. */
function snapshotSeq(db: Database.Database, room: string): number {
  return statement<[string], { upto_seq: number }>(db, 'SELECT upto_seq FROM snapshots WHERE room = ?').get(room)?.upto_seq ?? 0;
}

/**
 * The swap: one short IMMEDIATE transaction that checks nobody replaced the snapshot since the
 * merge read it, puts the merged one in and deletes exactly the entries it merged (updates
 * appended meanwhile have higher sequence numbers). Returns the blobs it detached, to free
 * afterwards, or null if another compaction won. IMMEDIATE: a deferred transaction that reads
 * and then writes cannot wait for the lock in WAL mode; if another connection wrote in between,
 * SQLite answers SQLITE_BUSY at once, which is how compaction failed under load.
 */
export function swapCompaction(db: Database.Database, prepared: PreparedCompaction): number[] | null {
  const { room, baseSeq, uptoSeq, data, blob } = prepared;
  const swap = db.transaction((): number[] | null => {
    if (snapshotSeq(db, room) !== baseSeq) return null;
    const replaced = detachBlobs(db, room, uptoSeq, true);
    if (blob !== null) finishBlob(db, blob, { snapshotRoom: room });
    statement(db, 'INSERT OR REPLACE INTO snapshots (room, data, upto_seq) VALUES (?, ?, ?)').run(room, data === null ? Buffer.alloc(0) : asBuffer(data), uptoSeq);
    statement(db, 'DELETE FROM updates WHERE room = ? AND seq <= ?').run(room, uptoSeq);
    return replaced;
  });
  return swap.immediate();
}

/**
 * Compaction from the room's document, for a caller that holds it (an in-thread room): the
 * document's state becomes the snapshot, in place of the snapshot and every log entry, in one
 * swap on this connection, with no log read back and no merge. The caller guarantees that the
 * document holds every stored update of the room and nothing of the room is being stored
 * meanwhile, so the log's last entry is exactly what the state covers; the document holding
 * more than that (an update applied whose append failed) would only be stored twice, and Yjs
 * applies an update twice as once. `encodeState` is called only when there is something to
 * merge. Returns what the swap detached (to settle), or null when it did not swap: the state is
 * larger than one chunk (the worker's path writes those in chunks), or another compaction's swap
 * came first. Throws SQLITE_BUSY when the lock is taken.
 */
export function swapInState(db: Database.Database, room: string, encodeState: () => Uint8Array): number[] | null {
  const baseSeq = snapshotSeq(db, room);
  const log = statement<[string], { entries: number; last: number | null }>(db, 'SELECT count(*) AS entries, max(seq) AS last FROM updates WHERE room = ?').get(room);
  if (!log || log.last === null || (log.entries === 1 && baseSeq === 0)) return [];
  const data = encodeState();
  if (data.length > CHUNK_BYTES) return null;
  return swapCompaction(db, { room, baseSeq, uptoSeq: log.last, merged: log.entries, data, blob: null });
}

/**
 * After the swap (`replaced` is what it returned, null if it lost or failed): frees what it
 * detached, or gives up the unused chunked blob. A failure here only leaves garbage, which the
 * next sweep frees.
 */
export async function settleCompaction(db: Database.Database, blob: number | null, replaced: number[] | null, runStep: RunStep = runNow): Promise<void> {
  if (replaced === null) {
    if (blob !== null) await abandonBlob(db, blob, runStep).catch(() => undefined); // else the sweep frees it
    return;
  }
  await freeGarbage(db, replaced, runStep).catch(() => undefined);
}

/** Where each part of a compaction runs: one connection, or the worker and the serving thread. */
export interface CompactionParts {
  prepare(): Promise<PreparedCompaction | null>;
  swap(prepared: PreparedCompaction): Promise<number[] | null>;
  settle(blob: number | null, replaced: number[] | null): Promise<void>;
}

/**
 * Runs the parts in order. Settling always follows the swap, with null when it lost or failed,
 * so an unused chunked snapshot is given up. Resolves to the log entries merged.
 */
export async function runCompaction(parts: CompactionParts): Promise<number> {
  const prepared = await parts.prepare();
  if (!prepared) return 0;
  let replaced: number[] | null = null;
  try {
    replaced = await parts.swap(prepared);
  } finally {
    await parts.settle(prepared.blob, replaced);
  }
  return replaced === null ? 0 : prepared.merged;
}

/**
 * The whole compaction on one connection: `runStep` runs each transaction, directly on a
 * connection that may sleep on the lock, through the write queue on the serving thread's.
 */
export async function compactRoomLog(db: Database.Database, room: string, runStep: RunStep = runNow, hooks?: ChunkHooks): Promise<CompactionResult> {
  const merged = await runCompaction({
    prepare: () => prepareCompaction(db, room, runStep, hooks),
    swap: (prepared) => runStep(() => swapCompaction(db, prepared)),
    settle: (blob, replaced) => settleCompaction(db, blob, replaced, runStep),
  });
  return { merged };
}
