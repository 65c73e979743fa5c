/**
 * An instance's two Redis connections (ioredis): `commands` (appends, stream reads, liveness), pipelined automatically
 * but for appends, and `subscriber`, which receives the entries of the streams it watches (stream-reader.ts). Neither
 * queues commands while disconnected, nor sends again what was in flight when a connection broke: an append that
 * cannot be made now fails at once, and its room owes the others a gap notice (redis-fan-out.ts) instead of a backlog
 * of unbounded size.
 *
 * Streams are chains. The append script adds an entry whose field `p` is the id of the entry added before it (kept
 * beside the stream), so a reader that finds `p` different from the last id it read knows it missed entries, however
 * they went: trimmed, or lost with a Redis restart. Entries are `p <previous id> o <origin> <kind> <payload>`; Redis
 * gives the ids (time-based, so a stream made again after it was lost continues after the old ids). The script also
 * publishes the entry, as `<id> <previous> <origin> <kind> <payload>`, on the channel named after the stream: readers
 * get entries pushed instead of polling every stream they watch (one XREAD of 60 streams cost ~60 µs in Redis and more
 * in the client, ~450 times a second per instance: bench/cluster, spread, quick), and read the stream only to fill in
 * what they missed. Entries older than the retention go (MINID, trimmed a node at a time), and an idle stream expires
 * with its last id.
 */
import { Redis, type Result } from 'ioredis';

/** What a stream keeps: far longer than an instance takes to read it, and than a change takes to be committed. */
export const STREAM_KEEP_MS = 10_000;
/** An idle room's stream goes after this long; a reader of it then sees a gap, which costs one resync. */
const STREAM_IDLE_TTL_MS = 24 * 3600 * 1000;

const APPEND_SCRIPT = `
local now = redis.call('TIME')
local minid = (tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[4])) .. '-0'
local previous = redis.call('GET', KEYS[2]) or '0-0'
local id = redis.call('XADD', KEYS[1], 'MINID', '~', minid, '*', 'p', previous, 'o', ARGV[2], ARGV[3], ARGV[1])
redis.call('SET', KEYS[2], id, 'PX', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
if redis.call('PUBSUB', 'NUMSUB', KEYS[1])[2] > tonumber(ARGV[6]) then
  redis.call('PUBLISH', KEYS[1], id .. ' ' .. previous .. ' ' .. ARGV[2] .. ' ' .. ARGV[3] .. ' ' .. ARGV[1])
end
return {id, previous}`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    whiteboardAppend(
      ...args: [stream: string, last: string, payload: Uint8Array | string, origin: string, kind: string, keepMs: number, ttlMs: number, listening: number]
    ): Result<[id: string, previous: string], Context>;
  }
}

/** The key of a room's stream and of its last id; `{room}` keeps both in one Redis Cluster slot. */
export const streamKeys = (room: string): [stream: string, last: string] => [`whiteboard:room:{${room}}`, `whiteboard:room:{${room}}:last`];

export class RedisLink {
  readonly commands: Redis;
  readonly subscriber: Redis;

  constructor(url: string) {
    const options = { enableOfflineQueue: false, autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 1, lazyConnect: true };
    // Appends are written at once, not in a pipeline on the next tick: each comes from its own socket read, so the
    // pipeline held one command and cost a tick and its bookkeeping (bench:cluster, propagation p50 0.45 → 0.40 ms and
    // spread 64 → 60 µs per delivered message: bench/NOTES.md "Issue #21, cross-instance propagation").
    const direct = ['whiteboardAppend'];
    this.commands = new Redis(url, { ...options, enableAutoPipelining: true, autoPipeliningIgnoredCommands: direct, connectionName: 'whiteboard-commands' });
    // Subscribed again by the reader itself, before it reads on from its cursors.
    this.subscriber = new Redis(url, { ...options, autoResubscribe: false, connectionName: 'whiteboard-subscriber' });
    this.commands.defineCommand('whiteboardAppend', { numberOfKeys: 2, lua: APPEND_SCRIPT });
  }

  /** Connects both; rejects with what went wrong if Redis does not answer. */
  async connect(): Promise<void> {
    await Promise.all([this.commands.connect(), this.subscriber.connect()]);
  }

  /**
   * Appends to a chained stream; resolves to the entry's id and the one before it. `listening`: this instance is
   * subscribed to the stream's channel, so with no one else subscribed the entry is not published (it would only come
   * back here: with a room's people on one instance, every message would).
   */
  append(keys: [stream: string, last: string], payload: Uint8Array | string, origin: string, kind: string, listening = false): Promise<[id: string, previous: string]> {
    // A Buffer over the same bytes: ioredis sends Buffers as they are, and would turn another view into text.
    const bytes = typeof payload === 'string' ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    return this.commands.whiteboardAppend(keys[0], keys[1], bytes, origin, kind, STREAM_KEEP_MS, STREAM_IDLE_TTL_MS, listening ? 1 : 0);
  }

  close(): void {
    this.commands.disconnect();
    this.subscriber.disconnect();
  }
}
