/**
 * Fan-out between the instances of a cluster through Redis Streams (fan-out.ts is the interface): one stream per room,
 * appended by every instance holding the room (redis-link.ts), read by each only while the room is loaded there
 * (stream-reader.ts). No instance owns a room: each stores what its own clients change and relays it here first.
 *
 * - Every channel has an origin id (`<instance>.<n>`), so it never hears its own frames and hears another channel of the
 *   same room on this instance (a room replaced after it failed) like any other.
 * - A publish that fails (Redis unreachable, the connection broke with it in flight, a broken key) is not retried, which
 *   could reorder it: the room owes the others a gap notice, appended as soon as Redis takes it, and every instance that
 *   reads it resyncs that room's clients from PostgreSQL.
 * - An append to PostgreSQL that fails after its change was relayed leaves the change in the rooms elsewhere and in the
 *   stream (which a room loaded again here replays), stored nowhere: a client would get it back from the room, find
 *   nothing to send, and be acknowledged. So the room owes a notice to every instance, this one included (`Everyone`):
 *   each rebuilds the room from PostgreSQL, and its clients send again what PostgreSQL lacks.
 * - Each instance refreshes a liveness key every second; the changes it relayed are kept by the others for a while
 *   (unstored-changes.ts) and stored by them if its key lapses, in case it died between relaying and committing.
 */
import { randomBytes } from 'node:crypto';
import { ReplyError } from 'ioredis';
import type { Logger } from 'pino';
import type { ChannelListener, FanOut, FanOutChannel } from '../fan-out';
import type { Storage } from '../storage/storage';
import type { ClusterMetrics } from './cluster-metrics';
import { PROBE_INTERVAL_MS, type Reachability } from './reachability';
import { streamKeys, type RedisLink } from './redis-link';
import { GapReason, StreamReader, type StreamHandler } from './stream-reader';
import { KEEP_MS, UnstoredChanges } from './unstored-changes';

/** An instance whose liveness key is this old died (it refreshes it every second). */
const ALIVE_TTL_MS = 5_000;
const Kind = { Frame: 'f', GapNotice: 'g' } as const;
/** A gap notice's payload: '' for the other instances (a publish failed), this for every instance (a store failed). */
const EVERYONE = 'all';

const aliveKey = (instance: string): string => `whiteboard:instance:${instance}`;

/** A room's stream as this instance reads it: the room's channels here, by origin. */
class RoomStream implements StreamHandler {
  readonly channels = new Map<string, ChannelListener>();

  constructor(readonly room: string, private readonly fanOut: RedisFanOut) {}

  deliver(origin: string, kind: string, payload: Buffer): void {
    const fromHere = origin.startsWith(this.fanOut.channelPrefix);
    if (kind === Kind.GapNotice) {
      if (!fromHere || payload.toString('latin1') === EVERYONE) this.gap(GapReason.Notice);
      return;
    }
    const frame = new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
    for (const [id, channel] of this.channels) if (id !== origin) channel.deliver(frame);
    if (!fromHere) this.fanOut.received(this.room, origin.slice(0, origin.indexOf('.')), frame);
  }

  gap(reason: GapReason): void {
    this.fanOut.metrics.resyncs.inc({ reason });
    for (const channel of this.channels.values()) channel.gap();
  }
}

export interface RedisFanOutContext {
  link: RedisLink;
  /** Where changes of instances that died before storing them are stored. */
  storage: Pick<Storage, 'appendUpdate'>;
  redisReachability: Reachability;
  log: Logger;
  metrics: ClusterMetrics;
}

export class RedisFanOut implements FanOut {
  /** This instance, among those sharing the Redis. */
  readonly instance = randomBytes(6).toString('base64url');
  /** What the origins of this instance's channels start with. */
  readonly channelPrefix = `${this.instance}.`;
  readonly reader: StreamReader;
  readonly metrics: ClusterMetrics;
  private readonly rooms = new Map<string, RoomStream>();
  /** Rooms owing a gap notice, with its payload ('' or EVERYONE). */
  private readonly owedGaps = new Map<string, string>();
  private readonly unstored = new UnstoredChanges();
  private nextChannel = 1;
  private readyAt = Date.now();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly ctx: RedisFanOutContext) {
    this.metrics = ctx.metrics;
    this.reader = new StreamReader(ctx.link.subscriber, ctx.link.commands, ctx.log, ctx.metrics);
    ctx.link.commands.on('ready', () => (this.readyAt = Date.now()));
    this.timer = setInterval(() => void this.tick(), PROBE_INTERVAL_MS).unref();
  }

  /** The rooms this instance reads. */
  roomIds(): string[] { return [...this.rooms.keys()]; }

  open(room: string, listener: ChannelListener): FanOutChannel {
    let stream = this.rooms.get(room);
    if (!stream) {
      this.rooms.set(room, (stream = new RoomStream(room, this)));
      this.reader.watch(streamKeys(room)[0], stream);
    }
    const origin = `${this.instance}.${this.nextChannel++}`;
    const held = stream;
    held.channels.set(origin, listener);
    return {
      publish: (frame) => this.append(room, frame, origin, Kind.Frame),
      close: () => {
        held.channels.delete(origin);
        if (held.channels.size > 0 || this.rooms.get(room) !== held) return;
        this.rooms.delete(room);
        this.reader.unwatch(streamKeys(room)[0]);
      },
    };
  }

  /** A frame from another instance reached the room here. */
  received(room: string, instance: string, frame: Uint8Array): void {
    this.metrics.received.inc();
    this.unstored.remember(room, instance, frame, Date.now());
  }

  /** Storing a change of `room` failed after it was relayed (pg-storage.ts `onAppendFailed`): everyone resyncs it. */
  storeFailed(room: string): void {
    this.owedGaps.set(room, EVERYONE);
    void this.sendOwedGap(room);
  }

  close(): void {
    clearInterval(this.timer);
    this.reader.stop();
  }

  private append(room: string, payload: Uint8Array | string, origin: string, kind: string): void {
    this.metrics.published.inc();
    const keys = streamKeys(room);
    this.ctx.link.append(keys, payload, origin, kind, this.reader.listening(keys[0])).then(([id, previous]) => this.reader.appended(keys[0], id, previous), (error: unknown) => {
      if (!(error instanceof ReplyError)) this.ctx.redisReachability.set(false, error);
      // Redis answered but the stream is broken: its readers are told at once, on its channel alone.
      else void this.ctx.link.commands.publish(streamKeys(room)[0], `- - ${origin} ${Kind.GapNotice} `).catch(() => undefined);
      if (!this.owedGaps.has(room)) this.ctx.log.warn({ room, err: (error as Error).message }, 'could not relay a change through Redis: the room elsewhere will resync');
      if (!this.owedGaps.has(room)) this.owedGaps.set(room, '');
    });
  }

  /** Every second: liveness, gap notices owed, and the changes of instances that died. */
  private async tick(): Promise<void> {
    const { commands } = this.ctx.link;
    try {
      await commands.set(aliveKey(this.instance), '1', 'PX', ALIVE_TTL_MS);
      this.ctx.redisReachability.set(true);
    } catch (error) {
      return this.ctx.redisReachability.set(false, error);
    }
    for (const room of [...this.owedGaps.keys()]) await this.sendOwedGap(room);
    this.unstored.prune(Date.now());
    // Just after a reconnect (a Redis restart), the others may not have set their keys again yet.
    const others = this.unstored.instances().filter((instance) => instance !== this.instance);
    if (others.length === 0 || Date.now() - this.readyAt < ALIVE_TTL_MS) return;
    const alive = await commands.mget(others.map(aliveKey)).catch(() => null);
    for (const [i, instance] of others.entries()) if (alive && alive[i] === null) await this.storeOrphans(instance);
  }

  private async sendOwedGap(room: string): Promise<void> {
    const payload = this.owedGaps.get(room);
    if (payload === undefined) return;
    await this.ctx.link.append(streamKeys(room), payload, `${this.instance}.0`, Kind.GapNotice).then(
      () => void (this.owedGaps.get(room) === payload && this.owedGaps.delete(room)),
      () => undefined,
    );
  }

  private async storeOrphans(instance: string): Promise<void> {
    const taken = this.unstored.take(instance);
    this.ctx.log.warn({ instance, rooms: taken.length }, `instance ${instance} stopped: storing the changes of it kept here (the last ${KEEP_MS / 1000} s)`);
    for (const [room, update] of taken) {
      await this.ctx.storage.appendUpdate(room, update).then(
        () => this.metrics.orphansStored.inc(),
        (error: unknown) => this.ctx.log.error({ room, err: error }, 'storing changes of a stopped instance failed'),
      );
    }
  }
}
