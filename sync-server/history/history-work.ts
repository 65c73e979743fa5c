/**
 * The heavy part of history requests: building a board from its history (~0.5–1 s for 10 MB, bench/history) to encode
 * a version or to undo changes. It runs in a thread of its own (history-thread.ts), started when first needed, so no
 * room waits; without one (tests, tools) on the calling thread. Requests are answered in order.
 */
import { Worker } from 'node:worker_threads';
import { encodeSnapshot } from '../storage/snapshot-encoding';
import { startBackgroundThread } from '../thread-priority';
import { undoChanges } from './revert';

export interface HistoryWork {
  /** The state `parts` make, as one update. */
  state(parts: Uint8Array[]): Promise<Uint8Array>;
  /** The change taking `created` and `deleted` back out (revert.ts), or null when it changes nothing. */
  undo(parts: Uint8Array[], created: Uint8Array, deleted: Uint8Array): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

export type WorkRequest = { id: number; op: 'state'; args: [Uint8Array[]] } | { id: number; op: 'undo'; args: [Uint8Array[], Uint8Array, Uint8Array] };
export type WorkAnswer = { id: number; ok: true; value: Uint8Array | null } | { id: number; ok: false; error: string };

export function runWork(request: WorkRequest): Uint8Array | null {
  return request.op === 'state' ? encodeSnapshot(request.args[0]) : undoChanges(...request.args);
}

export const INLINE_WORK: HistoryWork = {
  state: async (parts) => encodeSnapshot(parts),
  undo: async (parts, created, deleted) => undoChanges(parts, created, deleted),
  close: async () => undefined,
};

export class ThreadWork implements HistoryWork {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: Uint8Array | null) => void; reject: (error: Error) => void }>();

  constructor(private readonly url: URL) {}

  async state(parts: Uint8Array[]): Promise<Uint8Array> { return (await this.ask({ op: 'state', args: [parts] })) as Uint8Array; }

  undo(parts: Uint8Array[], created: Uint8Array, deleted: Uint8Array): Promise<Uint8Array | null> {
    return this.ask({ op: 'undo', args: [parts, created, deleted] });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private ask(request: Omit<WorkRequest, 'id'>): Promise<Uint8Array | null> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.thread().postMessage({ ...request, id });
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = startBackgroundThread(() => new Worker(this.url));
    worker.unref();
    worker.on('message', (answer: WorkAnswer) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if (answer.ok) waiting?.resolve(answer.value);
      else waiting?.reject(new Error(answer.error));
    });
    // A thread that dies fails what it had; the next request starts another.
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`the history thread exited (${code})`)));
    return (this.worker = worker);
  }

  private fail(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = null;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
