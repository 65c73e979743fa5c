/**
 * Binds accepted WebSockets to their rooms, the only place that reads sockets: binary frames become room `receive` calls,
 * text frames and floods are refused, liveness is kept (WebSocket pings). A server holds thousands of idle connections
 * (bench/server's idle-connection scenario), so listeners are shared functions finding their connection through the
 * socket, not per-connection closures, and queues, timers and loggers exist only while needed.
 */
import type { WebSocket, RawData } from 'ws';
import type { Logger } from 'pino';
import { encodeVersionNotice } from '../protocol/auth-message';
import { CloseCode } from '../protocol/close-code';
import { MIN_CLIENT_VERSION, PROTOCOL_VERSION, isServedVersion } from '../protocol/version';
import { MessageType, isKnownMessageType } from '../protocol/message-type';
import type { Role } from '../protocol/role';
import type { ServerLimits } from './constants';
import type { Metrics } from './metrics';
import { Peer } from './peer';
import { takeToken, type TokenState } from './rate-limit';
import { MemoryBudgetFull, type RoomHold, type RoomRegistry } from './room-registry';
import { scheduleExpiry } from './link-expiry';

export interface ConnectionInfo {
  roomId: string;
  role: Role;
  /** The link generation of the token the connection was admitted with. */
  generation: number;
  remoteAddress: string;
  wantsAcks: boolean;
  /** When the connection's link expires (Unix seconds); null: never. */
  expiresAt: number | null;
  /** The protocol version the client named (protocol/version.ts); null if unreadable. */
  version: number | null;
}

export interface ConnectionContext {
  rooms: RoomRegistry;
  log: Logger;
  metrics: Metrics;
  limits: Pick<ServerLimits, 'messagesPerSecond' | 'messageBurst' | 'pingingClientSilenceMs'>;
}

function toBytes(data: RawData): Uint8Array {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** The server's open connections: admission, WebSocket pings, shutdown. */
export class Connections {
  private readonly open = new Set<Connection>();

  constructor(readonly ctx: ConnectionContext) {}

  get size(): number { return this.open.size; }

  /** The open connections' sockets (a copy: closing them changes the set). */
  sockets(): WebSocket[] { return [...this.open].map((connection) => connection.ws); }

  attach(ws: WebSocket, info: ConnectionInfo): void {
    if (info.version === null || !isServedVersion(info.version)) {
      // Told in a message it can show, then closed: a browser never sees an HTTP refusal.
      this.ctx.metrics.connectionsClosed.inc({ code: String(CloseCode.VersionUnsupported) });
      ws.send(encodeVersionNotice({ min: MIN_CLIENT_VERSION, max: PROTOCOL_VERSION }));
      ws.close(CloseCode.VersionUnsupported, `this server speaks protocol versions ${MIN_CLIENT_VERSION} to ${PROTOCOL_VERSION}`);
      return;
    }
    const connection = new Connection(ws, info, this);
    bySocket.set(ws, connection);
    this.open.add(connection);
    // ws reports frame-level violations (bad opcode or bits, unmasked or oversized frames) as errors, and closes (1002, 1009).
    ws.on('message', onMessage).on('error', onError).on('close', onClose).on('pong', onPong);
    connection.join();
  }

  /** Pings every connection; terminates those that missed `maxMissed` pongs in a row. */
  ping(maxMissed: number): void {
    for (const connection of this.open) {
      if (connection.missedPongs++ < maxMissed) {
        connection.ws.ping();
      } else {
        connection.log().info('terminating a peer that missed its pongs');
        connection.ws.terminate();
      }
    }
  }

  connectionOf(ws: WebSocket): Connection | undefined { return bySocket.get(ws); }

  forget(connection: Connection): void { this.open.delete(connection); }
}

/** The connection of each attached socket, for the shared listeners. */
const bySocket = new WeakMap<WebSocket, Connection>();

function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void { bySocket.get(this)?.receive(data, isBinary); }

function onError(this: WebSocket, error: Error & { code?: string }): void {
  bySocket.get(this)?.log().warn({ err: error.message, code: error.code }, 'websocket protocol error');
}

function onClose(this: WebSocket): void { bySocket.get(this)?.closed(); }

function onPong(this: WebSocket): void { bySocket.get(this)?.ponged(); }

function onPeerClose(this: Peer, code: CloseCode, reason: string): void { bySocket.get(this.socket as WebSocket)?.closing(code, reason); }

/** A peer's liveness probe: a WebSocket ping, answered by a pong in time or not. */
function probePeer(this: Peer, timeoutMs: number): Promise<boolean> {
  return bySocket.get(this.socket as WebSocket)?.probe(timeoutMs) ?? Promise.resolve(false);
}

export class Connection implements TokenState {
  missedPongs = 0;
  /** The rate limit's bucket (rate-limit.ts), kept in the connection itself. */
  tokens: number;
  tokensAt: number;
  private readonly peer: Peer;
  private readonly roomId: string;
  private hold: RoomHold | null = null;
  /** Armed by the client's first app-level ping: from then on silence means it died without a close (sleep, network change). */
  private silence: NodeJS.Timeout | null = null;
  private expiry: ReturnType<typeof scheduleExpiry> | null = null;
  /** Made when the connection first logs (a child logger costs about a kilobyte). */
  private child: Logger | null = null;
  private pongWaiters: Array<(alive: boolean) => void> | null = null;

  constructor(readonly ws: WebSocket, info: ConnectionInfo, private readonly connections: Connections) {
    this.roomId = info.roomId;
    this.peer = new Peer(ws, info.role, info.generation, info.remoteAddress, info.wantsAcks, onPeerClose, probePeer);
    this.tokens = connections.ctx.limits.messageBurst;
    this.tokensAt = performance.now();
    const expire = (): void => this.peer.close(CloseCode.LinkExpired, 'the invite link has expired');
    if (info.expiresAt !== null) this.expiry = scheduleExpiry(info.expiresAt, expire);
  }

  private get ctx(): ConnectionContext { return this.connections.ctx; }

  ponged(): void {
    this.missedPongs = 0;
    this.settleProbes(true);
  }

  /** Pings the client now; resolves true on its pong, false after `timeoutMs` or on close. */
  probe(timeoutMs: number): Promise<boolean> {
    if (this.ws.readyState !== this.ws.OPEN) return Promise.resolve(false);
    return new Promise((resolve) => {
      setTimeout(() => resolve(false), timeoutMs).unref();
      (this.pongWaiters ??= []).push(resolve);
      this.ws.ping();
    });
  }

  private settleProbes(alive: boolean): void {
    const waiters = this.pongWaiters;
    this.pongWaiters = null;
    for (const settle of waiters ?? []) settle(alive);
  }

  /** The server closes the connection: counted and logged. */
  closing(code: CloseCode, reason: string): void {
    this.ctx.metrics.connectionsClosed.inc({ code: String(code) });
    this.log().warn({ code, reason }, 'closing connection');
  }

  log(): Logger { return (this.child ??= this.ctx.log.child({ room: this.roomId, remote: this.peer.remoteAddress })); }

  join(): void {
    try {
      this.hold = this.ctx.rooms.acquire(this.roomId);
    } catch (error) {
      if (!(error instanceof MemoryBudgetFull)) throw error;
      return this.peer.close(CloseCode.TryAgainLater, error.message);
    }
    this.hold.room.addPeer(this.peer);
  }

  receive(data: RawData, isBinary: boolean): void {
    const { peer, ctx } = this;
    if (peer.closing) return;
    if (!isBinary) return peer.close(CloseCode.UnsupportedData, 'text frames are not supported; send binary y-websocket messages');
    if (!takeToken(this, ctx.limits.messagesPerSecond, ctx.limits.messageBurst, performance.now())) {
      return peer.close(CloseCode.PolicyViolation, 'too many messages; slow down');
    }
    const message = toBytes(data);
    const type = message[0];
    if (this.silence) this.silence.refresh();
    else if (type === MessageType.Ping) {
      this.silence = setTimeout(() => peer.terminate(CloseCode.GoingAway, 'silent: missed its pings'), ctx.limits.pingingClientSilenceMs).unref();
    }
    ctx.metrics.messagesReceived.inc({ type: type !== undefined && isKnownMessageType(type) ? String(type) : 'other' });
    ctx.metrics.bytesReceived.inc(message.length);
    this.hold?.room.receive(peer, message);
  }

  closed(): void {
    this.connections.forget(this);
    this.settleProbes(false);
    if (this.silence) clearTimeout(this.silence);
    this.expiry?.cancel();
    this.hold?.room.removePeer(this.peer);
    this.hold?.release();
  }
}
