/**
 * Embedded storage in one SQLite file (sqlite-store.ts), in a thread of its own (sqlite-thread.ts), so that no disk
 * write or compaction runs on the serving thread (a 10 MB append ~60 ms, merging a 10 MB log ~400 ms). What one turn
 * asks for goes over as one message, its appends in one transaction; answers come back in order. Without a thread
 * (tests, tools) the same store runs on the calling thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { TurnBatch } from '../engine/thread-messages';
import { startBackgroundThread } from '../thread-priority';
import { DATABASE_FILE_NAME } from './sqlite-schema';
import { SqliteStore } from './sqlite-store';
import type { HistoryAuthor } from '../../protocol/history';
import type { Storage } from './storage';

/** Every Storage call but the append is the store's method of the same name. */
type StoreCalls = Pick<SqliteStore, Exclude<keyof Storage, 'appendUpdate'>>;

/** One call of the store, as it crosses to its thread; consecutive appends share a transaction. */
export type StoreRequest =
  | { [K in keyof StoreCalls]: { op: K; args: Parameters<StoreCalls[K]> } }[keyof StoreCalls]
  | { op: 'append'; args: [room: string, update: Uint8Array, author: HistoryAuthor | null] };

export type StoreAnswer = { ok: true; value: unknown } | { ok: false; error: string };

export function runRequests(store: SqliteStore, requests: readonly StoreRequest[]): StoreAnswer[] {
  const answers: StoreAnswer[] = [];
  for (let i = 0; i < requests.length; ) {
    const request = requests[i] as StoreRequest;
    let end = i + 1;
    if (request.op === 'append') {
      while (requests[end]?.op === 'append') end++;
      const appends = requests.slice(i, end).map((append) => append.args as [string, Uint8Array, HistoryAuthor | null]);
      const answer = attempt(() => store.appendAll(appends));
      answers.push(...appends.map(() => answer));
    } else {
      answers.push(attempt(() => Reflect.apply(store[request.op], store, request.args)));
    }
    i = end;
  }
  return answers;
}

function attempt(run: () => unknown): StoreAnswer {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

interface Pending { request: StoreRequest; resolve: (value: unknown) => void; reject: (error: Error) => void }

export class SqliteStorage implements Storage {
  readonly file: string;
  /** Resolves once the database is open (in its thread, if it has one); rejects if it cannot be. */
  readonly opened: Promise<void>;
  private readonly store: SqliteStore | null = null;
  private readonly worker: Worker | null = null;
  /** Batches sent to the thread and not answered yet, in order. */
  private readonly inFlight: Pending[][] = [];
  private readonly outgoing = new TurnBatch<Pending>((batch) => this.send(batch));
  private closed: Promise<void> | null = null;
  /** Why the storage thread stopped, if it did: every request fails with it. */
  private failure: Error | null = null;
  // The Storage calls that go to the store as they are (appends share a transaction: `appendUpdate`).
  readonly loadRoom = this.forward('loadRoom');
  readonly compactRoom = this.forward('compactRoom');
  readonly linkGeneration = this.forward('linkGeneration');
  readonly revokeLinks = this.forward('revokeLinks');
  readonly dataBytes = this.forward('dataBytes');
  readonly addVersion = this.forward('addVersion');
  readonly listVersions = this.forward('listVersions');
  readonly readHistory = this.forward('readHistory');
  readonly pruneHistory = this.forward('pruneHistory');

  /** `thread`: the built sqlite-thread.js, to run the store in a thread of its own. */
  constructor(dataDir: string, thread?: URL) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, DATABASE_FILE_NAME);
    if (thread) {
      this.worker = startBackgroundThread(() => new Worker(thread, { workerData: { file: this.file } }));
      this.worker.on('message', (answers: StoreAnswer[]) => this.settle(this.inFlight.shift() ?? [], answers));
      this.worker.on('error', (error) => this.failAll(error));
    } else {
      this.store = new SqliteStore(this.file);
    }
    this.opened = this.dataBytes().then(() => undefined);
  }

  appendUpdate(room: string, update: Uint8Array, author: HistoryAuthor | null = null): Promise<void> {
    return this.request({ op: 'append', args: [room, update, author] }) as Promise<void>;
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      // Closing the database checkpoints the WAL into the file: the data directory is whole. Answers come in order, so
      // once the close is answered, so is everything asked before it.
      const closing = new Promise((resolve, reject) => this.outgoing.push({ request: { op: 'close', args: [] }, resolve, reject }));
      this.outgoing.flush();
      await closing.catch(() => undefined);
      await this.worker?.terminate();
    })();
    return this.closed;
  }

  /** The store's `op`, asked of it in its thread (or here), answered in order. */
  private forward<K extends keyof StoreCalls>(op: K): (...args: Parameters<StoreCalls[K]>) => Promise<ReturnType<StoreCalls[K]>> {
    return (...args) => this.request({ op, args } as StoreRequest) as Promise<ReturnType<StoreCalls[K]>>;
  }

  private request(request: StoreRequest): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the storage is closed'));
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.outgoing.push({ request, resolve, reject }));
  }

  private send(batch: Pending[]): void {
    const requests = batch.map((pending) => pending.request);
    if (this.store) return this.settle(batch, runRequests(this.store, requests));
    this.inFlight.push(batch);
    // Copied, not transferred: the caller may still hold the bytes (a room's cached board does).
    (this.worker as Worker).postMessage(requests);
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
