/**
 * The sync server: one HTTP server that serves the web client and accepts WebSocket upgrades on
 * `/<room>`, one room per connection. Sockets are accepted here and handed to `connection.ts`;
 * rooms live in the registry; storage is whatever the caller passes in.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import { CloseCode } from '../protocol/close-code';
import { MAX_MESSAGE_BYTES } from '../protocol/limits';
import { isValidRoomId } from '../protocol/room-id';
import { MAX_MISSED_PONGS, PING_INTERVAL_MS, ROOM_UNLOAD_GRACE_MS, SHUTDOWN_TIMEOUT_MS } from './constants';
import { attachConnection } from './connection';
import { createRequestHandler } from './http-routes';
import { RoomRegistry } from './room-registry';
import type { Storage } from './storage/storage';

export interface SyncServerConfig {
  host: string;
  port: number;
  storage: Storage;
  logger: Logger;
  /** Directory of the built renderer to serve at `/`; null serves no client. */
  staticDir: string | null;
  roomUnloadGraceMs?: number;
  pingIntervalMs?: number;
}

export interface SyncServer {
  /** http://host:port of the running server. */
  readonly url: string;
  readonly port: number;
  readonly rooms: RoomRegistry;
  /** Number of open WebSocket connections. */
  connectionCount(): number;
  /** Closes every connection with 1001, stores every room, and stops. */
  close(): Promise<void>;
}

function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${message}\n`);
  socket.destroy();
}

function roomFromPath(pathname: string): string | null {
  try {
    const room = decodeURIComponent(pathname.slice(1));
    return isValidRoomId(room) ? room : null;
  } catch {
    return null;
  }
}

export async function startSyncServer(config: SyncServerConfig): Promise<SyncServer> {
  const log = config.logger;
  const rooms = new RoomRegistry(config.storage, log, config.roomUnloadGraceMs ?? ROOM_UNLOAD_GRACE_MS);
  const missedPongs = new Map<WebSocket, number>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, clientTracking: false });

  const httpServer = http.createServer(
    createRequestHandler({
      staticDir: config.staticDir,
      health: () => ({ rooms: rooms.size, connections: missedPongs.size }),
    }),
  );

  httpServer.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const roomId = roomFromPath(url.pathname);
    if (!roomId) {
      rejectUpgrade(socket, 400, 'invalid room id in the WebSocket path');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      missedPongs.set(ws, 0);
      ws.on('pong', () => missedPongs.set(ws, 0));
      ws.on('close', () => missedPongs.delete(ws));
      const remoteAddress = req.socket.remoteAddress ?? 'unknown';
      attachConnection(ws, { roomId, canWrite: true, remoteAddress }, rooms, log);
    });
  });

  const pingTimer = setInterval(() => {
    for (const [ws, missed] of missedPongs) {
      if (missed >= MAX_MISSED_PONGS) {
        log.info('terminating a peer that missed its pongs');
        ws.terminate();
        continue;
      }
      missedPongs.set(ws, missed + 1);
      ws.ping();
    }
  }, config.pingIntervalMs ?? PING_INTERVAL_MS);
  pingTimer.unref();

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(pingTimer);
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      const sockets = [...missedPongs.keys()];
      await Promise.race([
        Promise.all(sockets.map((ws) => new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          ws.close(CloseCode.GoingAway, 'server shutting down');
        }))),
        new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_TIMEOUT_MS).unref()),
      ]);
      for (const ws of missedPongs.keys()) ws.terminate();
      httpServer.closeAllConnections();
      await stopped;
      await rooms.closeAll();
      await config.storage.close();
    })();
    return closing;
  };

  return { url, port: address.port, rooms, connectionCount: () => missedPongs.size, close };
}
