/**
 * A server's history: each room's version recorder, the retention and size cap (pruned after each version, and in an
 * hourly sweep for rooms nobody opens), and the reads and computations behind the history API (history-api.ts).
 */
import * as Y from 'yjs';
import type { Logger } from 'pino';
import { PruneReason, type HistoryPart, type VersionInfo } from '../../protocol/history';
import type { Storage, VersionList } from '../storage/storage';
import { attribute, decodeShares, type AuthorShare } from './attribution';
import { REAL_CLOCK, type Clock } from './clock';
import { INLINE_WORK, ThreadWork, type HistoryWork } from './history-work';
import { historyParts } from './rebuild';
import { VersionRecorder, type VersionPolicy } from './version-recorder';

const DAY_MS = 86_400_000;
/** How often rooms nobody opens are swept for versions past the retention (`--history-days`). */
const SWEEP_INTERVAL_MS = 60 * 60_000;
/** A board's history, by default: 128 MB, over four times the largest board the room cap admits (~30 MB). */
export const DEFAULT_MAX_HISTORY_BYTES = 128 * 1024 * 1024;

/**
 * Versions the server makes by itself (history/version-recorder.ts): after 10 s without a change (a pause, people
 * leaving); before someone else starts after 2 s without one, so "before they came in" is there to go back to (an
 * accident or vandalism rarely follows within the second); at least every 5 minutes of continuous editing.
 */
export const VERSION_QUIET_MS = 10_000;
export const VERSION_HANDOFF_MS = 2_000;
export const VERSION_MAX_INTERVAL_MS = 5 * 60_000;

/** The server's history options: retention, size cap, and for tests the clock and version timing; `thread`: the built history-thread.js. */
export type HistoryOptions = Partial<Pick<HistoryConfig, 'keepDays' | 'maxBytes' | 'clock' | 'policy'>> & { thread?: URL };

/** The server's history, sweeping for retention from now on. */
export function openHistory(storage: Storage, log: Logger, options: HistoryOptions = {}): HistoryService {
  const { thread, ...rest } = options;
  const history = new HistoryService({ storage, log, work: thread ? new ThreadWork(thread) : INLINE_WORK, keepDays: null, maxBytes: DEFAULT_MAX_HISTORY_BYTES, ...rest });
  history.startSweeping();
  return history;
}

export interface HistoryConfig {
  storage: Storage;
  log: Logger;
  work: HistoryWork;
  /** Versions kept this many days (`--history-days`); null: for ever. */
  keepDays: number | null;
  /** A board's history is cut back under this (`--max-history-mb`); null: no cap. */
  maxBytes: number | null;
  clock?: Clock;
  policy?: VersionPolicy;
}

export class HistoryService {
  readonly clock: Clock;
  private readonly policy: VersionPolicy;
  private sweep: { cancel(): void } | null = null;
  /** Rooms whose cap was reached, logged once each. */
  private readonly capped = new Set<string>();

  constructor(private readonly config: HistoryConfig) {
    this.clock = config.clock ?? REAL_CLOCK;
    this.policy = config.policy ?? { quietMs: VERSION_QUIET_MS, handoffMs: VERSION_HANDOFF_MS, maxIntervalMs: VERSION_MAX_INTERVAL_MS };
  }

  get limits(): { maxBytes: number | null; keepDays: number | null } {
    return { maxBytes: this.config.maxBytes, keepDays: this.config.keepDays };
  }

  open(room: string): VersionRecorder {
    return new VersionRecorder(this.policy, this.clock, () => void this.addVersion(room, null).catch(() => undefined));
  }

  /** Marks a version now (named, or automatic); then keeps the room's history within the limits. */
  async addVersion(room: string, name: string | null): Promise<VersionInfo | null> {
    const adding = this.config.storage.addVersion(room, this.clock.now(), name);
    const version = await adding.catch((error: unknown) => {
      this.config.log.error({ err: error, room }, 'recording a version failed');
      throw error;
    });
    if (version) await this.prune(room);
    return version;
  }

  /** Forgets what the limits say to, in one room or (null) every room by age; failures are logged. */
  async prune(room: string | null): Promise<void> {
    const { keepDays, maxBytes } = this.config;
    if (keepDays === null && (maxBytes === null || room === null)) return;
    const now = this.clock.now();
    const before = keepDays === null ? null : now - keepDays * DAY_MS;
    try {
      const forgotten = await this.config.storage.pruneHistory(room, { before, maxBytes: room === null ? null : maxBytes, now });
      if (forgotten === 0) return;
      const list = room === null ? null : await this.config.storage.listVersions(room);
      if (room !== null && list?.pruned?.reason === PruneReason.Size && !this.capped.has(room)) {
        this.capped.add(room);
        this.config.log.warn({ room, maxBytes }, "a board's history reached its size cap: its oldest versions are being forgotten");
      } else this.config.log.info({ room, forgotten }, 'forgot versions past the history limits');
    } catch (error) {
      this.config.log.error({ err: error, room }, 'pruning history failed');
    }
  }

  /** Sweeps every room for versions past the retention, now and then every hour. */
  startSweeping(): void {
    if (this.config.keepDays === null || this.sweep) return;
    const run = (): void => {
      this.sweep = this.clock.after(SWEEP_INTERVAL_MS, run);
      void this.prune(null);
    };
    run();
  }

  stopSweeping(): void {
    this.sweep?.cancel();
    this.sweep = null;
  }

  list(room: string): Promise<VersionList> { return this.config.storage.listVersions(room); }

  /** The stored changes up to `upto` (null: all), each with the position it ends at. */
  async parts(room: string, upto: number | null): Promise<HistoryPart[]> {
    return historyParts(await this.config.storage.readHistory(room, upto));
  }

  /** The board at position `upto`, as one update. */
  async state(room: string, upto: number): Promise<Uint8Array> {
    return this.config.work.state((await this.parts(room, upto)).map((part) => part.update));
  }

  /** The change that takes back what `author` (null: everyone) changed after position `since`; null if nothing. */
  async undoSince(room: string, since: number, author: string | null): Promise<Uint8Array | null> {
    const read = await this.config.storage.readHistory(room, null);
    const shares: AuthorShare[] = [
      ...read.segments.filter((segment) => segment.seq > since).flatMap((segment) => decodeShares(segment.shares)),
      ...attribute(read.log.filter((entry) => entry.seq > since)),
    ].filter((share) => author === null || share.author?.name === author);
    if (shares.length === 0) return null;
    const created = Y.mergeUpdates(shares.map((share) => share.created));
    const deleted = Y.mergeUpdates(shares.map((share) => share.deleted));
    return this.config.work.undo(historyParts(read).map((part) => part.update), created, deleted);
  }

  async close(): Promise<void> {
    this.stopSweeping();
    await this.config.work.close();
  }
}
