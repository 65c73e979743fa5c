/**
 * Writes on the serving thread never wait for SQLite's write lock in place. Another connection
 * (the compaction worker swapping in a snapshot, a worker-hosted room storing a large update)
 * can hold that lock for milliseconds; better-sqlite3's busy timeout would sleep the whole event
 * loop meanwhile, stalling every room. Instead the connection is opened with no busy timeout, a
 * write that meets SQLITE_BUSY is queued and retried from a timer, and later writes queue behind
 * it so the log keeps its order. Only a lock held for `giveUpAfterMs` fails a write.
 */

/** How long a write keeps retrying before it fails (as better-sqlite3's timeout did). */
export const WRITE_GIVE_UP_MS = 5_000;
/** Pause between retries: the shortest timer Node has; lock holds last 0.1–20 ms. */
const RETRY_DELAY_MS = 1;

export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

interface Pending {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  deadline: number;
}

export class WriteQueue {
  private readonly pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly giveUpAfterMs = WRITE_GIVE_UP_MS) {}

  /** Number of writes waiting for the lock. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Runs `write` now if nothing is queued and the lock is free, else after those ahead of it. */
  run<T>(write: () => T): Promise<T> {
    if (this.pending.length === 0) {
      try {
        return Promise.resolve(write());
      } catch (error) {
        if (!isBusy(error)) return Promise.reject(error);
      }
    }
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ write, resolve: resolve as (value: unknown) => void, reject, deadline: performance.now() + this.giveUpAfterMs });
      this.schedule();
    });
  }

  /** Resolves once every queued write has run or failed. */
  idle(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    this.timer ??= setTimeout(this.drain, RETRY_DELAY_MS);
  }

  private readonly drain = (): void => {
    this.timer = null;
    while (this.pending.length > 0) {
      const head = this.pending[0] as Pending;
      let result: unknown;
      try {
        result = head.write();
      } catch (error) {
        if (isBusy(error) && performance.now() < head.deadline) {
          this.schedule();
          return;
        }
        this.pending.shift();
        head.reject(error);
        continue;
      }
      this.pending.shift();
      head.resolve(result);
    }
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  };
}
