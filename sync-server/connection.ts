/**
 * Binds accepted WebSockets to their rooms. This is the only place on the server that reads
 * from sockets: it turns binary frames into room `receive` calls, refuses text frames and
 * floods, keeps each connection's liveness (WebSocket pings), and releases the room when the
 * socket goes. Messages go straight to the room, which queues them while it loads.
 *
 * An idle connection should cost as little memory as possible: a server holds thousands. So the
 * socket listeners are shared module-level functions that find their connection through the
 * socket, not closures made per connection, and queues, timers and loggers exist only while
 * needed (bench/server's idle-connection scenario measures this).
 */
import type { WebSocket, RawData } from 'ws';
import type { Logger } from 'pino';
import { encodeVersionNotice } from '../protocol/auth-message';
import { CloseCode } from '../protocol/close-code';
import { MIN_CLIENT_VERSION, PROTOCOL_VERSION, isServedVersion, type VersionRange } from '../protocol/version';
import { MessageType, isKnownMessageType } from '../protocol/message-type';
import type { Role } from '../protocol/role';
import type { ServerLimits } from './constants';
import type { Metrics } from './metrics';
import { Peer } from './peer';
import { takeToken, type TokenState } from './rate-limit';
import { MemoryBudgetFull, type RoomHold, type RoomRegistry } from './room-registry';
import { scheduleExpiry, type ExpiryTimer } from './link-expiry';

export interface ConnectionInfo {
  roomId: string;
  role: Role;
  /** The link generation of the token the connection was admitted with. */
  generation: number;
  remoteAddress: string;
  wantsAcks: boolean;
  /** When the link the connection was admitted with expires (Unix seconds); null: never. */
  expiresAt: number | null;
  /** The protocol version the client named (protocol/version.ts); null if it named an unreadable one. */
  version: number | null;
}

export interface ConnectionContext {
  rooms: RoomRegistry;
  log: Logger;
  metrics: Metrics;
  limits: Pick<ServerLimits, 'messagesPerSecond' | 'messageBurst' | 'pingingClientSilenceMs'>;
}

const SERVED_VERSIONS: VersionRange = { min: MIN_CLIENT_VERSION, max: PROTOCOL_VERSION };

function toBytes(data: RawData): Uint8Array {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** The server's open connections: admission, WebSocket pings, shutdown. */
export class Connections {
  private readonly open = new Set<Connection>();

  constructor(readonly ctx: ConnectionContext) {}

  get size(): number {
    return this.open.size;
  }

  /** The open connections' sockets (a copy: closing them changes the set). */
  sockets(): WebSocket[] {
    return [...this.open].map((connection) => connection.ws);
  }

  attach(ws: WebSocket, info: ConnectionInfo): void {
    if (info.version === null || !isServedVersion(info.version)) {
      // Told in a message it can show, then closed: a browser never sees an HTTP refusal.
      this.ctx.metrics.connectionsClosed.inc({ code: String(CloseCode.VersionUnsupported) });
      ws.send(encodeVersionNotice(SERVED_VERSIONS));
      ws.close(CloseCode.VersionUnsupported, `this server speaks protocol versions ${MIN_CLIENT_VERSION} to ${PROTOCOL_VERSION}`);
      return;
    }
    const connection = new Connection(ws, info, this);
    bySocket.set(ws, connection);
    this.open.add(connection);
    this.ctx.metrics.connections.set(this.open.size);
    ws.on('message', onMessage);
    // ws reports frame-level violations (bad opcode, reserved bits, unmasked or oversized
    // frames) here, and closes the socket itself with the fitting code (1002, 1009).
    ws.on('error', onError);
    ws.on('close', onClose);
    ws.on('pong', onPong);
    connection.join();
  }

  /** Pings every connection; terminates those that missed `maxMissed` pongs in a row. */
  ping(maxMissed: number): void {
    for (const connection of this.open) {
      if (connection.missedPongs >= maxMissed) {
        connection.log().info('terminating a peer that missed its pongs');
        connection.ws.terminate();
        continue;
      }
      connection.missedPongs++;
      connection.ws.ping();
    }
  }

  /** The connection of an attached socket. */
  connectionOf(ws: WebSocket): Connection | undefined {
    return connectionOf(ws);
  }

  forget(connection: Connection): void {
    this.open.delete(connection);
    this.ctx.metrics.connections.set(this.open.size);
  }
}

/** The connection of each attached socket, for the shared listeners. */
const bySocket = new WeakMap<WebSocket, Connection>();

function connectionOf(ws: WebSocket): Connection | undefined {
  return bySocket.get(ws);
}

function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  connectionOf(this)?.receive(data, isBinary);
}

function onError(this: WebSocket, error: Error & { code?: string }): void {
  connectionOf(this)?.log().warn({ err: error.message, code: error.code }, 'websocket protocol error');
}

function onClose(this: WebSocket): void {
  connectionOf(this)?.closed();
}

/** The server closes a connection: counted and logged. */
function onPeerClose(this: Peer, code: CloseCode, reason: string): void {
  const connection = connectionOf(this.socket as WebSocket);
  if (!connection) return;
  connection.closedByServer(code);
  connection.log().warn({ code, reason }, 'closing connection');
}

function onPong(this: WebSocket): void {
  connectionOf(this)?.ponged();
}

/** A peer's liveness probe: a WebSocket ping, answered by a pong in time or not. */
function probePeer(this: Peer, timeoutMs: number): Promise<boolean> {
  const connection = connectionOf(this.socket as WebSocket);
  return connection ? connection.probe(timeoutMs) : Promise.resolve(false);
}

export class Connection implements TokenState {
  /** WebSocket pings sent since the last pong. */
  missedPongs = 0;
  /** The rate limit's bucket (rate-limit.ts), kept in the connection itself. */
  tokens: number;
  tokensAt: number;
  private readonly peer: Peer;
  private readonly roomId: string;
  /** The connection's hold on its room; null if it was refused one. */
  private hold: RoomHold | null = null;
  /**
   * Armed by the client's first app-level ping: from then on it speaks every few seconds, so
   * silence means the connection died without a close (sleep, network change, crash).
   */
  private silence: NodeJS.Timeout | null = null;
  /** Closes the connection when its link expires; null for links that do not. */
  private expiry: ExpiryTimer | null = null;
  /** Made when the connection first logs (a child logger costs about a kilobyte). */
  private child: Logger | null = null;
  /** Probes waiting for the next pong; null when there are none. */
  private pongWaiters: Array<(alive: boolean) => void> | null = null;

  constructor(
    readonly ws: WebSocket,
    info: ConnectionInfo,
    private readonly connections: Connections,
  ) {
    this.roomId = info.roomId;
    this.peer = new Peer(ws, info.role, info.generation, info.remoteAddress, info.wantsAcks, onPeerClose, probePeer);
    this.tokens = connections.ctx.limits.messageBurst;
    this.tokensAt = performance.now();
    if (info.expiresAt !== null) {
      this.expiry = scheduleExpiry(info.expiresAt, () => this.peer.close(CloseCode.LinkExpired, 'the invite link has expired'));
    }
  }

  private get ctx(): ConnectionContext {
    return this.connections.ctx;
  }

  ponged(): void {
    this.missedPongs = 0;
    this.settleProbes(true);
  }

  /** Pings the client now; resolves true on its pong, false after `timeoutMs` or on close. */
  probe(timeoutMs: number): Promise<boolean> {
    if (this.ws.readyState !== this.ws.OPEN) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const waiters = this.pongWaiters;
        const at = waiters?.indexOf(settle) ?? -1;
        if (waiters && at !== -1) waiters.splice(at, 1);
        resolve(false);
      }, timeoutMs);
      const settle = (alive: boolean): void => {
        clearTimeout(timer);
        resolve(alive);
      };
      (this.pongWaiters ??= []).push(settle);
      this.ws.ping();
    });
  }

  private settleProbes(alive: boolean): void {
    const waiters = this.pongWaiters;
    this.pongWaiters = null;
    if (waiters) for (const settle of waiters) settle(alive);
  }

  closedByServer(code: CloseCode): void {
    this.ctx.metrics.connectionsClosed.inc({ code: String(code) });
  }

  log(): Logger {
    return (this.child ??= this.ctx.log.child({ room: this.roomId, remote: this.peer.remoteAddress }));
  }

  /** Takes a hold on the room (which queues what it is given while it loads). */
  join(): void {
    try {
      this.hold = this.ctx.rooms.acquire(this.roomId);
    } catch (error) {
      if (!(error instanceof MemoryBudgetFull)) throw error;
      this.peer.close(CloseCode.TryAgainLater, error.message);
      return;
    }
    this.hold.room.addPeer(this.peer);
  }

  receive(data: RawData, isBinary: boolean): void {
    const { peer, ctx } = this;
    if (peer.closing) return;
    if (!isBinary) {
      peer.close(CloseCode.UnsupportedData, 'text frames are not supported; send binary y-websocket messages');
      return;
    }
    if (!takeToken(this, ctx.limits.messagesPerSecond, ctx.limits.messageBurst, performance.now())) {
      peer.close(CloseCode.PolicyViolation, 'too many messages; slow down');
      return;
    }
    const message = toBytes(data);
    const type = message[0];
    if (this.silence) this.silence.refresh();
    else if (type === MessageType.Ping) {
      this.silence = setTimeout(() => peer.terminate(CloseCode.GoingAway, 'silent: missed its pings'), ctx.limits.pingingClientSilenceMs);
      this.silence.unref();
    }
    ctx.metrics.messagesReceived.inc({ type: type !== undefined && isKnownMessageType(type) ? String(type) : 'other' });
    ctx.metrics.bytesReceived.inc(message.length);
    this.hold?.room.receive(peer, message);
  }

  closed(): void {
    this.connections.forget(this);
    this.settleProbes(false);
    if (this.silence) clearTimeout(this.silence);
    this.silence = null;
    this.expiry?.cancel();
    this.expiry = null;
    const hold = this.hold;
    this.hold = null;
    if (hold) {
      hold.room.removePeer(this.peer);
      hold.release();
    }
  }
}
