/**
 * The sync server: one HTTP server for the web client, /healthz, /metrics and the room API, accepting WebSocket upgrades
 * on `/<room>`. Sockets are admitted here and handed to `connection.ts`; rooms live in the registry; storage is the caller's.
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { collectDefaultMetrics } from 'prom-client';
import { WebSocketServer } from 'ws';
import type { Logger } from 'pino';
import { ACKS_PARAM } from '../protocol/ack';
import { VERSION_PARAM, readClientVersion } from '../protocol/version';
import { CloseCode } from '../protocol/close-code';
import { isValidRoomId } from '../protocol/room-id';
import { RoomAccess, type AccessConfig } from './auth/access';
import { DEFAULT_LIMITS, HEADERS_TIMEOUT_MS, MAX_MISSED_PONGS, REQUEST_TIMEOUT_MS, SHUTDOWN_TIMEOUT_MS, type ServerLimits } from './constants';
import { Connections, type ConnectionInfo } from './connection';
import { decodeSegment, guardRequests, guardUpgrades, rejectUpgrade, type GuardedHandler, type GuardedUpgrade } from './http-guard';
import { createRequestHandler } from './http-routes';
import { Metrics } from './metrics';
import { createRoomApi } from './room-api';
import { RoomRegistry } from './room-registry';
import { SharedBudget } from './shared-budget';
import { DataLimit } from './data-limit';
import { AddressLimiter } from './address-limiter';
import type { Storage } from './storage/storage';
import type { TlsCredentials } from './tls';
import { TrustedProxies } from './trusted-proxy';
import { EnginePool, placeEngines, type PoolConfig } from './engine/engine-pool';
import { InProcessFanOut, type FanOut } from './fan-out';
import { createHistoryApi } from './history/history-api';
import { openHistory, type HistoryOptions } from './history/history-service';

export interface SyncServerConfig {
  host: string;
  port: number;
  storage: Storage;
  logger: Logger;
  /** The built renderer to serve at `/`; null: no client. */
  staticDir: string | null;
  access: AccessConfig;
  /** Base URL for invite links (https://boards.example.org); null: the request's host. */
  publicUrl?: string | null;
  limits?: Partial<ServerLimits>;
  /** Absent: plain http/ws. */
  tls?: TlsCredentials | null;
  /** Proxies whose X-Forwarded-* headers are believed; absent: none. */
  trustedProxies?: TrustedProxies;
  /** Threads for large rooms' documents; absent: all on this thread. */
  engineThreads?: PoolConfig | null;
  /** To the other servers sharing these rooms; absent: in-process. */
  fanOut?: FanOut;
  /** Versions: retention, size cap (default 128 MB a board), the history thread; absent: defaults, no thread. */
  history?: HistoryOptions;
  /** Told of each revocation here, for the other servers (cluster/), and what /healthz adds. */
  onRevoked?: (room: string, generation: number) => void;
  health?: () => Record<string, unknown>;
}

export type SyncServer = Awaited<ReturnType<typeof startSyncServer>>;

/** Lag sampling: prom-client's 10 ms woke an idle server 100×/s, ~20% of its CPU (bench/server propagation); 100 ms still sees stalls. */
const EVENT_LOOP_SAMPLE_MS = 100;

/** Ends a socket that errs before its upgrade; shared, since a closure would keep the request alive with the connection. */
function destroySocket(this: Duplex): void { this.destroy(); }

export async function startSyncServer(config: SyncServerConfig) {
  const log = config.logger;
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...config.limits };
  const metrics = new Metrics();
  // Process metrics in the registry a server serves only: in registries never scraped (tests) the lag monitor is a timer for nothing.
  collectDefaultMetrics({ register: metrics.registry, prefix: 'whiteboard_', eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  const heldBudget = SharedBudget.create(limits.maxHeldBytesTotal);
  const dataLimit = new DataLimit(config.storage, limits.maxDataBytes, log);
  const pool = config.engineThreads ? new EnginePool(config.engineThreads, { heldBudget: heldBudget.data, storageFull: dataLimit.shared, logLevel: log.level }, log) : null;
  const engines = placeEngines(limits, heldBudget, dataLimit, pool);
  const fanOut = config.fanOut ?? new InProcessFanOut();
  const history = openHistory(config.storage, log, config.history);
  const rooms = new RoomRegistry({ storage: config.storage, log, metrics, limits, engines, fanOut, dataLimit, history }, limits.roomUnloadGraceMs, limits.maxMemoryBytes);
  metrics.observe('whiteboard_rooms_memory_bytes', "Estimated memory held by the loaded rooms' documents (counted against --max-memory-mb)", () => rooms.costBytes);
  metrics.observe('whiteboard_rooms_in_pool', 'Rooms whose document lives in a pool thread (large rooms)', () => pool?.engineCount ?? 0);
  const access = new RoomAccess(config.access, config.storage);
  const connections = new Connections({ rooms, log, metrics, limits });
  metrics.observe('whiteboard_rooms_loaded', 'Rooms in memory', () => rooms.size);
  metrics.observe('whiteboard_connections', 'Open WebSocket connections', () => connections.size);
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, clientTracking: false });

  const health = (): Record<string, unknown> => ({ rooms: rooms.size, connections: connections.size, roomsMemoryBytes: rooms.costBytes, ...config.health?.() });
  const servePlain = createRequestHandler({ staticDir: config.staticDir, health, metrics: metrics.registry });
  const proxies = config.trustedProxies ?? new TrustedProxies([]);
  const roomApi = createRoomApi({
    access,
    publicUrl: config.publicUrl ?? null,
    log,
    onRevoked: (room, generation) => {
      rooms.closeRevoked(room, generation);
      config.onRevoked?.(room, generation);
    },
    proxies,
    bodyTimeoutMs: limits.requestBodyTimeoutMs,
    // Without a creation key anyone may create boards: each address at a bounded rate.
    createLimiter: config.access.createKey === null ? new AddressLimiter(limits.newBoardsPerHour, limits.newBoardsBurst) : null,
    storageFull: () => dataLimit.full(),
  });
  const historyApi = createHistoryApi({ access, history, rooms, log, bodyTimeoutMs: limits.requestBodyTimeoutMs });
  const handleRequest: GuardedHandler = (req, res, target) => historyApi(req, res, target) ?? roomApi(req, res, target) ?? servePlain(req, res, target);
  const guarded = guardRequests(handleRequest, log);
  const serverOptions: http.ServerOptions = { requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS };
  const tlsServer = config.tls ? https.createServer({ ...serverOptions, cert: config.tls.cert, key: config.tls.key }, guarded) : null;
  const httpServer: http.Server = tlsServer ?? http.createServer(serverOptions, guarded);

  // Everything is checked before the WebSocket exists: a refused request never loads a room.
  const admitUpgrade: GuardedUpgrade = async (req, socket, head, target) => {
    socket.on('error', destroySocket);
    if (!access.originAllowed(req.headers.origin)) return rejectUpgrade(socket, 403, 'this origin may not open boards on this server');
    const roomId = decodeSegment(target.pathname.slice(1));
    if (roomId === null || !isValidRoomId(roomId)) return rejectUpgrade(socket, 400, 'invalid room id in the WebSocket path');
    const check = await access.admit(roomId, target.query.get('token'));
    if (!check.ok) {
      log.info({ room: roomId, status: check.status, reason: check.reason }, 'refused a connection');
      return rejectUpgrade(socket, check.status, check.reason);
    }
    if (socket.destroyed) return;
    // Worked out now: nothing made for the connection below may refer to the request, or every connection would keep
    // its request, URL and head buffer alive. Behind a trusted proxy, the client is the one it names.
    const { address: remoteAddress, proto } = proxies.resolve(req);
    const { role, generation, expiresAt } = check.claims;
    const wantsAcks = target.query.get(ACKS_PARAM) === '1';
    const version = readClientVersion(target.query.get(VERSION_PARAM));
    const info: ConnectionInfo = { roomId, role, generation, remoteAddress, wantsAcks, expiresAt, version };
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', destroySocket); // ws listens for the socket's errors itself from here on
      log.info({ room: roomId, remote: remoteAddress, proto, role }, 'connection opened');
      connections.attach(ws, info);
    });
  };
  httpServer.on('upgrade', guardUpgrades(admitUpgrade, log));
  // Node hands CONNECT to its own event and, with no listener, drops the socket without a word: answer it instead.
  httpServer.on('connect', (_req: http.IncomingMessage, socket: Duplex) => rejectUpgrade(socket, 405, 'CONNECT is not served here'));

  const pingTimer = setInterval(() => connections.ping(MAX_MISSED_PONGS), limits.pingIntervalMs).unref();
  httpServer.listen(config.port, config.host);
  await once(httpServer, 'listening'); // rejects on a listen error
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${tlsServer ? 'https' : 'http'}://${host}:${address.port}`;

  let closing: Promise<void> | null = null;
  /** Closes every connection with 1001, stores every room, and stops. */
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(pingTimer);
      dataLimit.stop();
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      const sockets = connections.sockets();
      const allClosed = Promise.all(sockets.map((ws) => once(ws, 'close').catch(() => undefined)));
      for (const ws of sockets) ws.close(CloseCode.GoingAway, 'server shutting down');
      await Promise.race([allClosed, sleep(SHUTDOWN_TIMEOUT_MS, undefined, { ref: false })]);
      for (const ws of connections.sockets()) ws.terminate();
      httpServer.closeAllConnections();
      await stopped;
      await rooms.closeAll();
      await history.close();
      await pool?.close();
      await config.storage.close();
    })();
    return closing;
  };

  /** Swaps in a renewed certificate for new connections (TLS servers only). */
  const setTlsCredentials = (credentials: TlsCredentials): void => {
    if (!tlsServer) throw new Error('this server was started without TLS');
    tlsServer.setSecureContext(credentials);
  };

  return { url, port: address.port, rooms, metrics, access, limits, pool, history, dataLimit, connectionCount: () => connections.size, setTlsCredentials, close };
}
