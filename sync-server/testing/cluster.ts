/**
 * Test helpers for clusters in one process: real Redis and PostgreSQL (redis.ts, postgres.ts) shared by several
 * in-process servers, each an instance as the CLI makes it (cluster/cluster.ts): its own connections, PostgreSQL
 * storage, Redis fan-out and compaction thread.
 */
import os from 'node:os';
import * as Y from 'yjs';
import { openPool, startCluster, type Cluster } from '../cluster/cluster';
import { PgStorage } from '../cluster/pg-storage';
import { Reachability } from '../cluster/reachability';
import { SnapshotMerger } from '../cluster/snapshot-merger';
import { silentLogger } from './silent-logger';
import type { SyncServer, SyncServerConfig } from '../server';
import type { Storage } from '../storage/storage';
import { TEST_SECRET_TEXT, startTestServer } from './harness';
import { threadUrl } from './threads';

export interface Services { redisUrl: string; databaseUrl: string }

export interface ClusterInstance {
  readonly server: SyncServer;
  readonly cluster: Cluster;
  close(): Promise<void>;
}

/** `wrapStorage` puts something between the server and the instance's storage (to play a failing instance). */
export async function startClusterInstance(
  services: Services,
  overrides: Partial<SyncServerConfig> = {},
  wrapStorage: (storage: Storage) => Storage = (storage) => storage,
): Promise<ClusterInstance> {
  const options = { ...services, dataDir: os.tmpdir(), secret: TEST_SECRET_TEXT, mergeThread: await threadUrl('cluster/merge-thread.ts') };
  const cluster = await startCluster(options, overrides.logger ?? silentLogger());
  const hooks = cluster.serverHooks;
  const server = await startTestServer({ ...hooks, storage: wrapStorage(hooks.storage), ...overrides });
  cluster.attach(server);
  let closing: Promise<void> | null = null;
  return {
    server,
    cluster,
    close: () => (closing ??= server.close().then(() => cluster.close())),
  };
}

/** The room as PostgreSQL holds it (what a newly started instance would load). */
export async function storedDoc(databaseUrl: string, room: string): Promise<Y.Doc> {
  const storage = new PgStorage(openPool(databaseUrl), new Reachability('PostgreSQL', silentLogger()), new SnapshotMerger(null));
  try {
    const doc = new Y.Doc();
    for (const update of await storage.loadRoom(room)) Y.applyUpdate(doc, update);
    return doc;
  } finally {
    await storage.close();
  }
}
