/**
 * Embedded storage in one SQLite file (better-sqlite3) under the data directory: an append-only
 * log of updates per room plus one snapshot per room (sqlite-schema.ts). Appends are synchronous
 * commits, so an update is durable before `appendUpdate` resolves and before the room
 * broadcasts it. Compaction runs in a worker thread when one is given (the server always gives
 * one), otherwise inline.
 *
 * This connection never sleeps on the write lock: writes that find it taken are retried from a
 * timer, in order (write-queue.ts). With a worker, the worker also runs the WAL checkpoints
 * (copying the WAL back into the database file, with an fsync), which SQLite would otherwise run
 * inside whichever commit crossed 1,000 WAL pages: a stall of several milliseconds on the
 * serving thread every few seconds of drawing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { CompactionReply } from './compaction-worker';
import { DATABASE_FILE_NAME, compactRoomLog, openDatabase, readLog, readSnapshot } from './sqlite-schema';
import type { Storage } from './storage';
import { WriteQueue } from './write-queue';

export { DATABASE_FILE_NAME };

export interface SqliteStorageOptions {
  /** The built compaction worker; without it, compaction runs on the calling thread. */
  compactionWorker?: URL;
  /** How often the worker checkpoints the WAL (tests use a short one). */
  checkpointIntervalMs?: number;
  /** How long a write waits for another connection's lock before it fails. */
  writeGiveUpMs?: number;
}

/** The worker checkpoints this often: the WAL stays a few MB even under heavy drawing. */
const CHECKPOINT_INTERVAL_MS = 1_000;
/** SQLite's default: checkpoint in the committing connection after this many WAL pages. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;

export class SqliteStorage implements Storage {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly append: Database.Statement<[string, Buffer]>;
  private worker: Worker | null = null;
  private nextRequest = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly writes: WriteQueue;

  constructor(dataDir: string, options: SqliteStorageOptions = {}) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, DATABASE_FILE_NAME);
    this.db = openDatabase(this.file, { busyTimeoutMs: 0 });
    this.writes = new WriteQueue(options.writeGiveUpMs);
    this.append = this.db.prepare('INSERT INTO updates (room, data) VALUES (?, ?)');
    if (options.compactionWorker) this.startWorker(options.compactionWorker, options.checkpointIntervalMs ?? CHECKPOINT_INTERVAL_MS);
  }

  /** Whether compaction runs in the worker thread (false when none was given or it failed). */
  get compactsInWorker(): boolean {
    return this.worker !== null;
  }

  /** Writes waiting for another connection's lock; for tests and metrics. */
  get writesWaiting(): number {
    return this.writes.waiting;
  }

  loadRoom(room: string): Promise<Uint8Array[]> {
    // Through the queue: a load after a queued append must see it.
    return this.writes.run(() => {
      const snapshot = readSnapshot(this.db, room);
      const updates = readLog(this.db, room, snapshot?.upto_seq ?? 0).map((row) => new Uint8Array(row.data));
      return snapshot ? [new Uint8Array(snapshot.data), ...updates] : updates;
    });
  }

  async appendUpdate(room: string, update: Uint8Array): Promise<void> {
    const bytes = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
    await this.writes.run(() => this.append.run(room, bytes));
  }

  async compactRoom(room: string): Promise<void> {
    if (!this.worker) {
      await this.writes.run(() => compactRoomLog(this.db, room));
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

  linkGeneration(room: string): Promise<number> {
    return this.writes.run(() => {
      const row = this.db.prepare<[string], { generation: number }>('SELECT generation FROM link_generations WHERE room = ?').get(room);
      return row?.generation ?? 0;
    });
  }

  revokeLinks(room: string): Promise<number> {
    return this.writes.run(() => {
      const row = this.db
        .prepare<[string], { generation: number }>(
          `INSERT INTO link_generations (room, generation) VALUES (?, 1)
           ON CONFLICT (room) DO UPDATE SET generation = generation + 1
           RETURNING generation`,
        )
        .get(room);
      return row?.generation ?? 1;
    });
  }

  async close(): Promise<void> {
    await this.writes.idle();
    if (this.worker) {
      // Let queued compactions finish: they are the last writes.
      await Promise.allSettled(this.inFlight);
      await this.worker.terminate();
      this.worker = null;
    }
    if (this.db.open) this.db.close();
  }

  private startWorker(url: URL, checkpointIntervalMs: number): void {
    const worker = new Worker(url, { workerData: { file: this.file, checkpointIntervalMs } });
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
      // Nobody checkpoints for us any more: let commits do it again, as SQLite does by default.
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    });
    worker.unref();
    this.worker = worker;
    this.db.pragma('wal_autocheckpoint = 0');
  }
}
