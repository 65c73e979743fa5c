/**
 * The main thread's side of a room that runs in its own worker thread (room-worker.ts; the
 * messages are room-worker-protocol.ts). Here the main thread only moves bytes: it forwards
 * each peer's messages to the worker, writes what the worker sends to the real sockets (framed
 * once per broadcast), drops peers that stop reading (1013; send-backlog.ts), counts what
 * it sends, and relays the worker's logs and metrics. If the worker dies, `onFailed` says so.
 */
import { Worker } from 'node:worker_threads';
import type { Level } from 'pino';
import { CloseCode } from '../protocol/close-code';
import type { Peer } from './peer';
import type { RoomContext } from './room';
import { ROOM_WORKER_THREAD_NICENESS } from './constants';
import { sendBacklogFor, type SendBacklog } from './send-backlog';
import { startThreadAtPriority } from './thread-priority';
import { portable, transferList, type FromWorker, type OutOp, type PeerTransfer, type RoomOp, type ToWorker, type WorkerInit } from './room-worker-protocol';
import type { SqliteStorage } from './storage/sqlite-storage';

export interface RoomWorkerConfig {
  /** The built room-worker.js (room-worker.ts compiled). */
  url: URL;
  /** The server's SQLite storage: the worker opens its own connection on the same file. */
  storage: SqliteStorage;
  /** Extra Node flags for the worker (tests: a TypeScript loader). */
  execArgv?: string[];
}

/** How long a closing worker may take to store what it holds before it is stopped anyway. */
const CLOSE_TIMEOUT_MS = 10_000;

export class WorkerRoom {
  readonly thread: Worker;
  /** Resolves once the worker has loaded the room (and adopted its peers). */
  readonly loaded: Promise<void>;
  /** Called once if the worker dies without being asked to. */
  onFailed: (reason: string) => void = () => {};
  /** The room's estimated memory cost, as the worker last reported it. */
  costBytes = 0;
  private readonly ids = new Map<Peer, number>();
  private readonly peers = new Map<number, Peer>();
  private nextPeer = 1;
  private ops: RoomOp[] = [];
  private scheduled = false;
  private nextFlush = 1;
  private readonly flushes = new Map<number, () => void>();
  private closing = false;
  private readonly backlog: SendBacklog;
  private readonly exited: Promise<void>;
  private closed: () => void = () => {};

  constructor(
    readonly id: string,
    private readonly ctx: RoomContext,
    config: RoomWorkerConfig,
    /** For a promotion: the in-thread room's peers (their state is read now) and presence. */
    adopt: { peers: Peer[]; awareness: Uint8Array | null } | null = null,
  ) {
    this.backlog = sendBacklogFor(ctx.limits);
    const transfers = adopt?.peers.map((peer) => this.transfer(peer)) ?? [];
    const init: WorkerInit = {
      room: id,
      databaseFile: config.storage.file,
      limits: {
        maxBufferedBytes: ctx.limits.maxBufferedBytes,
        maxRoomBytes: ctx.limits.maxRoomBytes,
        compactAfterUpdates: ctx.limits.compactAfterUpdates,
        maxHeldBytes: ctx.limits.maxHeldBytes,
        maxHeldMs: ctx.limits.maxHeldMs,
        maxDataBytes: ctx.dataLimit?.limitBytes ?? null,
        presenceProbeMs: ctx.limits.presenceProbeMs,
      },
      heldBudget: ctx.heldBudget?.data ?? null,
      logLevel: ctx.log.level,
      adopt: adopt ? { peers: transfers, awareness: adopt.awareness } : null,
    };
    this.thread = startThreadAtPriority(ROOM_WORKER_THREAD_NICENESS, () => new Worker(config.url, { workerData: init, ...(config.execArgv ? { execArgv: config.execArgv } : {}) }));
    ctx.metrics.roomsInWorkers.inc();
    let loaded: () => void = () => {};
    let failed: (error: Error) => void = () => {};
    this.loaded = new Promise<void>((resolve, reject) => {
      loaded = resolve;
      failed = reject;
    });
    // Whoever switches to this room awaits it; a crash after loading is reported by onFailed.
    this.loaded.catch(() => undefined);
    this.thread.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'loaded':
          return loaded();
        case 'load-failed':
          this.closing = true;
          void this.thread.terminate();
          return failed(new Error(message.error));
        case 'out':
          for (const op of message.ops) this.apply(op);
          return;
        case 'flushed':
          this.flushes.get(message.id)?.();
          this.flushes.delete(message.id);
          return;
        case 'compact':
          this.compact(message.id);
          return;
        case 'closed':
          this.closed();
          return;
      }
    });
    this.thread.on('error', (error) => ctx.log.error({ err: error, room: id }, 'the room worker failed'));
    this.exited = new Promise((resolve) => {
      this.thread.once('exit', (code) => {
        ctx.metrics.roomsInWorkers.dec();
        for (const done of this.flushes.values()) done();
        this.flushes.clear();
        if (this.closing) return resolve();
        this.closing = true;
        const reason = `the room worker exited (${code})`;
        failed(new Error(reason));
        this.onFailed(reason);
        resolve();
      });
    });
  }

  addPeer(peer: Peer): void {
    const id = this.nextPeer++;
    this.ids.set(peer, id);
    this.peers.set(id, peer);
    this.push({ type: 'add', peer: id, info: { role: peer.role, generation: peer.generation, remoteAddress: peer.remoteAddress, wantsAcks: peer.wantsAcks } });
  }

  receive(peer: Peer, message: Uint8Array): void {
    const id = this.ids.get(peer);
    if (id !== undefined) this.push({ type: 'message', peer: id, data: portable(message) });
  }

  removePeer(peer: Peer): void {
    const id = this.ids.get(peer);
    if (id === undefined) return;
    this.ids.delete(peer);
    this.peers.delete(id);
    this.push({ type: 'remove', peer: id });
  }

  closeRevoked(generation: number): void {
    this.push({ type: 'revoke', generation });
  }

  /** Resolves once everything the worker accepted is stored and what it sent is written. */
  flush(): Promise<void> {
    if (this.closing) return Promise.resolve();
    this.post();
    const id = this.nextFlush++;
    return new Promise((resolve) => {
      this.flushes.set(id, resolve);
      this.send({ type: 'flush', id });
    });
  }

  /** Stores what the worker holds, then ends it; its memory goes with it. */
  async destroy(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.post();
      const closed = new Promise<void>((resolve) => (this.closed = resolve));
      this.send({ type: 'close' });
      const timer = setTimeout(() => this.closed(), CLOSE_TIMEOUT_MS);
      await Promise.race([closed, this.exited]);
      clearTimeout(timer);
      void this.thread.terminate();
    }
    await this.exited;
  }

  private transfer(peer: Peer): PeerTransfer {
    const id = this.nextPeer++;
    this.ids.set(peer, id);
    this.peers.set(id, peer);
    // The worker's peer holds them from now on, their share of the held budget with them.
    const held = peer.held?.handOver() ?? { parts: [], bytes: 0 };
    return {
      id,
      role: peer.role,
      generation: peer.generation,
      remoteAddress: peer.remoteAddress,
      wantsAcks: peer.wantsAcks,
      synced: peer.synced,
      held: held.parts,
      heldBytes: held.bytes,
      writesAccepted: peer.writesAccepted,
      awarenessClients: [...peer.awarenessClients],
    };
  }

  private push(op: RoomOp): void {
    if (this.closing) return;
    this.ops.push(op);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.post);
    }
  }

  /** Posts the ops of this turn as one message, transferring large messages' buffers. */
  private readonly post = (): void => {
    this.scheduled = false;
    if (this.ops.length === 0) return;
    const ops = this.ops;
    this.ops = [];
    const datas = ops.flatMap((op) => (op.type === 'message' ? [op.data] : []));
    this.thread.postMessage({ type: 'ops', ops } satisfies ToWorker, transferList(datas));
  };

  private send(message: ToWorker): void {
    this.thread.postMessage(message);
  }

  private apply(op: OutOp): void {
    switch (op.type) {
      case 'send':
        return this.deliver(op.peers, op.data);
      case 'close':
        this.peers.get(op.peer)?.close(op.code as CloseCode, op.reason);
        return;
      case 'terminate':
        this.peers.get(op.peer)?.terminate(op.code as CloseCode, op.reason);
        return;
      case 'log':
        return this.relog(op.line);
      case 'refused':
        this.ctx.metrics.updatesRefused.inc({ reason: op.reason });
        return;
      case 'cost':
        this.costBytes = op.bytes;
        return;
      case 'protocol-close':
        this.ctx.metrics.protocolCloses.inc({ code: op.code });
        return;
      case 'probe': {
        const peer = this.peers.get(op.peer);
        void (peer ? peer.probe(op.timeoutMs) : Promise.resolve(false)).then((alive) => {
          if (!this.closing) this.send({ type: 'probed', id: op.id, alive });
        });
        return;
      }
      case 'storage':
        this.ctx.metrics.observeStorage(op.operation, op.seconds);
        return;
    }
  }

  /** Writes the same bytes to each recipient, dropping those that stopped reading. */
  private deliver(ids: number[], data: Uint8Array): void {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    let delivered = 0;
    for (const id of ids) {
      const peer = this.peers.get(id);
      if (peer && this.backlog.deliver(peer, bytes, this.ctx.log, this.id)) delivered++;
    }
    this.ctx.metrics.messagesSent.inc(delivered);
    this.ctx.metrics.bytesSent.inc(delivered * data.length);
  }

  /** Compacts with the main thread's storage (its compaction worker) for the room worker. */
  private compact(id: number): void {
    this.ctx.storage.compactRoom(this.id).then(
      () => this.send({ type: 'compacted', id, error: null }),
      (error: unknown) => this.send({ type: 'compacted', id, error: error instanceof Error ? error.message : String(error) }),
    );
  }

  /** Writes one of the worker's log lines with the server's logger. */
  private relog(line: string): void {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const { level, msg, ...fields } = record;
    const label = typeof level === 'number' ? this.ctx.log.levels.labels[level] : undefined;
    if (!label || !(label in this.ctx.log.levels.values)) return;
    this.ctx.log[label as Level](fields, typeof msg === 'string' ? msg : '');
  }
}
