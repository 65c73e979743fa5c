/** The history thread (history-work.ts): builds boards from their history, one request at a time, in order. */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { portable, transferList } from '../engine/thread-messages';
import { runWork, type WorkAnswer, type WorkRequest } from './history-work';

const port = parentPort as MessagePort;

port.on('message', (request: WorkRequest) => {
  let answer: WorkAnswer;
  try {
    const value = runWork(request);
    answer = { id: request.id, ok: true, value: value && portable(value) };
  } catch (error) {
    answer = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer, transferList(answer.ok && answer.value ? [answer.value] : []));
});
