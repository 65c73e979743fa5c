/**
 * Worker thread that compacts rooms with its own database connection, so merging a large
 * board's log never blocks the event loop that serves the rooms. (Rooms served on that thread
 * compact from their document instead, room.ts; this worker takes large rooms, and the others
 * when that cannot run.) It prepares a compaction (reads, merges, writes a large snapshot's
 * chunks) and posts it to the serving thread, which runs the short swap itself
 * (compact-room.ts says why); then it settles it (frees what the swap replaced). Requests are
 * handled one at a time, in order. It also checkpoints the WAL on a timer (the serving
 * connection has automatic checkpoints turned off), so that fsync happens here too. It runs at
 * a lower priority than the serving thread (thread-priority.ts): compaction can wait, a pen
 * stroke should not.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { COMPACTION_THREAD_NICENESS } from '../constants';
import { lowerThisThreadPriority } from '../thread-priority';
import { sweepAbandonedBlobs } from './blob-chunks';
import { prepareCompaction, settleCompaction, type PreparedCompaction } from './compact-room';
import { openDatabase } from './sqlite-schema';
import { runNow } from './write-queue';

/** `settle` comes after the serving thread's swap: `replaced` is what it returned, null if it lost or failed. */
export type CompactionRequest = { type: 'prepare'; id: number; room: string } | { type: 'settle'; id: number; blob: number | null; replaced: number[] | null };

/** To `prepare`: the compaction to swap in, or null when there is nothing to merge; to `settle`: null. */
export type CompactionReply = { id: number; ok: true; prepared: PreparedCompaction | null } | { id: number; ok: false; error: string };

lowerThisThreadPriority(COMPACTION_THREAD_NICENESS);

const { file, checkpointIntervalMs } = workerData as { file: string; checkpointIntervalMs: number };
const db = openDatabase(file);

// PASSIVE: copies what it can without waiting for or blocking the writer.
const checkpoints = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or failing now: the next tick tries again, and the WAL keeps everything meanwhile.
  }
}, checkpointIntervalMs);
checkpoints.unref();

async function handle(request: CompactionRequest): Promise<void> {
  let reply: CompactionReply;
  const transfer: ArrayBuffer[] = [];
  try {
    if (request.type === 'prepare') {
      const prepared = await prepareCompaction(db, request.room);
      if (prepared?.data) {
        // Sent without a copy: the merge made these bytes and nothing else holds them.
        prepared.data = ownBuffer(prepared.data);
        transfer.push(prepared.data.buffer as ArrayBuffer);
      }
      reply = { id: request.id, ok: true, prepared };
    } else {
      await settleCompaction(db, request.blob, request.replaced);
      reply = { id: request.id, ok: true, prepared: null };
    }
  } catch (error) {
    reply = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply, transfer);
  if (request.type === 'prepare' && reply.ok && reply.prepared) return;
  // Garbage whose freeing was cut short, and blobs of writers that died since the last sweep.
  await sweepAbandonedBlobs(db, runNow).catch(() => undefined);
}

/** The bytes in an ArrayBuffer of their own, which can be transferred. */
function ownBuffer(data: Uint8Array): Uint8Array {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : new Uint8Array(data);
}

// Compaction is asynchronous (large snapshots are written chunk by chunk): one request at a time.
let queue = Promise.resolve();
parentPort?.on('message', (request: CompactionRequest) => {
  queue = queue.then(() => handle(request));
});
