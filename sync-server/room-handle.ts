/**
 * What the registry hands to connections: one room, served either on the main thread (the
 * `Room` itself) or, when it is large, from its own worker thread (`WorkerRoom`), so that
 * applying or encoding megabytes never stalls the other rooms.
 *
 * A room goes to a worker when it is loaded with a stored size of at least the threshold, or,
 * while served in-thread, when a message that large arrives for it or its stored size reaches
 * it. That is a promotion: the room is paused (everything for it is queued, in order), what it
 * accepted is stored (`flush`), its peers move over with their state and its presence, the
 * worker loads the room from storage, and the queue is replayed there. Clients see a delay and
 * nothing else.
 *
 * If a worker dies, its peers are closed with 1011 and the handle stays in the registry, empty;
 * the next join loads the room again from storage, which holds everything ever broadcast. (The
 * entry stays so that the holds of the closed connections, released later, are not taken from
 * a new entry for the same room.)
 */
import type { Worker } from 'node:worker_threads';
import { encodeAwarenessUpdate } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { CloseCode } from '../protocol/close-code';
import type { Peer } from './peer';
import { Room, type RoomContext } from './room';
import { WorkerRoom, type RoomWorkerConfig } from './worker-room';

/** Where large rooms go; null: every room stays on the main thread. */
export interface RoomWorkers extends RoomWorkerConfig {
  /** Stored size (or message size) from which a room is served from a worker. */
  thresholdBytes: number;
}

type Op =
  | { type: 'add'; peer: Peer }
  | { type: 'message'; peer: Peer; data: Uint8Array }
  | { type: 'remove'; peer: Peer }
  | { type: 'revoke'; generation: number };

export class RoomHandle {
  private backend: Room | WorkerRoom | null = null;
  /** While the room is loading or moving: what arrived for it, in order. Null: pass through. */
  private queue: Op[] | null = null;
  private switching: Promise<void> | null = null;
  /** Peers of the connections using the room. */
  private readonly peers = new Set<Peer>();
  private destroyed = false;

  constructor(
    readonly id: string,
    private readonly ctx: RoomContext,
    private readonly workers: RoomWorkers | null,
  ) {}

  get peerCount(): number {
    return this.peers.size;
  }

  /** Estimated bytes of memory the room's document holds, wherever it is served. */
  get costBytes(): number {
    return this.backend?.costBytes ?? 0;
  }

  /** The worker thread serving the room, if it is served from one. */
  get workerThread(): Worker | null {
    return this.backend instanceof WorkerRoom ? this.backend.thread : null;
  }

  /** The document of a room served in-thread (a worker's lives in the worker). */
  get doc(): Y.Doc {
    if (this.backend instanceof Room) return this.backend.doc;
    throw new Error(`room ${this.id} is not served on this thread`);
  }

  /** Loads the room, in a worker if it is large; rejects if it cannot be loaded. */
  load(): Promise<void> {
    return this.switchTo(() => this.open());
  }

  addPeer(peer: Peer): void {
    this.peers.add(peer);
    this.route({ type: 'add', peer });
  }

  receive(peer: Peer, message: Uint8Array): void {
    if (this.peers.has(peer)) this.route({ type: 'message', peer, data: message });
  }

  removePeer(peer: Peer): void {
    if (this.peers.delete(peer)) this.route({ type: 'remove', peer });
  }

  /** Closes the connections admitted with links older than `generation` (revoked). */
  closeRevoked(generation: number): void {
    this.route({ type: 'revoke', generation });
  }

  /** Resolves when every accepted update is stored and broadcast. */
  async flush(): Promise<void> {
    while (this.switching) await this.switching.catch(() => undefined);
    await this.backend?.flush();
  }

  /** Compacts an in-thread room from its document (room.ts); false if it was not done. */
  compactInPlace(): boolean {
    return this.backend instanceof Room && this.queue === null && this.backend.compactInPlace();
  }

  /** Stops the room (ending its worker, if any); `flush` first to keep what it holds. */
  async destroy(): Promise<void> {
    this.destroyed = true;
    this.queue = null;
    while (this.switching) await this.switching.catch(() => undefined);
    const backend = this.backend;
    this.backend = null;
    if (backend instanceof WorkerRoom) await backend.destroy();
    else backend?.destroy();
  }

  private route(op: Op): void {
    if (this.destroyed) return;
    if (this.queue) {
      this.queue.push(op);
      return;
    }
    const backend = this.backend;
    if (!backend) {
      // The worker died and took its peers with it: a join loads the room again.
      if (op.type === 'add') {
        this.queue = [op];
        this.switchTo(() => this.open()).catch(() => undefined);
      }
      return;
    }
    if (!(backend instanceof Room && this.workers)) {
      this.apply(backend, op);
      return;
    }
    const threshold = this.workers.thresholdBytes;
    // A large message is applied in the worker, never here.
    if (op.type === 'message' && op.data.length >= threshold) {
      this.queue = [op];
      this.promote(backend);
      return;
    }
    this.apply(backend, op);
    if (backend.storedSize >= threshold) {
      this.queue = [];
      this.promote(backend);
    }
  }

  private apply(backend: Room | WorkerRoom, op: Op): void {
    switch (op.type) {
      case 'add':
        return backend.addPeer(op.peer);
      case 'message':
        return backend.receive(op.peer, op.data);
      case 'remove':
        return backend.removePeer(op.peer);
      case 'revoke':
        return backend.closeRevoked(op.generation);
    }
  }

  /** Loads the room from storage: in a worker if it is large, otherwise here. */
  private async open(): Promise<Room | WorkerRoom> {
    const workers = this.workers;
    if (workers && (await workers.storage.roomBytes(this.id)) >= workers.thresholdBytes) return this.startWorker(workers, null);
    const room = new Room(this.id, this.ctx);
    try {
      await room.load();
    } catch (error) {
      room.destroy();
      throw error;
    }
    return room;
  }

  /** Moves an in-thread room to a worker, its peers and presence with it. */
  private promote(room: Room): void {
    const workers = this.workers as RoomWorkers;
    this.ctx.log.info({ room: this.id, storedBytes: room.storedSize }, 'moving a large room to its own worker thread');
    this.switchTo(async () => {
      await room.flush();
      const clients = [...room.awareness.meta.keys()].filter((client) => client !== room.awareness.clientID);
      const awareness = clients.length > 0 ? encodeAwarenessUpdate(room.awareness, clients) : null;
      const peers = room.connectedPeers;
      this.backend = null;
      room.destroy();
      return this.startWorker(workers, { peers, awareness });
    }).catch(() => undefined);
  }

  private async startWorker(workers: RoomWorkers, adopt: { peers: Peer[]; awareness: Uint8Array | null } | null): Promise<WorkerRoom> {
    const worker = new WorkerRoom(this.id, this.ctx, workers, adopt);
    worker.onFailed = (reason) => this.workerFailed(worker, reason);
    try {
      await worker.loaded;
    } catch (error) {
      await worker.destroy();
      throw error;
    }
    return worker;
  }

  /**
   * Runs `make` while everything for the room is queued, then replays the queue on what it
   * made. If it fails, the room's peers are closed (1011) and the next join tries again.
   */
  private switchTo(make: () => Promise<Room | WorkerRoom>): Promise<void> {
    this.queue ??= [];
    const run = (async () => {
      try {
        this.backend = await make();
      } catch (error) {
        // A first load's failure is the registry's to report; this is a promotion or reload.
        if (this.peers.size > 0) this.ctx.log.error({ err: error, room: this.id }, 'the room failed to start; closing its connections');
        this.queue = null;
        this.dropPeers();
        throw error;
      } finally {
        this.switching = null;
      }
      this.replay();
    })();
    this.switching = run;
    return run;
  }

  private replay(): void {
    const queued = this.queue ?? [];
    this.queue = null;
    for (let i = 0; i < queued.length; i++) {
      this.route(queued[i] as Op);
      // The replay promoted the room: the rest waits for that, after what is queued already.
      if (this.queue) {
        (this.queue as Op[]).push(...queued.slice(i + 1));
        return;
      }
    }
  }

  private workerFailed(worker: WorkerRoom, reason: string): void {
    if (this.backend !== worker || this.destroyed) return;
    this.ctx.log.error({ room: this.id, reason }, 'the room worker died; closing its connections');
    this.backend = null;
    this.dropPeers();
  }

  private dropPeers(): void {
    for (const peer of this.peers) peer.close(CloseCode.InternalError, 'the room failed; reconnect');
    this.peers.clear();
  }
}
