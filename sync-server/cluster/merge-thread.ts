/**
 * The compaction thread of a cluster instance (snapshot-merger.ts): merges a room's snapshot and log into one update,
 * and folds the log into history segments, which for a 4 MB room takes hundreds of milliseconds that would otherwise
 * stall every room on the serving thread. Each message is one merge; the answer carries its id and the merged bytes and
 * segments (transferred), or why it failed.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { mergedBuffers, runMerge, type MergeAnswer, type MergeRequest } from './snapshot-merger';

const port = parentPort as MessagePort;

port.on('message', ({ id, parts, fold }: MergeRequest) => {
  let answer: MergeAnswer;
  try {
    answer = { id, ...runMerge(parts, fold) };
  } catch (error) {
    answer = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer, 'merged' in answer ? mergedBuffers(answer) : []);
});
