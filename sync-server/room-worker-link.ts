/**
 * The worker side of room-worker-protocol.ts, apart from the room itself: the outbox that
 * batches what the room does in one event-loop turn into one message, the sockets the room's
 * peers write to (they post to the main thread, which owns the real ones), and the logger,
 * metrics and storage that forward to the main thread what only it can do or export.
 */
import type { MessagePort } from 'node:worker_threads';
import pino, { type Logger } from 'pino';
import { Metrics } from './metrics';
import type { SocketLike } from './peer';
import { portable, transferList, type FromWorker, type OutOp } from './room-worker-protocol';
import type { SqliteStorage } from './storage/sqlite-storage';
import type { Storage } from './storage/storage';

export class Outbox {
  private ops: OutOp[] = [];
  private scheduled = false;
  /** The room's latest memory cost, sent once per batch however often it changed. */
  private cost: number | null = null;

  constructor(private readonly port: MessagePort) {}

  push(op: OutOp): void {
    this.ops.push(op);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  /** Bytes for one peer; consecutive sends of the same bytes (a broadcast) share one entry. */
  send(peer: number, data: Uint8Array): void {
    const last = this.ops[this.ops.length - 1];
    if (last?.type === 'send' && last.data === data) last.peers.push(peer);
    else this.push({ type: 'send', peers: [peer], data });
  }

  setCost(bytes: number): void {
    if (this.cost === null && !this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
    this.cost = bytes;
  }

  /** Posts what is pending now (also called before replies that must follow it). */
  readonly flush = (): void => {
    this.scheduled = false;
    if (this.cost !== null) {
      this.ops.push({ type: 'cost', bytes: this.cost });
      this.cost = null;
    }
    if (this.ops.length === 0) return;
    const ops = this.ops;
    this.ops = [];
    for (const op of ops) if (op.type === 'send') op.data = portable(op.data);
    const datas = ops.flatMap((op) => (op.type === 'send' ? [op.data] : []));
    this.port.postMessage({ type: 'out', ops } satisfies FromWorker, transferList(datas));
  };
}

/** A peer's socket as the worker sees it: writes go to the main thread's real socket. */
export class ProxySocket implements SocketLike {
  /** The main thread enforces the send-buffer limit, where the buffer is. */
  readonly bufferedAmount = 0;
  private closeCode = 1011;
  private closeReason = '';

  constructor(
    private readonly outbox: Outbox,
    readonly id: number,
  ) {}

  /** The peer's close listener: `terminate()` carries no code, so the peer's is kept here. */
  readonly onPeerClose = (code: number, reason: string): void => {
    this.closeCode = code;
    this.closeReason = reason;
  };

  send(data: Uint8Array): void {
    this.outbox.send(this.id, data);
  }

  close(code: number, reason: string): void {
    this.outbox.push({ type: 'close', peer: this.id, code, reason });
  }

  terminate(): void {
    this.outbox.push({ type: 'terminate', peer: this.id, code: this.closeCode, reason: this.closeReason });
  }
}

/** Asks the main thread, which owns the sockets, whether peers' clients still answer. */
export class ProbeRelay {
  private nextId = 1;
  private readonly waiting = new Map<number, (alive: boolean) => void>();

  constructor(private readonly outbox: Outbox) {}

  probe(peer: number, timeoutMs: number): Promise<boolean> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.outbox.push({ type: 'probe', peer, id, timeoutMs });
    });
  }

  /** The main thread's answer to a probe. */
  answered(id: number, alive: boolean): void {
    this.waiting.get(id)?.(alive);
    this.waiting.delete(id);
  }
}

/** A pino logger whose lines the main thread writes with its own logger. */
export function forwardingLogger(outbox: Outbox, level: string, room: string): Logger {
  return pino({ level, base: { room, thread: 'room-worker' }, timestamp: false }, { write: (line: string) => outbox.push({ type: 'log', line }) });
}

/**
 * The room's metrics. This registry is never scraped: what the main thread cannot count itself
 * (refused updates, storage timings) is forwarded to it; messages and bytes sent are counted
 * there, where they are written to sockets.
 */
export function forwardingMetrics(outbox: Outbox): Metrics {
  const metrics = new Metrics({ processMetrics: false });
  metrics.updatesRefused.inc = ((labels: { reason?: string | number }) => {
    outbox.push({ type: 'refused', reason: String(labels.reason) });
  }) as Metrics['updatesRefused']['inc'];
  metrics.protocolCloses.inc = ((labels: { code?: string | number }) => {
    outbox.push({ type: 'protocol-close', code: String(labels.code) });
  }) as Metrics['protocolCloses']['inc'];
  metrics.observeStorage = (operation: string, seconds: number): void => {
    outbox.push({ type: 'storage', operation, seconds });
  };
  return metrics;
}

/**
 * The room's storage: its own SQLite connection for loads and appends (WAL lets it write beside
 * the main thread's), and compaction done by the main thread's storage, so every compaction
 * still runs in the server's one compaction worker.
 */
export class WorkerStorage implements Storage {
  private nextId = 1;
  private readonly compactions = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  constructor(
    private readonly sqlite: SqliteStorage,
    private readonly port: MessagePort,
  ) {}

  loadRoom(room: string): Promise<Uint8Array[]> {
    return this.sqlite.loadRoom(room);
  }

  appendUpdate(room: string, update: Uint8Array): Promise<void> {
    return this.sqlite.appendUpdate(room, update);
  }

  appendNow(room: string, update: Uint8Array): boolean {
    return this.sqlite.appendNow(room, update);
  }

  compactRoom(): Promise<void> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.compactions.set(id, { resolve, reject });
      this.port.postMessage({ type: 'compact', id } satisfies FromWorker);
    });
  }

  /** The main thread's answer to a `compact` request. */
  compacted(id: number, error: string | null): void {
    const waiting = this.compactions.get(id);
    this.compactions.delete(id);
    if (error === null) waiting?.resolve();
    else waiting?.reject(new Error(error));
  }

  dataBytes(): Promise<number> {
    return this.sqlite.dataBytes();
  }

  linkGeneration(): Promise<number> {
    return Promise.reject(new Error('link generations are kept by the main thread'));
  }

  revokeLinks(): Promise<number> {
    return Promise.reject(new Error('link generations are kept by the main thread'));
  }

  close(): Promise<void> {
    return this.sqlite.close();
  }
}
