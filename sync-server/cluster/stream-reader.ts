/**
 * Reads the chained streams this instance watches (the rooms its clients are in, and the revocations), each from its
 * own cursor. The append script (redis-link.ts) also publishes every entry on a channel named after its stream, so
 * entries arrive as Pub/Sub messages on one connection, without polling; the stream is what makes that safe. An entry
 * whose `previous` is not the last id read means something was missed (Pub/Sub dropped it, the connection broke): the
 * reader fetches what follows its cursor from the stream (XRANGE) and goes on. Only if the stream no longer chains
 * from the cursor (trimmed past it, lost in a Redis restart) is it a gap: the stream's handler hears of it (the room
 * resyncs its clients) and reading goes on from there.
 *
 * A stream starts unanchored, a few seconds back (the replay window): a change relayed just before this instance read
 * the room from PostgreSQL may not have been committed yet, and reading it again costs nothing, since Yjs applies a
 * change once. Subscribing comes first, then the stream is read, so nothing falls between the two; entries that come
 * both ways are taken once, by id. After a reconnect, every stream is subscribed again and read on from its cursor.
 * A stream whose key is broken (not a stream) costs its own room a resync, never the others.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ReplyError, type Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ClusterMetrics } from './cluster-metrics';

/** How far back a new stream is read: longer than a commit takes (see above). */
export const REPLAY_MS = 5_000;
/** A stream read that could not be sent (the command connection is down) is tried again after this long. */
const RETRY_MS = 100;
/** The clocks of Redis and this machine are compared this often (stream ids and the replay window are Redis time). */
const CLOCK_CHECK_MS = 60_000;

export const GapReason = { Missed: 'missed', Broken: 'broken', Notice: 'notice' } as const;
export type GapReason = (typeof GapReason)[keyof typeof GapReason];

export interface StreamHandler {
  /** One entry, in order: who appended it, its kind and its payload. */
  deliver(origin: string, kind: string, payload: Buffer): void;
  /** Entries of this stream were missed. */
  gap(reason: GapReason): void;
}

export interface Entry { id: string; previous: string; origin: string; kind: string; payload: Buffer }

interface Cursor {
  handler: StreamHandler;
  /** Subscribed to the stream's channel: entries come here as they are appended. */
  listening: boolean;
  /** The last id read; null while unanchored (the next entry read is taken whatever it follows). */
  last: string | null;
  /** Set while the stream is being read: messages wait here meanwhile, in order. */
  waiting: Entry[] | null;
  /** This instance's appends answered meanwhile, previous id → id: the cursor passes them once it reaches them. */
  own: Map<string, string>;
}

/** `<id> <previous> <origin> <kind> <payload>`, as the append script publishes it. */
export function parseMessage(message: Buffer): Entry | null {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < 4; i++) {
    const end = message.indexOf(32, start);
    if (end === -1) return null;
    fields.push(message.toString('latin1', start, end));
    start = end + 1;
  }
  const [id, previous, origin, kind] = fields as [string, string, string, string];
  return { id, previous, origin, kind, payload: message.subarray(start) };
}

/** Orders stream ids (`<ms>-<seq>`); for every entry read, so without arrays (split and map: ~3.5 µs an update, bench/NOTES.md). */
export function after(a: string, b: string): boolean {
  const am = parseInt(a, 10);
  const bm = parseInt(b, 10);
  return am > bm || (am === bm && Number(a.slice(a.indexOf('-') + 1)) > Number(b.slice(b.indexOf('-') + 1)));
}

export class StreamReader {
  private readonly streams = new Map<string, Cursor>();
  private clockOffsetMs = 0;
  private clockCheckedAt = -Infinity;
  private everReady = false;

  constructor(private readonly subscriber: Redis, private readonly commands: Redis, private readonly log: Logger, private readonly metrics: ClusterMetrics) {
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.received(channel.toString(), message));
    subscriber.on('ready', () => void this.connected());
    // Not subscribed any more: appends must be published whoever else listens.
    subscriber.on('close', () => this.streams.forEach((cursor) => (cursor.listening = false)));
    this.everReady = subscriber.status === 'ready';
    if (this.everReady) void this.checkClock();
  }

  /** Starts reading `key` (its stream, and its channel) from the replay window. */
  watch(key: string, handler: StreamHandler): void {
    const cursor: Cursor = { handler, listening: false, last: null, waiting: [], own: new Map() };
    this.streams.set(key, cursor);
    void this.subscribe([key]).then((ok) => (ok ? this.catchUp(key, cursor) : undefined));
  }

  /** Whether entries of `key` reach this reader as they are appended. */
  listening(key: string): boolean { return this.streams.get(key)?.listening ?? false; }

  /** This instance appended `id` after `previous`: read already, if nothing came between (it may not be sent back). */
  appended(key: string, id: string, previous: string): void {
    const cursor = this.streams.get(key);
    // While the stream is read, the read may or may not hold it: a dropped one left the cursor behind for good, and the
    // next entry from elsewhere (after it) looked like a gap once the stream no longer held it (a needless resync).
    if (cursor?.waiting) cursor.own.set(previous, id);
    else if (cursor && cursor.last === previous) cursor.last = id;
  }

  /** Moves the cursor past this instance's own appends that follow it. */
  private passOwn(cursor: Cursor): void {
    let next: string | undefined;
    while (cursor.last !== null && (next = cursor.own.get(cursor.last)) !== undefined) {
      cursor.own.delete(cursor.last);
      cursor.last = next;
    }
  }

  unwatch(key: string): void {
    this.streams.delete(key);
    this.subscriber.unsubscribe(key).catch(() => undefined);
  }

  private async subscribe(keys: string[]): Promise<boolean> {
    if (this.subscriber.status !== 'ready' || keys.length === 0) return false;
    const ok = await this.subscriber.subscribe(...keys).then(() => true, () => false);
    for (const key of keys) if (ok && this.streams.has(key)) (this.streams.get(key) as Cursor).listening = true;
    return ok;
  }

  /** A (re)connect: subscribe again, then read every stream on from its cursor. */
  private async connected(): Promise<void> {
    await this.checkClock();
    if (!this.everReady) return void (this.everReady = true);
    const keys = [...this.streams.keys()];
    for (const cursor of this.streams.values()) {
      cursor.waiting ??= [];
      cursor.listening = false;
    }
    if (await this.subscribe(keys)) for (const key of keys) void this.catchUp(key, this.streams.get(key) as Cursor);
  }

  private received(key: string, message: Buffer): void {
    const cursor = this.streams.get(key);
    const entry = parseMessage(message);
    if (!cursor || !entry) return;
    if (cursor.waiting) cursor.waiting.push(entry);
    else this.accept(key, cursor, entry);
  }

  /** Takes one entry in order; one that does not follow the cursor sends the reader to the stream for what came between. */
  private accept(key: string, cursor: Cursor, entry: Entry): void {
    if (entry.kind === 'g' && entry.id === '-') return cursor.handler.gap(GapReason.Notice); // published without its stream (it is broken)
    if (cursor.last !== null && !after(entry.id, cursor.last)) return; // read already
    if (cursor.last !== null && entry.previous !== cursor.last) {
      cursor.waiting = [entry];
      return void this.catchUp(key, cursor);
    }
    cursor.last = entry.id;
    if (cursor.own.size > 0) this.passOwn(cursor);
    if (Date.now() - this.clockCheckedAt > CLOCK_CHECK_MS) void this.checkClock();
    this.metrics.streamLag.observe(Math.max(0, Date.now() + this.clockOffsetMs - parseInt(entry.id, 10)) / 1000);
    cursor.handler.deliver(entry.origin, entry.kind, entry.payload);
  }

  /** Reads the stream after the cursor (or the replay window), then what waited meanwhile. */
  private async catchUp(key: string, cursor: Cursor): Promise<void> {
    const from = cursor.last === null ? `${Math.max(0, Math.floor(Date.now() + this.clockOffsetMs - REPLAY_MS))}-0` : `(${cursor.last}`;
    const entries = await this.readStream(key, cursor, from);
    if (entries instanceof Error) {
      if (this.streams.get(key) !== cursor) return;
      // Not a stream: what comes next is taken as it comes.
      this.log.error({ stream: key, err: entries.message }, 'a stream key is not a stream: resyncing');
      const waiting = cursor.waiting ?? [];
      cursor.waiting = null;
      this.missed(key, cursor, GapReason.Broken);
      for (const entry of waiting) this.accept(key, cursor, entry);
      return;
    }
    if (this.streams.get(key) !== cursor) return;
    const read = entries.map(([id, fields]): Entry => ({ id: id.toString(), previous: String(fields[1]), origin: String(fields[3]), kind: String(fields[4]), payload: fields[5] as Buffer }));
    const waiting = cursor.waiting ?? [];
    cursor.waiting = null;
    const last = cursor.last;
    const pending = [...read, ...waiting].filter((entry) => entry.id === '-' || last === null || after(entry.id, last));
    // What follows the cursor must name it: from the stream, or (if the stream has nothing newer yet) from a message.
    const next = pending.find((entry) => entry.id !== '-');
    if (last !== null && next && next.previous !== last) this.missed(key, cursor, GapReason.Missed);
    for (const entry of pending) {
      if (this.streams.get(key) !== cursor) return;
      const stillWaiting = cursor.waiting as Entry[] | null; // accept() may have started another catch-up
      if (stillWaiting) stillWaiting.push(entry);
      else this.accept(key, cursor, entry);
    }
    if (cursor.waiting) return;
    this.passOwn(cursor);
    cursor.own.clear(); // what is left follows nothing read: the stream will show it
  }

  /** The stream after `from`, once the command connection can ask; Redis' refusal (a key that is no stream) as an Error. */
  private async readStream(key: string, cursor: Cursor, from: string): Promise<Array<[Buffer, Buffer[]]> | Error> {
    while (this.streams.get(key) === cursor) {
      if (this.commands.status === 'ready') {
        try {
          return await this.commands.xrangeBuffer(key, from, '+');
        } catch (error) {
          if (error instanceof ReplyError) return error as Error;
        }
      }
      await sleep(RETRY_MS, undefined, { ref: false });
    }
    return [];
  }

  stop(): void { this.streams.clear(); }

  private missed(key: string, cursor: Cursor, reason: GapReason): void {
    this.log.warn({ stream: key, reason }, 'missed entries of a stream: resyncing');
    cursor.last = null;
    cursor.own.clear();
    cursor.handler.gap(reason);
  }

  private async checkClock(): Promise<void> {
    this.clockCheckedAt = Date.now();
    const before = Date.now();
    const [seconds, micros] = await this.commands.time().catch(() => [String(Date.now() / 1000), '0']);
    this.clockOffsetMs = Number(seconds) * 1000 + Number(micros) / 1000 - (before + Date.now()) / 2;
  }
}
