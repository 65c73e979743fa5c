/**
 * Embedded storage in one SQLite file (better-sqlite3) under the data directory: an append-only
 * log of updates per room plus one snapshot per room (sqlite-schema.ts). Appends are synchronous
 * commits, so an update is durable before `appendUpdate` resolves and before the room
 * broadcasts it. Compaction runs in a worker thread when one is given (the server always gives
 * one), otherwise inline.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { CompactionReply } from './compaction-worker';
import { DATABASE_FILE_NAME, compactRoomLog, openDatabase, readLog, readSnapshot } from './sqlite-schema';
import type { Storage } from './storage';

export { DATABASE_FILE_NAME };

export interface SqliteStorageOptions {
  /** The built compaction worker; without it, compaction runs on the calling thread. */
  compactionWorker?: URL;
}

export class SqliteStorage implements Storage {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly append: Database.Statement<[string, Buffer]>;
  private worker: Worker | null = null;
  private nextRequest = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(dataDir: string, options: SqliteStorageOptions = {}) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, DATABASE_FILE_NAME);
    this.db = openDatabase(this.file);
    this.append = this.db.prepare('INSERT INTO updates (room, data) VALUES (?, ?)');
    if (options.compactionWorker) this.startWorker(options.compactionWorker);
  }

  /** Whether compaction runs in the worker thread (false when none was given or it failed). */
  get compactsInWorker(): boolean {
    return this.worker !== null;
  }

  async loadRoom(room: string): Promise<Uint8Array[]> {
    const snapshot = readSnapshot(this.db, room);
    const updates = readLog(this.db, room, snapshot?.upto_seq ?? 0).map((row) => new Uint8Array(row.data));
    return snapshot ? [new Uint8Array(snapshot.data), ...updates] : updates;
  }

  async appendUpdate(room: string, update: Uint8Array): Promise<void> {
    this.append.run(room, Buffer.from(update.buffer, update.byteOffset, update.byteLength));
  }

  async compactRoom(room: string): Promise<void> {
    if (!this.worker) {
      compactRoomLog(this.db, room);
      return;
    }
    const id = this.nextRequest++;
    const worker = this.worker;
    const done = new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, room });
    });
    this.inFlight.add(done);
    try {
      await done;
    } finally {
      this.inFlight.delete(done);
    }
  }

  async linkGeneration(room: string): Promise<number> {
    const row = this.db.prepare<[string], { generation: number }>('SELECT generation FROM link_generations WHERE room = ?').get(room);
    return row?.generation ?? 0;
  }

  async revokeLinks(room: string): Promise<number> {
    const row = this.db
      .prepare<[string], { generation: number }>(
        `INSERT INTO link_generations (room, generation) VALUES (?, 1)
         ON CONFLICT (room) DO UPDATE SET generation = generation + 1
         RETURNING generation`,
      )
      .get(room);
    return row?.generation ?? 1;
  }

  async close(): Promise<void> {
    if (this.worker) {
      // Let queued compactions finish: they are the last writes.
      await Promise.allSettled(this.inFlight);
      await this.worker.terminate();
      this.worker = null;
    }
    if (this.db.open) this.db.close();
  }

  private startWorker(url: URL): void {
    const worker = new Worker(url, { workerData: { file: this.file } });
    worker.on('message', (reply: CompactionReply) => {
      const entry = this.waiting.get(reply.id);
      if (!entry) return;
      this.waiting.delete(reply.id);
      if (reply.ok) entry.resolve();
      else entry.reject(new Error(reply.error));
    });
    worker.on('error', (error) => {
      for (const entry of this.waiting.values()) entry.reject(error);
      this.waiting.clear();
      this.worker = null;
    });
    worker.unref();
    this.worker = worker;
  }
}
