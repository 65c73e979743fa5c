/**
 * Merges for compaction, off the serving thread: in merge-thread.ts, started at low priority on the first compaction and
 * kept (unreferenced, so it never holds the process open); started again if it dies. Without a thread (tests, tools)
 * the merge runs here.
 */
import { Worker } from 'node:worker_threads';
import { portable } from '../engine/thread-messages';
import { encodeSnapshot } from '../storage/snapshot-encoding';
import { startBackgroundThread } from '../thread-priority';

export interface MergeRequest { id: number; parts: Uint8Array[] }
export type MergeAnswer = { id: number; merged: Uint8Array } | { id: number; error: string };

interface Waiting { resolve(merged: Uint8Array): void; reject(error: Error): void }

export class SnapshotMerger {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();

  /** `thread`: the built merge-thread.js; null merges on this thread. */
  constructor(private readonly thread: URL | null, private readonly execArgv?: string[]) {}

  merge(parts: Uint8Array[]): Promise<Uint8Array> {
    if (!this.thread) return Promise.resolve().then(() => encodeSnapshot(parts));
    const id = this.nextId++;
    const worker = this.started();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // Whole buffers only: a view would have its whole backing buffer (pg's 8 KiB slabs) copied across.
      const request: MergeRequest = { id, parts: parts.map(portable) };
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const options = this.execArgv ? { execArgv: this.execArgv } : {};
    const worker = startBackgroundThread(() => new Worker(this.thread as URL, options));
    worker.unref();
    worker.on('message', (answer: MergeAnswer) => {
      const waiting = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if ('merged' in answer) waiting?.resolve(answer.merged);
      else waiting?.reject(new Error(answer.error));
    });
    const lost = (error: Error): void => {
      if (this.worker === worker) this.worker = null;
      for (const waiting of this.waiting.values()) waiting.reject(error);
      this.waiting.clear();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the merge thread exited (${code})`)));
    return (this.worker = worker);
  }
}
