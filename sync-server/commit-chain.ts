/**
 * The ordered path of a room's accepted updates: each is stored, then delivered (broadcast),
 * and whatever was queued behind it (an ack, a compaction) runs after, never overtaking an
 * earlier one. Storing first is the durability promise (docs/PROTOCOL.md §16).
 *
 * When nothing is pending and the storage can append at once (SQLite with its write lock free),
 * the update is stored and delivered before `commit` returns. Otherwise it joins a promise
 * chain, as every update did before: that path cost each update three promise hops, an
 * allocation-heavy async timer, and about 60 µs between the commit and the broadcast on the
 * serving thread (measured in bench/server's propagation scenario).
 */
import type { Logger } from 'pino';
import type { Metrics } from './metrics';
import type { Storage } from './storage/storage';

export interface CommitContext {
  storage: Storage;
  metrics: Metrics;
  log: Logger;
}

export class CommitChain {
  private tail: Promise<void> = Promise.resolve();
  /** Links of the chain not yet run: while any is, later steps must queue behind them. */
  private queued = 0;

  constructor(
    private readonly room: string,
    private readonly ctx: CommitContext,
  ) {}

  /** Resolves once everything committed or queued so far has run. */
  get settled(): Promise<void> {
    return this.tail;
  }

  /** Whether everything committed or queued so far has run (nothing is being stored). */
  get idle(): boolean {
    return this.queued === 0;
  }

  /** Stores `update`, then calls `deliver`; or `failed` if it could not be stored. */
  commit(update: Uint8Array, deliver: () => void, failed: (error: unknown) => void): void {
    if (this.queued === 0 && this.ctx.storage.appendNow) {
      const start = performance.now();
      let stored: boolean;
      try {
        stored = this.ctx.storage.appendNow(this.room, update);
      } catch (error) {
        failed(error);
        return;
      }
      if (stored) {
        this.ctx.metrics.observeStorage('append', (performance.now() - start) / 1000);
        deliver();
        return;
      }
    }
    const written = this.ctx.metrics.timeStorage('append', () => this.ctx.storage.appendUpdate(this.room, update));
    this.chain(() => written.then(deliver, failed));
  }

  /** Runs `step` after everything committed so far: now, if that is all done. */
  then(step: () => void): void {
    if (this.queued === 0) step();
    else this.chain(async () => step());
  }

  private chain(step: () => Promise<void>): void {
    this.queued++;
    this.tail = this.tail
      .then(step)
      // A step that throws must not skip every later one (a rejected chain runs no `then`).
      .catch((error: unknown) => this.ctx.log.error({ err: error, room: this.room }, 'a queued room step failed'))
      .finally(() => {
        this.queued--;
      });
  }
}
