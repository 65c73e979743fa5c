/**
 * Test helpers: a real server on a free loopback port, and official y-websocket clients
 * (WebsocketProvider, Node's `ws` as the WebSocket) connected to it.
 */
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { silentLogger } from '../log';
import { startSyncServer, type SyncServer, type SyncServerConfig } from '../server';
import { MemoryStorage } from '../storage/memory-storage';

export async function startTestServer(overrides: Partial<SyncServerConfig> = {}): Promise<SyncServer> {
  return startSyncServer({
    host: '127.0.0.1',
    port: 0,
    storage: new MemoryStorage(),
    logger: silentLogger(),
    staticDir: null,
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

export function connectClient(server: SyncServer, room: string, doc = new Y.Doc()): TestClient {
  const provider = new WebsocketProvider(wsUrl(server), room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
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
