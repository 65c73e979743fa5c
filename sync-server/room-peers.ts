/**
 * The peers of one room and how bytes reach them. A broadcast converts its frame once and writes the same bytes to
 * every peer, counting metrics once. A peer whose unsent bytes pass the limit is dropped (1013) instead of holding the
 * room's memory hostage or slowing everyone else; board-sized frames still being written do not count (send-backlog.ts).
 */
import type { Logger } from 'pino';
import { CloseCode } from '../protocol/close-code';
import type { ServerLimits } from './constants';
import type { Metrics } from './metrics';
import type { Peer } from './peer';
import { BULK_FRAME_BYTES, SendBacklog } from './send-backlog';

export interface PeersContext { log: Logger; metrics: Metrics; limits: Pick<ServerLimits, 'maxBufferedBytes' | 'maxRoomBytes'> }

export class RoomPeers extends Set<Peer> {
  private readonly backlog: SendBacklog;

  constructor(private readonly roomId: string, private readonly ctx: PeersContext) {
    super();
    // Boards are at most maxRoomBytes: set aside two per peer (an upload's broadcast and a step 2).
    this.backlog = new SendBacklog(ctx.limits.maxBufferedBytes, BULK_FRAME_BYTES, 2 * ctx.limits.maxRoomBytes);
  }

  /** The peer a transaction origin stands for, if it is one of this room's. */
  peerOf(origin: unknown): Peer | undefined { return this.has(origin as Peer) ? (origin as Peer) : undefined; }

  /** Sends `frame` to every peer but `except` (null: to all). */
  broadcast(frame: Uint8Array, except: unknown): void {
    const bytes = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
    let delivered = 0;
    for (const peer of this) if (peer !== except && this.deliver(peer, bytes)) delivered++;
    this.ctx.metrics.messagesSent.inc(delivered);
    this.ctx.metrics.bytesSent.inc(delivered * frame.length);
  }

  send(peer: Peer, frame: Uint8Array): void {
    if (!this.deliver(peer, frame)) return;
    this.ctx.metrics.messagesSent.inc();
    this.ctx.metrics.bytesSent.inc(frame.length);
  }

  /** Writes to one peer unless it is closing or has stopped reading (then it is dropped, 1013). True if sent. */
  private deliver(peer: Peer, bytes: Uint8Array): boolean {
    if (peer.closing) return false;
    if (this.backlog.isOver(peer)) {
      const buffered = peer.socket.bufferedAmount;
      this.ctx.log.warn({ room: this.roomId, remote: peer.remoteAddress, buffered }, 'dropping a peer that stopped reading');
      peer.terminate(CloseCode.TryAgainLater, 'too slow: the send buffer is full');
      return false;
    }
    this.backlog.send(peer, bytes);
    return true;
  }
}
