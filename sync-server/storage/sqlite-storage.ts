/**
 * Embedded storage in one SQLite file (better-sqlite3) under the data directory: an append-only
 * log of updates per room plus one snapshot per room (sqlite-schema.ts). Appends are synchronous
 * commits, so an update is durable before `appendUpdate` resolves and before the room
 * broadcasts it. Large ones (from 1 MiB) are stored chunk by chunk, leaving the write lock to
 * other connections in between (blob-chunks.ts); appends queued after one wait for it.
 * A room served on this thread is compacted from its document (`compactFrom`), here. Other
 * compactions run in a worker thread when one is given (the server always gives one), otherwise
 * inline; with the worker, the swap that puts a merged snapshot in is run here, in this
 * connection's write queue (compact-room.ts says why).
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
import { COMPACTION_THREAD_NICENESS } from '../constants';
import { startThreadAtPriority } from '../thread-priority';
import { CHUNKED_FROM_BYTES, abandonBlob, asBuffer, finishBlob, sweepAbandonedBlobs, writeChunkedBlob, type ChunkHooks } from './blob-chunks';
import { compactRoomLog, runCompaction, settleCompaction, swapCompaction, swapInState, type PreparedCompaction } from './compact-room';
import type { CompactionReply, CompactionRequest } from './compaction-worker';
import { DATABASE_FILE_NAME, openDatabase, readRoom } from './sqlite-schema';
import type { Storage } from './storage';
import { WriteQueue, isBusy, type RunStep } from './write-queue';
import { readRoomBytes } from './room-size';

export { DATABASE_FILE_NAME };

export interface SqliteStorageOptions {
  /** The built compaction worker; without it, compaction runs on the calling thread. */
  compactionWorker?: URL;
  /** How often the worker checkpoints the WAL (tests use a short one). */
  checkpointIntervalMs?: number;
  /** How long a write waits for another connection's lock before it fails. */
  writeGiveUpMs?: number;
  /** For tests: called inside each transaction that stores a chunk of a large blob. */
  chunkHooks?: ChunkHooks;
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
  private readonly waiting = new Map<number, { resolve: (prepared: PreparedCompaction | null) => void; reject: (error: Error) => void }>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly writes: WriteQueue;
  private readonly chunkHooks: ChunkHooks | undefined;
  /** Steps of compactions and sweeps: queued like single writes, so appends can come between. */
  private readonly queued: RunStep = (step) => this.writes.run(step);
  /**
   * The sweep of blobs a crashed writer left (blob-chunks.ts), started at open; resolves to how
   * many it freed. It never fails: what it could not free, the next sweep does.
   */
  readonly swept: Promise<number>;

  constructor(dataDir: string, options: SqliteStorageOptions = {}) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, DATABASE_FILE_NAME);
    this.db = openDatabase(this.file, { busyTimeoutMs: 0 });
    this.writes = new WriteQueue(options.writeGiveUpMs);
    this.append = this.db.prepare('INSERT INTO updates (room, data) VALUES (?, ?)');
    this.chunkHooks = options.chunkHooks;
    if (options.compactionWorker) this.startWorker(options.compactionWorker, options.checkpointIntervalMs ?? CHECKPOINT_INTERVAL_MS);
    this.swept = sweepAbandonedBlobs(this.db, this.queued).catch(() => 0);
  }

  /** Whether compaction runs in the worker thread (false when none was given or it failed). */
  get compactsInWorker(): boolean {
    return this.worker !== null;
  }

  /** Writes waiting for another connection's lock; for tests and metrics. */
  get writesWaiting(): number {
    return this.writes.waiting;
  }

  /** The room's stored size (snapshot plus log) in bytes, without loading it. */
  roomBytes(room: string): Promise<number> {
    return this.writes.run(() => readRoomBytes(this.db, room));
  }

  loadRoom(room: string): Promise<Uint8Array[]> {
    // Through the queue: a load after a queued append must see it.
    return this.writes.run(() => {
      const { snapshot, log } = readRoom(this.db, room);
      const updates = log.map((row) => new Uint8Array(row.data));
      return snapshot ? [new Uint8Array(snapshot.data), ...updates] : updates;
    });
  }

  appendNow(room: string, update: Uint8Array): boolean {
    const bytes = asBuffer(update);
    if (bytes.length >= CHUNKED_FROM_BYTES || this.writes.waiting > 0) return false;
    try {
      this.append.run(room, bytes);
      return true;
    } catch (error) {
      if (isBusy(error)) return false;
      throw error;
    }
  }

  async appendUpdate(room: string, update: Uint8Array): Promise<void> {
    const bytes = asBuffer(update);
    if (bytes.length < CHUNKED_FROM_BYTES) {
      await this.writes.run(() => this.append.run(room, bytes));
      return;
    }
    // A task: appends after it wait until it is stored, so the log keeps its order.
    await this.writes.runTask(async (step) => {
      const blob = await writeChunkedBlob(this.db, bytes, step, this.chunkHooks);
      const publish = this.db.transaction(() => {
        const seq = Number(this.append.run(room, Buffer.alloc(0)).lastInsertRowid);
        finishBlob(this.db, blob, { updateSeq: seq });
      });
      try {
        await step(() => publish.immediate());
      } catch (error) {
        await abandonBlob(this.db, blob, step).catch(() => undefined); // else the sweep frees it
        throw error;
      }
    });
  }

  async compactRoom(room: string): Promise<void> {
    const worker = this.worker;
    // Tracked, so `close` waits for the last of its steps.
    await this.track(worker ? this.compactWithWorker(worker, room) : compactRoomLog(this.db, room, this.queued, this.chunkHooks).then(() => undefined));
  }

  /** Keeps `close` waiting for `done`, a compaction or its last steps. */
  private async track(done: Promise<void>): Promise<void> {
    this.inFlight.add(done);
    try {
      await done;
    } finally {
      this.inFlight.delete(done);
    }
  }

  compactFrom(room: string, encodeState: () => Uint8Array): boolean {
    // Queued writes may include this room's: the caller's state would not cover them yet.
    if (this.writes.waiting > 0) return false;
    let replaced: number[] | null;
    try {
      replaced = swapInState(this.db, room, encodeState);
    } catch (error) {
      if (isBusy(error)) return false;
      throw error;
    }
    if (replaced === null) return false;
    if (replaced.length > 0) void this.track(settleCompaction(this.db, null, replaced, this.queued));
    return true;
  }

  /** Pages in use (the file's pages less its free list): what the rooms hold, without the WAL. */
  async dataBytes(): Promise<number> {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    const size = this.db.pragma('page_size', { simple: true }) as number;
    return (pages - free) * size;
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
    await this.swept;
    await this.writes.idle();
    // Let compactions under way finish: they are the last writes (inline, queued ones too).
    await Promise.allSettled(this.inFlight);
    await this.writes.idle();
    if (this.worker) {
      await this.worker.terminate();
      this.worker = null;
    }
    if (this.db.open) this.db.close();
  }

  /** The worker prepares and settles; the swap runs here, queued with this thread's appends. */
  private async compactWithWorker(worker: Worker, room: string): Promise<void> {
    await runCompaction({
      prepare: () => this.ask(worker, (id) => ({ type: 'prepare', id, room })),
      swap: (prepared) => this.writes.run(() => swapCompaction(this.db, prepared)),
      // If the worker is gone, the sweep at the next open frees what settling would have.
      settle: async (blob, replaced) => {
        const settling = this.worker;
        if (settling) await this.ask(settling, (id) => ({ type: 'settle', id, blob, replaced })).catch(() => undefined);
      },
    });
  }

  private ask(worker: Worker, request: (id: number) => CompactionRequest): Promise<PreparedCompaction | null> {
    return new Promise((resolve, reject) => {
      const id = this.nextRequest++;
      this.waiting.set(id, { resolve, reject });
      worker.postMessage(request(id));
    });
  }

  private startWorker(url: URL, checkpointIntervalMs: number): void {
    const worker = startThreadAtPriority(COMPACTION_THREAD_NICENESS, () => new Worker(url, { workerData: { file: this.file, checkpointIntervalMs } }));
    worker.on('message', (reply: CompactionReply) => {
      const entry = this.waiting.get(reply.id);
      if (!entry) return;
      this.waiting.delete(reply.id);
      if (reply.ok) entry.resolve(reply.prepared);
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
