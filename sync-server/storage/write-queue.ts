/**
 * Writes on the serving thread never wait for SQLite's write lock in place. Another connection
 * (the compaction worker swapping in a snapshot, a worker-hosted room storing a large update)
 * can hold that lock for milliseconds; better-sqlite3's busy timeout would sleep the whole event
 * loop meanwhile, stalling every room. Instead the connection is opened with no busy timeout, a
 * write that meets SQLITE_BUSY is queued and retried from a timer, and later writes queue behind
 * it so the log keeps its order. Only a lock held for `giveUpAfterMs` fails a write.
 *
 * A write made of several transactions (a large blob stored chunk by chunk, blob-chunks.ts) is a
 * task: it keeps its place at the head of the queue until it settles, so nothing queued after it
 * overtakes it, while other connections get the lock between its transactions.
 */

/** How long a write keeps retrying before it fails (as better-sqlite3's timeout did). */
export const WRITE_GIVE_UP_MS = 5_000;
/** Pause between retries: the shortest timer Node has; lock holds last 0.1–20 ms. */
const RETRY_DELAY_MS = 1;

/**
 * Runs one short write transaction, however this connection waits for the lock: retried from a
 * timer on a connection without busy timeout, or simply run on one that sleeps on it.
 */
export type RunStep = <T>(step: () => T) => Promise<T>;

/** For a connection with a busy timeout (a worker thread may sleep on the lock). */
export const runNow: RunStep = async (step) => step();

export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

interface Pending {
  /** A single write, retried while busy; or a task, started once and awaited. */
  write: (() => unknown) | null;
  task: ((step: RunStep) => Promise<unknown>) | null;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  deadline: number;
}

export class WriteQueue {
  private readonly pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private taskRunning = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly giveUpAfterMs = WRITE_GIVE_UP_MS) {}

  /** Number of writes waiting for the lock or for a task ahead of them (a running task counts). */
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
    return this.enqueue(write, null);
  }

  /**
   * Runs `task` once everything ahead of it is done; writes queued after it wait until it
   * settles. Its steps are retried while busy, each for up to `giveUpAfterMs`.
   */
  runTask<T>(task: (step: RunStep) => Promise<T>): Promise<T> {
    const queued = this.enqueue(null, task);
    if (this.pending.length === 1) this.drain();
    return queued;
  }

  /** Resolves once every queued write has run or failed. */
  idle(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** A step of a task: run now, or retried from a timer while another connection holds the lock. */
  private readonly retrying: RunStep = <T>(step: () => T) =>
    new Promise<T>((resolve, reject) => {
      const deadline = performance.now() + this.giveUpAfterMs;
      const attempt = (): void => {
        try {
          resolve(step());
        } catch (error) {
          if (isBusy(error) && performance.now() < deadline) setTimeout(attempt, RETRY_DELAY_MS);
          else reject(error);
        }
      };
      attempt();
    });

  private enqueue<T>(write: (() => T) | null, task: ((step: RunStep) => Promise<T>) | null): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ write, task, resolve: resolve as (value: unknown) => void, reject, deadline: performance.now() + this.giveUpAfterMs });
      if (write) this.schedule();
    });
  }

  private schedule(): void {
    if (this.taskRunning) return; // the task's end drains the queue
    this.timer ??= setTimeout(this.drain, RETRY_DELAY_MS);
  }

  private readonly drain = (): void => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.pending.length > 0) {
      const head = this.pending[0] as Pending;
      if (head.task) {
        this.startTask(head, head.task);
        return;
      }
      let result: unknown;
      try {
        result = (head.write as () => unknown)();
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

  private startTask(head: Pending, task: (step: RunStep) => Promise<unknown>): void {
    if (this.taskRunning) return;
    this.taskRunning = true;
    const settle = (outcome: () => void): void => {
      this.taskRunning = false;
      this.pending.shift();
      outcome();
      this.drain();
    };
    task(this.retrying).then(
      (value) => settle(() => head.resolve(value)),
      (error: unknown) => settle(() => head.reject(error)),
    );
  }
}
