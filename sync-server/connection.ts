/**
 * Binds one accepted WebSocket to its room. This is the only place on the server that reads
 * from sockets: it turns binary frames into `Room.receive` calls, refuses text frames and
 * floods, and releases the room when the socket goes. Messages that arrive while the room is
 * still loading are queued and replayed in order.
 */
import type { WebSocket, RawData } from 'ws';
import type { Logger } from 'pino';
import { CloseCode } from '../protocol/close-code';
import { MessageType, isKnownMessageType } from '../protocol/message-type';
import type { Role } from '../protocol/role';
import type { ServerLimits } from './constants';
import type { Metrics } from './metrics';
import { Peer } from './peer';
import { TokenBucket } from './rate-limit';
import type { Room } from './room';
import type { RoomRegistry } from './room-registry';

export interface ConnectionInfo {
  roomId: string;
  role: Role;
  /** The link generation of the token the connection was admitted with. */
  generation: number;
  remoteAddress: string;
  wantsAcks: boolean;
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

export function attachConnection(ws: WebSocket, info: ConnectionInfo, ctx: ConnectionContext): void {
  const { rooms, metrics } = ctx;
  // Most connections never log: make their child logger only when one does (it costs about a
  // kilobyte per connection, measured in bench/server's idle-connection scenario).
  let child: Logger | null = null;
  const log = (): Logger => (child ??= ctx.log.child({ room: info.roomId, remote: info.remoteAddress }));
  const peer = new Peer(ws, info.role, info.generation, info.remoteAddress, info.wantsAcks, (code, reason) => {
    metrics.connectionsClosed.inc({ code: String(code) });
    log().warn({ code, reason }, 'closing connection');
  });
  const bucket = new TokenBucket(ctx.limits.messagesPerSecond, ctx.limits.messageBurst);
  const queued: Uint8Array[] = [];
  let room: Room | null = null;
  // Armed by the client's first app-level ping: from then on it speaks every few seconds, so
  // silence means the connection died without a close (sleep, network change, crash).
  let silence: NodeJS.Timeout | null = null;

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (peer.closing) return;
    if (!isBinary) {
      peer.close(CloseCode.UnsupportedData, 'text frames are not supported; send binary y-websocket messages');
      return;
    }
    if (!bucket.take()) {
      peer.close(CloseCode.PolicyViolation, 'too many messages; slow down');
      return;
    }
    const message = toBytes(data);
    const type = message[0];
    if (silence) silence.refresh();
    else if (type === MessageType.Ping) {
      silence = setTimeout(() => peer.terminate(CloseCode.GoingAway, 'silent: missed its pings'), ctx.limits.pingingClientSilenceMs);
      silence.unref();
    }
    metrics.messagesReceived.inc({ type: type !== undefined && isKnownMessageType(type) ? String(type) : 'other' });
    metrics.bytesReceived.inc(message.length);
    if (room) room.receive(peer, message);
    else queued.push(message);
  });

  // ws reports frame-level violations (bad opcode, reserved bits, unmasked or oversized frames)
  // here, and closes the socket itself with the fitting code (1002, 1009).
  ws.on('error', (error: Error & { code?: string }) => {
    log().warn({ err: error.message, code: error.code }, 'websocket protocol error');
  });

  // The hold on the room is released exactly once: on close once loading settled, or when
  // loading settles after the socket already closed.
  let loading = true;
  let holding = true;
  const releaseRoom = (): void => {
    if (!holding) return;
    holding = false;
    rooms.release(info.roomId);
  };

  ws.on('close', () => {
    if (silence) clearTimeout(silence);
    queued.length = 0;
    if (room) room.removePeer(peer);
    if (!loading) releaseRoom();
  });

  rooms.acquire(info.roomId).then(
    (loaded) => {
      loading = false;
      if (ws.readyState !== ws.OPEN) {
        releaseRoom();
        return;
      }
      room = loaded;
      room.addPeer(peer);
      for (const message of queued.splice(0)) room.receive(peer, message);
    },
    () => {
      loading = false;
      // The registry dropped the failed room already: there is no hold to release.
      holding = false;
      peer.close(CloseCode.InternalError, 'the room could not be loaded');
    },
  );
}
