/**
 * Reads the Redis streams this instance watches (the rooms its clients are in, and the revocations), all in one blocking
 * XREAD on a connection of its own, each from its own cursor. Streams are chains (redis-link.ts): an entry whose `p` is
 * not the last id read means entries were missed, and that stream's handler hears of the gap (the room resyncs) before
 * reading goes on. A stream starts, and starts again after a gap, unanchored, a few seconds back (the replay window): a
 * change relayed just before this instance read the room from PostgreSQL may not have been committed yet, and reading it
 * again costs nothing, since Yjs applies a change once. A reconnect is a gap for every stream: what came meanwhile is
 * unknown. A stream whose key is broken (not a stream) is set aside with a gap and tried again later, so one broken room
 * never stalls the others; at most `ENTRIES_PER_READ` entries per stream per read, so no busy room starves the rest.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ClusterMetrics } from './cluster-metrics';

/** Reads again at least this often without news, to take in streams watched meanwhile if a wake-up was lost. */
const BLOCK_MS = 1_000;
const ENTRIES_PER_READ = 100;
/** How far back a new or resynced stream is read: longer than any commit takes (see above). */
export const REPLAY_MS = 5_000;
/** A broken stream is tried again after this long. */
const BROKEN_RETRY_MS = 5_000;
/** The clocks of Redis and this machine are compared this often (stream ids and the replay window are Redis time). */
const CLOCK_CHECK_MS = 60_000;

export const GapReason = { Missed: 'missed', Reconnected: 'reconnected', Broken: 'broken', Notice: 'notice' } as const;
export type GapReason = (typeof GapReason)[keyof typeof GapReason];

export interface StreamHandler {
  /** One entry, in order: who appended it (`o`), its kind and its payload. */
  deliver(origin: string, kind: string, payload: Buffer): void;
  /** Entries of this stream were missed. */
  gap(reason: GapReason): void;
}

interface Cursor { handler: StreamHandler; last: string; anchored: boolean; broken: boolean; brokenUntil: number }

export class StreamReader {
  private readonly streams = new Map<string, Cursor>();
  private clockOffsetMs = 0;
  private clockCheckedAt = -Infinity;
  private everReady = false;
  private reading = false;
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();

  /** `wake` makes a blocked read return (a wake entry on `wakeKey`), so streams watched meanwhile are read at once. */
  constructor(private readonly redis: Redis, private readonly wakeKey: string, private readonly wake: () => void, private readonly log: Logger, private readonly metrics: ClusterMetrics) {
    redis.on('ready', () => this.connected());
    this.streams.set(wakeKey, { handler: { deliver: () => undefined, gap: () => undefined }, last: '0-0', anchored: false, broken: false, brokenUntil: 0 });
  }

  get size(): number { return this.streams.size - 1; }

  start(): void { this.loop = this.run(); }

  watch(key: string, handler: StreamHandler): void {
    this.streams.set(key, { handler, last: this.windowStart(), anchored: false, broken: false, brokenUntil: 0 });
    if (this.reading) this.wake();
  }

  unwatch(key: string): void { this.streams.delete(key); }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.redis.status !== 'ready') {
        await sleep(50);
        continue;
      }
      if (Date.now() - this.clockCheckedAt > CLOCK_CHECK_MS) await this.checkClock().catch(() => undefined);
      const keys = [...this.streams].filter(([, cursor]) => cursor.brokenUntil <= Date.now()).map(([key]) => key);
      const cursors = keys.map((key) => (this.streams.get(key) as Cursor).last);
      let reply: Array<[Buffer, Array<[Buffer, Buffer[]]>]> | null;
      this.reading = true;
      try {
        reply = await this.redis.xreadBuffer('COUNT', ENTRIES_PER_READ, 'BLOCK', BLOCK_MS, 'STREAMS', ...keys, ...cursors);
      } catch (error) {
        this.reading = false;
        await this.failed(error, keys);
        continue;
      }
      this.reading = false;
      for (const key of keys) this.recovered(key);
      for (const [key, entries] of reply ?? []) this.read(key.toString(), entries);
    }
  }

  private read(key: string, entries: Array<[Buffer, Buffer[]]>): void {
    const cursor = this.streams.get(key);
    for (const [rawId, fields] of entries) {
      if (!cursor || this.streams.get(key) !== cursor) return; // unwatched meanwhile
      const id = rawId.toString();
      if (key === this.wakeKey) {
        cursor.last = id;
        continue;
      }
      const [, previous, , origin, kind, payload] = fields;
      if ((cursor.anchored && previous?.toString() !== cursor.last) || fields.length !== 6) return this.missed(key, cursor, GapReason.Missed);
      cursor.last = id;
      cursor.anchored = true;
      this.metrics.streamLag.observe(Math.max(0, Date.now() + this.clockOffsetMs - Number(id.split('-')[0])) / 1000);
      cursor.handler.deliver((origin as Buffer).toString(), (kind as Buffer).toString(), payload as Buffer);
    }
  }

  private missed(key: string, cursor: Cursor, reason: GapReason): void {
    this.log.warn({ stream: key, reason }, 'missed entries of a stream: resyncing');
    cursor.last = this.windowStart();
    cursor.anchored = false;
    cursor.handler.gap(reason);
  }

  private recovered(key: string): void {
    const cursor = this.streams.get(key);
    if (!cursor?.broken) return;
    cursor.broken = false;
    this.log.info({ stream: key }, 'a stream set aside is read again');
  }

  /** A reconnect: everything read may have missed entries meanwhile. */
  private connected(): void {
    if (this.everReady) for (const [key, cursor] of this.streams) if (key !== this.wakeKey) this.missed(key, cursor, GapReason.Reconnected);
    this.everReady = true;
    this.clockCheckedAt = -Infinity;
  }

  /** A read failed: the connection (wait for it), or a key that is no stream (set it aside), or something else (pause). */
  private async failed(error: unknown, keys: string[]): Promise<void> {
    if (this.stopped || this.redis.status !== 'ready') return;
    const types = await Promise.all(keys.map((key) => this.redis.type(key).catch(() => 'unknown')));
    const broken = keys.filter((_, i) => types[i] !== 'stream' && types[i] !== 'none');
    for (const key of broken) {
      const cursor = this.streams.get(key) as Cursor;
      cursor.brokenUntil = Date.now() + BROKEN_RETRY_MS;
      if (cursor.broken) continue; // its handler heard of it when it broke
      this.log.error({ stream: key, type: types[keys.indexOf(key)], err: (error as Error).message }, 'a stream key is not a stream: set aside');
      cursor.broken = true;
      this.missed(key, cursor, GapReason.Broken);
    }
    if (broken.length === 0) {
      this.log.error({ err: (error as Error).message }, 'reading the streams failed');
      await sleep(BROKEN_RETRY_MS / 5);
    }
  }

  /** Where a stream read from now on starts: the replay window, in Redis time. */
  private windowStart(): string { return `${Math.max(0, Math.floor(Date.now() + this.clockOffsetMs - REPLAY_MS))}-0`; }

  private async checkClock(): Promise<void> {
    const before = Date.now();
    const [seconds, micros] = await this.redis.time();
    this.clockOffsetMs = Number(seconds) * 1000 + Number(micros) / 1000 - (before + Date.now()) / 2;
    this.clockCheckedAt = Date.now();
  }
}
