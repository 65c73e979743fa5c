/**
 * The peers of one room and how bytes reach them. A broadcast converts its frame once and writes
 * the same bytes to every peer, counting metrics once; a peer whose send buffer is over the limit
 * (board-sized frames aside: send-backlog.ts) is dropped (1013) instead of holding the room's
 * memory hostage or slowing everyone else.
 */
import type { Logger } from 'pino';
import type { ServerLimits } from './constants';
import type { Metrics } from './metrics';
import type { Peer } from './peer';
import { sendBacklogFor, type SendBacklog } from './send-backlog';

export interface PeersContext {
  log: Logger;
  metrics: Metrics;
  limits: Pick<ServerLimits, 'maxBufferedBytes' | 'maxRoomBytes'>;
}

export class RoomPeers implements Iterable<Peer> {
  private readonly peers = new Set<Peer>();
  private readonly backlog: SendBacklog;

  constructor(
    private readonly roomId: string,
    private readonly ctx: PeersContext,
  ) {
    this.backlog = sendBacklogFor(ctx.limits);
  }

  get size(): number {
    return this.peers.size;
  }

  /** The peer a transaction origin stands for, if it is one of this room's. */
  peerOf(origin: unknown): Peer | undefined {
    return this.peers.has(origin as Peer) ? (origin as Peer) : undefined;
  }

  has(peer: Peer): boolean {
    return this.peers.has(peer);
  }

  add(peer: Peer): void {
    this.peers.add(peer);
  }

  delete(peer: Peer): void {
    this.peers.delete(peer);
  }

  clear(): void {
    this.peers.clear();
  }

  [Symbol.iterator](): Iterator<Peer> {
    return this.peers[Symbol.iterator]();
  }

  /** Sends `frame` to every peer but `except` (null: to all). */
  broadcast(frame: Uint8Array, except: unknown): void {
    const bytes = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
    let delivered = 0;
    for (const peer of this.peers) {
      if (peer !== except && this.backlog.deliver(peer, bytes, this.ctx.log, this.roomId)) delivered++;
    }
    this.ctx.metrics.messagesSent.inc(delivered);
    this.ctx.metrics.bytesSent.inc(delivered * frame.length);
  }

  send(peer: Peer, frame: Uint8Array): void {
    if (!this.backlog.deliver(peer, frame, this.ctx.log, this.roomId)) return;
    this.ctx.metrics.messagesSent.inc();
    this.ctx.metrics.bytesSent.inc(frame.length);
  }
}
