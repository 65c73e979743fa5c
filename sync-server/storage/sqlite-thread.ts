/**
 * The storage thread (sqlite-storage.ts): one SQLite connection for every read and write of the server's rooms. Each
 * message is a batch of requests, answered with their results in order; loaded rooms cross back without a copy.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { portableArgs, transferList } from '../engine/thread-messages';
import { runRequests, type StoreRequest } from './sqlite-storage';
import { SqliteStore } from './sqlite-store';

const store = new SqliteStore((workerData as { file: string }).file);
const port = parentPort as MessagePort;

port.on('message', (requests: StoreRequest[]) => {
  const answers = runRequests(store, requests);
  const loaded = answers.flatMap((answer) => (answer.ok && Array.isArray(answer.value) ? portableArgs(answer.value) : []));
  port.postMessage(answers, transferList(loaded));
});
