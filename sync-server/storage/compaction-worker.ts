/**
 * Worker thread that compacts rooms with its own database connection, so merging a large
 * board's log never blocks the event loop that serves the rooms. Requests are handled one at a
 * time, in order. It also checkpoints the WAL on a timer (the serving connection has automatic
 * checkpoints turned off), so that fsync happens here too. It runs at a lower priority than the
 * serving thread (thread-priority.ts): compaction can wait, a pen stroke should not.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { COMPACTION_THREAD_NICENESS } from '../constants';
import { lowerThisThreadPriority } from '../thread-priority';
import { sweepAbandonedBlobs } from './blob-chunks';
import { compactRoomLog } from './compact-room';
import { openDatabase } from './sqlite-schema';
import { runNow } from './write-queue';

export interface CompactionRequest {
  id: number;
  room: string;
}

export type CompactionReply = { id: number; ok: true; merged: number } | { id: number; ok: false; error: string };

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

async function compact({ id, room }: CompactionRequest): Promise<void> {
  let reply: CompactionReply;
  try {
    reply = { id, ok: true, merged: (await compactRoomLog(db, room)).merged };
  } catch (error) {
    reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
  // Garbage whose freeing was cut short, and blobs of writers that died since the last sweep.
  await sweepAbandonedBlobs(db, runNow).catch(() => undefined);
}

// Compaction is asynchronous now (large snapshots are written chunk by chunk): one at a time.
let queue = Promise.resolve();
parentPort?.on('message', (request: CompactionRequest) => {
  queue = queue.then(() => compact(request));
});
