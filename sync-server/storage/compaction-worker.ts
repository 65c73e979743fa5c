/**
 * Worker thread that compacts rooms with its own database connection, so merging a large
 * board's log never blocks the event loop that serves the rooms. Requests are handled one at a
 * time, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compactRoomLog, openDatabase } from './sqlite-schema';

export interface CompactionRequest {
  id: number;
  room: string;
}

export type CompactionReply = { id: number; ok: true; merged: number } | { id: number; ok: false; error: string };

const db = openDatabase((workerData as { file: string }).file);

parentPort?.on('message', ({ id, room }: CompactionRequest) => {
  let reply: CompactionReply;
  try {
    reply = { id, ok: true, merged: compactRoomLog(db, room).merged };
  } catch (error) {
    reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
