/**
 * Binds one accepted WebSocket to its room. This is the only place on the server that reads
 * from sockets: it turns frames into `Room.receive` calls and outcomes into close codes.
 * Messages that arrive while the room is still loading are queued and replayed in order.
 */
import type { WebSocket, RawData } from 'ws';
import type { Logger } from 'pino';
import { CloseCode } from '../protocol/close-code';
import { Peer } from './peer';
import type { Room } from './room';
import type { RoomRegistry } from './room-registry';

export interface ConnectionInfo {
  roomId: string;
  canWrite: boolean;
  remoteAddress: string;
}

function toBytes(data: RawData): Uint8Array {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

export function attachConnection(ws: WebSocket, info: ConnectionInfo, rooms: RoomRegistry, log: Logger): void {
  const peer = new Peer(ws, info.canWrite, info.remoteAddress);
  const connLog = log.child({ room: info.roomId, remote: info.remoteAddress });
  const queued: Uint8Array[] = [];
  let room: Room | null = null;
  let closed = false;

  const refuse = (code: CloseCode, reason: string): void => {
    connLog.warn({ code, reason }, 'closing connection');
    closed = true;
    ws.close(code, reason);
  };

  const process = (message: Uint8Array): void => {
    if (closed || !room) return;
    let outcome;
    try {
      outcome = room.receive(peer, message);
    } catch (error) {
      connLog.error({ err: error }, 'handling a message failed');
      refuse(CloseCode.InternalError, 'internal error');
      return;
    }
    if (outcome.type === 'close') refuse(outcome.code, outcome.reason);
  };

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (closed) return;
    if (!isBinary) {
      refuse(CloseCode.UnsupportedData, 'text frames are not supported; send binary y-websocket messages');
      return;
    }
    const message = toBytes(data);
    if (room) process(message);
    else queued.push(message);
  });

  // ws reports frame-level violations (bad opcode, reserved bits, unmasked or oversized frames)
  // here and closes the socket itself with the fitting code (1002, 1009).
  ws.on('error', (error: Error & { code?: string }) => {
    connLog.warn({ err: error.message, code: error.code }, 'websocket protocol error');
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
    closed = true;
    queued.length = 0;
    if (room) room.removePeer(peer);
    if (!loading) releaseRoom();
  });

  rooms.acquire(info.roomId).then(
    (loaded) => {
      loading = false;
      if (closed) {
        releaseRoom();
        return;
      }
      room = loaded;
      room.addPeer(peer);
      for (const message of queued.splice(0)) process(message);
    },
    () => {
      loading = false;
      // The registry dropped the failed room already: there is no hold to release.
      holding = false;
      if (!closed) refuse(CloseCode.InternalError, 'the room could not be loaded');
    },
  );
}
