/**
 * The slow-reader rule for rooms that send whole boards: a peer is dropped (1013) when its
 * unsent bytes pass the limit, not counting board-sized frames that are still being written.
 *
 * A 10 MB board is larger than the 8 MB limit on its own. Counting it would drop a client that
 * is sent two in a row (it joined while a board was being uploaded: it gets the upload's
 * broadcast and then its own sync step 2) before it had either, and since the client never
 * got its step 2 it waited forever (the bench's 10 MB upload "never completes", found this
 * way). So a frame of at least `bulkFrameBytes` is set aside until `ws` reports it written to
 * the kernel; what queues behind it still counts, and so a peer that stops reading is still
 * dropped once the small messages behind its board pass the limit. What is set aside per peer
 * is capped, so a peer cannot hold more than the cap plus the limit.
 */
import type { Logger } from 'pino';
import { CloseCode } from '../protocol/close-code';
import type { ServerLimits } from './constants';
import type { Peer } from './peer';

/** Frames from this size up are boards (sync step 2s, uploads), not a backlog of edits. */
export const BULK_FRAME_BYTES = 1024 * 1024;

/** The rule for a room under these limits. */
export function sendBacklogFor(limits: Pick<ServerLimits, 'maxBufferedBytes' | 'maxRoomBytes'>): SendBacklog {
  // Boards are at most maxRoomBytes: set aside two per peer (an upload's broadcast and a step 2).
  return new SendBacklog(limits.maxBufferedBytes, BULK_FRAME_BYTES, 2 * limits.maxRoomBytes);
}

export class SendBacklog {
  private readonly bulk = new WeakMap<Peer, number>();

  constructor(
    private readonly maxBufferedBytes: number,
    /** Frames this large are boards (step 2s, uploads), not backlog. */
    private readonly bulkFrameBytes: number,
    /** Most bytes of such frames set aside per peer. */
    private readonly maxBulkBytes: number,
  ) {}

  /** Whether the peer has stopped reading: its backlog, boards aside, is over the limit. */
  isOver(peer: Peer): boolean {
    return peer.socket.bufferedAmount - (this.bulk.get(peer) ?? 0) > this.maxBufferedBytes;
  }

  /** The peer's unsent bytes, for logs. */
  buffered(peer: Peer): number {
    return peer.socket.bufferedAmount;
  }

  /**
   * Writes to one peer unless it is closing or has stopped reading; such a peer is dropped
   * (1013) and logged. True if sent.
   */
  deliver(peer: Peer, bytes: Uint8Array, log: Logger, room: string): boolean {
    if (peer.closing) return false;
    if (this.isOver(peer)) {
      log.warn({ room, remote: peer.remoteAddress, buffered: this.buffered(peer) }, 'dropping a peer that stopped reading');
      peer.terminate(CloseCode.TryAgainLater, 'too slow: the send buffer is full');
      return false;
    }
    this.send(peer, bytes);
    return true;
  }

  send(peer: Peer, bytes: Uint8Array): void {
    const held = this.bulk.get(peer) ?? 0;
    if (bytes.length < this.bulkFrameBytes || held + bytes.length > this.maxBulkBytes) {
      peer.socket.send(bytes);
      return;
    }
    this.bulk.set(peer, held + bytes.length);
    peer.socket.send(bytes, () => {
      const left = (this.bulk.get(peer) ?? 0) - bytes.length;
      if (left > 0) this.bulk.set(peer, left);
      else this.bulk.delete(peer);
    });
  }
}
