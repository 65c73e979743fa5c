/**
 * Test helpers: a real server on a free loopback port, and official y-websocket clients
 * (WebsocketProvider, Node's `ws` as the WebSocket) connected to it.
 */
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { Role } from '../../protocol/role';
import { signToken } from '../auth/tokens';
import { silentLogger } from './silent-logger';
import { startSyncServer, type SyncServer, type SyncServerConfig } from '../server';
import { MemoryStorage } from './memory-storage';

/** The signing secret of every test server (also given to CLI-started servers with --secret). */
export const TEST_SECRET_TEXT = 'whiteboard-test-secret-never-use-in-production';
export const TEST_SECRET = Buffer.from(TEST_SECRET_TEXT, 'utf8');

/** An invite token for `room` that every test server accepts (generation 0, no expiry). */
export function tokenFor(room: string, role: Role = Role.Editor): string {
  return signToken(TEST_SECRET, { room, role, generation: 0, expiresAt: null });
}

export async function startTestServer(overrides: Partial<SyncServerConfig> = {}): Promise<SyncServer> {
  return startSyncServer({
    host: '127.0.0.1',
    port: 0,
    storage: new MemoryStorage(),
    logger: silentLogger(),
    staticDir: null,
    access: { secret: TEST_SECRET, allowedOrigins: null, createKey: null },
    ...overrides,
    limits: { roomUnloadGraceMs: 50, ...overrides.limits },
  });
}

export function wsUrl(server: SyncServer): string {
  return server.url.replace(/^http/, 'ws');
}

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

/** An official y-websocket client on `serverUrl` (ws:// or wss://) that reconnects quickly. */
export function providerClient(serverUrl: string, room: string, token: string, webSocketClass: unknown = WebSocket, doc = new Y.Doc()): TestClient {
  const provider = new WebsocketProvider(serverUrl, room, doc, {
    params: { token },
    WebSocketPolyfill: webSocketClass as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  return {
    doc,
    provider,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

export function connectClient(server: SyncServer, room: string, doc = new Y.Doc(), role: Role = Role.Editor): TestClient {
  return providerClient(wsUrl(server), room, tokenFor(room, role), WebSocket, doc);
}

export function synced(client: TestClient): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((resolve) => {
    const onSync = (isSynced: boolean): void => {
      if (!isSynced) return;
      client.provider.off('sync', onSync);
      resolve();
    };
    client.provider.on('sync', onSync);
  });
}

/** Polls `check` until it returns true, or fails after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The server's own copy of a room's document, as it is once everything sent to the room so far
 * is handled (its document may live in another thread, so this is a copy).
 */
export async function serverDoc(server: SyncServer, room: string): Promise<Y.Doc> {
  const hold = server.rooms.acquire(room);
  try {
    await hold.room.flush();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await hold.room.encodeState());
    return doc;
  } finally {
    hold.release();
  }
}
