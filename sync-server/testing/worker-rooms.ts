/**
 * Test helper: a server whose large rooms run in worker threads (the worker built by
 * room-worker-build.ts), on SQLite in a fresh directory, with a small threshold.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import * as Y from 'yjs';
import type { ServerLimits } from '../constants';
import type { SyncServer } from '../server';
import { SqliteStorage } from '../storage/sqlite-storage';
import { startTestServer } from './harness';
import { roomWorkerUrl } from './room-worker-build';

/** Rooms from this stored (or message) size go to a worker in these tests. */
export const TEST_WORKER_THRESHOLD_BYTES = 4096;

export interface WorkerServerOptions {
  dataDir?: string;
  /** Collects the server's log lines. */
  lines?: string[];
  limits?: Partial<ServerLimits>;
}

/** Starts the server; `cleanups` gets what undoes it (close, then remove the directory). */
export async function workerServer(
  cleanups: Array<() => unknown>,
  options: WorkerServerOptions = {},
): Promise<{ server: SyncServer; storage: SqliteStorage; dataDir: string }> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wb-worker-room-'));
  if (!options.dataDir) cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const storage = new SqliteStorage(dataDir);
  const lines = options.lines;
  const logger = lines ? pino({ level: 'info' }, { write: (line: string) => lines.push(line) }) : undefined;
  const server = await startTestServer({
    storage,
    ...(logger ? { logger } : {}),
    roomWorkers: { url: await roomWorkerUrl(), storage },
    limits: { roomWorkerBytes: TEST_WORKER_THRESHOLD_BYTES, ...options.limits },
  });
  cleanups.push(() => server.close());
  return { server, storage, dataDir };
}

/** A document update of about `bytes` bytes. */
export function bigUpdate(bytes: number, name = 'big'): Uint8Array {
  const doc = new Y.Doc();
  doc.getText(name).insert(0, 'x'.repeat(bytes));
  return Y.encodeStateAsUpdate(doc);
}
