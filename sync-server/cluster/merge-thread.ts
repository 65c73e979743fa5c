/**
 * The compaction thread of a cluster instance (snapshot-merger.ts): merges a room's snapshot and log into one update,
 * which for a 4 MB room takes hundreds of milliseconds that would otherwise stall every room on the serving thread.
 * Each message is one merge; the answer carries its id and the merged bytes (transferred), or why it failed.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { encodeSnapshot } from '../storage/snapshot-encoding';
import type { MergeAnswer, MergeRequest } from './snapshot-merger';

const port = parentPort as MessagePort;

port.on('message', ({ id, parts }: MergeRequest) => {
  let answer: MergeAnswer;
  try {
    answer = { id, merged: encodeSnapshot(parts) };
  } catch (error) {
    answer = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer, 'merged' in answer ? [answer.merged.buffer as ArrayBuffer] : []);
});
