/**
 * Merges for compaction, off the serving thread: the snapshot, and the log folded into history segments at the room's
 * versions (history/segments.ts), in merge-thread.ts, started at low priority on the first compaction and
 * kept (unreferenced, so it never holds the process open); started again if it dies. Without a thread (tests, tools)
 * the merge runs here.
 */
import { Worker } from 'node:worker_threads';
import { portable } from '../engine/thread-messages';
import { foldLog, type LogEntry, type Segment } from '../history/segments';
import { encodeSnapshot } from '../storage/snapshot-encoding';
import { startBackgroundThread } from '../thread-priority';

/** A log to fold into segments cut at `cuts` (positions), beside the merge. */
export interface Fold { log: LogEntry[]; cuts: number[] }
export interface Merged { merged: Uint8Array; segments: Segment[] }
export interface MergeRequest { id: number; parts: Uint8Array[]; fold: Fold | null }
export type MergeAnswer = ({ id: number } & Merged) | { id: number; error: string };

/** What a merge request asks for, wherever it runs. */
export function runMerge(parts: Uint8Array[], fold: Fold | null): Merged {
  return { merged: encodeSnapshot(parts), segments: fold ? foldLog(fold.log, fold.cuts) : [] };
}

/** The buffers of an answer, to transfer rather than copy. */
export function mergedBuffers(answer: Merged): ArrayBuffer[] {
  // Each once: a segment of one entry is that entry's own bytes, and a buffer listed twice cannot be transferred.
  return [...new Set([answer.merged, ...answer.segments.flatMap((segment) => [segment.data, segment.shares])].map((data) => data.buffer as ArrayBuffer))];
}

interface Waiting { resolve(merged: Merged): void; reject(error: Error): void }

export class SnapshotMerger {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();

  /** `thread`: the built merge-thread.js; null merges on this thread. */
  constructor(private readonly thread: URL | null) {}

  /** The merge of `parts` (pruning's base segment). */
  async merge(parts: Uint8Array[]): Promise<Uint8Array> { return (await this.run(parts, null)).merged; }

  /** Compaction's work: the merge of `parts`, and `fold`'s log as segments. */
  compact(parts: Uint8Array[], fold: Fold): Promise<Merged> { return this.run(parts, fold); }

  private run(parts: Uint8Array[], fold: Fold | null): Promise<Merged> {
    if (!this.thread) return Promise.resolve().then(() => runMerge(parts, fold));
    const id = this.nextId++;
    const worker = this.started();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // Whole buffers only: a view would have its whole backing buffer (pg's 8 KiB slabs) copied across.
      const log = fold?.log.map((entry) => ({ ...entry, data: portable(entry.data) }));
      const request: MergeRequest = { id, parts: parts.map(portable), fold: fold && { log: log as LogEntry[], cuts: fold.cuts } };
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
    const worker = startBackgroundThread(() => new Worker(this.thread as URL));
    worker.unref();
    worker.on('message', (answer: MergeAnswer) => {
      const waiting = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if ('merged' in answer) waiting?.resolve(answer);
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
