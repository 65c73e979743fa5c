/**
 * The server-wide data limit (`--max-data-gb`): once storage holds that much, no board is created and no document write
 * that adds anything is accepted, so one client cannot fill the disk under every other board. Storage is measured every
 * few seconds and what is written in between is added as it is written, so a burst overshoots by one write at most.
 * Writes are refused the same way while a cluster's database is unreachable (cluster/): the client keeps them.
 */
import type { Logger } from 'pino';
import type { Storage } from './storage/storage';

/** How often the storage is asked what it holds: a cheap query, and a limit needs no precision. */
const MEASURE_INTERVAL_MS = 5_000;

export const UNREACHABLE_REASON = 'the server cannot reach its database; changes are kept on this device until it is back';
const [FULL, UNREACHABLE] = [1, 2];

/** Whether the limit is reached, for this thread and the threads that hold room documents (engine-pool.ts). */
export interface SharedFlagData {
  limitBytes: number;
  /** One Int32: FULL while the limit is reached, UNREACHABLE while storage is. */
  buffer: SharedArrayBuffer;
}

/** Why nothing more may be stored, as a thread reads it from the shared flag. */
export function readStorageFull({ limitBytes, buffer }: SharedFlagData): () => string | null {
  const flag = new Int32Array(buffer);
  const [unit, name] = limitBytes >= 1024 ** 3 ? [1024 ** 3, 'GB'] : limitBytes >= 1024 ** 2 ? [1024 ** 2, 'MB'] : [1, 'bytes'];
  const size = `${Number((limitBytes / unit).toFixed(2))} ${name}`;
  const full = `the server's storage limit (${size}) is reached; changes are kept on this device until there is room`;
  const reasons = [null, full, UNREACHABLE_REASON]; // made once: read for every message a room gets
  return () => reasons[Atomics.load(flag, 0)] ?? null;
}

export class DataLimit {
  readonly shared: SharedFlagData;
  /** Why nothing more may be stored now; null while it may. */
  readonly full: () => string | null;
  private usedBytes = 0;
  private warned = false;
  private reachable = true;
  private readonly timer: NodeJS.Timeout;
  private readonly flag: Int32Array;

  constructor(private readonly storage: Pick<Storage, 'dataBytes'>, readonly limitBytes: number, private readonly log: Logger) {
    this.shared = { limitBytes, buffer: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT) };
    this.flag = new Int32Array(this.shared.buffer);
    this.full = readStorageFull(this.shared);
    void this.measure();
    this.timer = setInterval(() => void this.measure(), MEASURE_INTERVAL_MS).unref();
  }

  /** Counts bytes just written, until the next measurement. */
  wrote(bytes: number): void { this.set(this.usedBytes + bytes); }

  setReachable(reachable: boolean): void { this.reachable = reachable; this.set(this.usedBytes); }

  measure(): Promise<void> {
    return this.storage.dataBytes().then(
      (bytes) => {
        this.set(bytes);
        const full = bytes >= this.limitBytes;
        if (full && !this.warned) this.log.warn({ usedBytes: bytes, limitBytes: this.limitBytes }, 'the data limit is reached: new boards and new changes are refused');
        this.warned = full;
      },
      (error: unknown) => this.log.warn({ err: error }, 'measuring the stored data failed'),
    );
  }

  stop(): void { clearInterval(this.timer); }

  private set(bytes: number): void {
    this.usedBytes = bytes;
    Atomics.store(this.flag, 0, !this.reachable ? UNREACHABLE : bytes >= this.limitBytes ? FULL : 0);
  }
}
