/**
 * Embedded storage in one SQLite file under the data directory (sqlite-store.ts). The server
 * runs it in a thread of its own (sqlite-thread.ts), so no disk write, checkpoint or compaction
 * ever runs on the serving thread: a 10 MB append takes ~60 ms and merging a 10 MB room's log
 * ~400 ms here. What one event-loop turn asks for goes over as one message, and the appends in
 * it are committed in one transaction; answers come back in order. Without a thread (tests,
 * command-line tools) the same store runs on the calling thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { TurnBatch } from '../engine/thread-messages';
import { startBackgroundThread } from '../thread-priority';
import { DATABASE_FILE_NAME } from './sqlite-schema';
import { SqliteStore } from './sqlite-store';
import type { Storage } from './storage';

export { DATABASE_FILE_NAME };

/** One request to the store, as it crosses to its thread. */
export type StoreRequest =
  | { op: 'load'; room: string }
  | { op: 'append'; room: string; update: Uint8Array }
  | { op: 'compact'; room: string }
  | { op: 'generation'; room: string }
  | { op: 'revoke'; room: string }
  | { op: 'dataBytes' }
  | { op: 'close' };

export type StoreAnswer = { ok: true; value: unknown } | { ok: false; error: string };

/** Runs a batch of requests in order on `store`; consecutive appends share one transaction. */
export function runRequests(store: SqliteStore, requests: readonly StoreRequest[]): StoreAnswer[] {
  const answers: StoreAnswer[] = [];
  for (let i = 0; i < requests.length; ) {
    const request = requests[i] as StoreRequest;
    if (request.op === 'append') {
      let end = i;
      while (requests[end]?.op === 'append') end++;
      const appends = requests.slice(i, end) as Array<Extract<StoreRequest, { op: 'append' }>>;
      const answer = attempt(() => store.appendAll(appends.map((entry) => [entry.room, entry.update])));
      for (let k = i; k < end; k++) answers.push(answer);
      i = end;
      continue;
    }
    answers.push(attempt(() => runOne(store, request)));
    i++;
  }
  return answers;
}

function runOne(store: SqliteStore, request: Exclude<StoreRequest, { op: 'append' }>): unknown {
  switch (request.op) {
    case 'load':
      return store.loadRoom(request.room);
    case 'compact':
      return store.compactRoom(request.room);
    case 'generation':
      return store.linkGeneration(request.room);
    case 'revoke':
      return store.revokeLinks(request.room);
    case 'dataBytes':
      return store.dataBytes();
    case 'close':
      return store.close();
  }
}

function attempt(run: () => unknown): StoreAnswer {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

interface Pending {
  request: StoreRequest;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export interface SqliteStorageOptions {
  /** The built sqlite-thread.js: run the store in a thread of its own. */
  thread?: URL;
  /** Extra Node flags for the thread (tests: a TypeScript loader). */
  execArgv?: string[];
}

export class SqliteStorage implements Storage {
  readonly file: string;
  private readonly store: SqliteStore | null = null;
  private readonly worker: Worker | null = null;
  /** Batches sent to the thread and not answered yet, in order. */
  private readonly inFlight: Pending[][] = [];
  private readonly outgoing: TurnBatch<Pending>;
  private closed: Promise<void> | null = null;
  /** Why the storage thread stopped, if it did: every request fails with it. */
  private failure: Error | null = null;
  /** Answers not in yet: closing waits for them. */
  private readonly outstanding = new Set<Promise<unknown>>();

  constructor(dataDir: string, options: SqliteStorageOptions = {}) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, DATABASE_FILE_NAME);
    if (options.thread) {
      this.worker = startBackgroundThread(() => new Worker(options.thread as URL, { workerData: { file: this.file }, ...(options.execArgv ? { execArgv: options.execArgv } : {}) }));
      this.worker.on('message', (answers: StoreAnswer[]) => this.answered(answers));
      this.worker.on('error', (error) => this.failAll(error));
    } else {
      this.store = new SqliteStore(this.file);
    }
    this.outgoing = new TurnBatch((batch) => this.send(batch));
    this.opened = this.request({ op: 'dataBytes' }).then(() => undefined);
  }

  /** Resolves once the database is open (in its thread, if it has one); rejects if it cannot be. */
  readonly opened: Promise<void>;

  loadRoom(room: string): Promise<Uint8Array[]> {
    return this.request({ op: 'load', room }) as Promise<Uint8Array[]>;
  }

  appendUpdate(room: string, update: Uint8Array): Promise<void> {
    return this.request({ op: 'append', room, update }) as Promise<void>;
  }

  async compactRoom(room: string): Promise<void> {
    await this.request({ op: 'compact', room });
  }

  linkGeneration(room: string): Promise<number> {
    return this.request({ op: 'generation', room }) as Promise<number>;
  }

  revokeLinks(room: string): Promise<number> {
    return this.request({ op: 'revoke', room }) as Promise<number>;
  }

  dataBytes(): Promise<number> {
    return this.request({ op: 'dataBytes' }) as Promise<number>;
  }

  /** Finishes what was asked, then releases the database (and its thread). */
  close(): Promise<void> {
    this.closed ??= (async () => {
      // Closing the database checkpoints the WAL into the file: the data directory is whole.
      const closing = new Promise((resolve, reject) => this.outgoing.push({ request: { op: 'close' }, resolve, reject }));
      this.outgoing.flush();
      await Promise.allSettled([...this.outstanding, closing]);
      await this.worker?.terminate();
    })();
    return this.closed;
  }

  private request(request: StoreRequest): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the storage is closed'));
    if (this.failure) return Promise.reject(this.failure);
    const answer = new Promise((resolve, reject) => this.outgoing.push({ request, resolve, reject }));
    this.outstanding.add(answer);
    const forget = (): void => void this.outstanding.delete(answer);
    answer.then(forget, forget);
    return answer;
  }

  private send(batch: Pending[]): void {
    const requests = batch.map((pending) => pending.request);
    if (this.store) {
      this.settle(batch, runRequests(this.store, requests));
      return;
    }
    this.inFlight.push(batch);
    // Copied, not transferred: the caller may still hold the bytes (a room's cached board does).
    (this.worker as Worker).postMessage(requests);
  }

  private answered(answers: StoreAnswer[]): void {
    const batch = this.inFlight.shift();
    if (batch) this.settle(batch, answers);
  }

  private settle(batch: Pending[], answers: StoreAnswer[]): void {
    batch.forEach((pending, i) => {
      const answer = answers[i];
      if (answer?.ok) pending.resolve(answer.value);
      else pending.reject(new Error(answer?.error ?? 'no answer from the storage thread'));
    });
  }

  private failAll(error: Error): void {
    this.failure = error;
    for (const batch of this.inFlight.splice(0)) for (const pending of batch) pending.reject(error);
  }
}
