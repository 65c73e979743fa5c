/**
 * The slow-reader rule for rooms that send whole boards (room-peers.ts drops a peer over it, 1013), with boards set
 * aside. A 10 MB board is larger than the 8 MB limit on its own: counting it would drop a client sent two in a row
 * (joining during an upload: the upload's broadcast, then its own step 2) before it had either, and it waited for its
 * step 2 forever (the bench's 10 MB upload "never completed"). So a frame of at least `bulkFrameBytes` is set aside
 * until `ws` reports it written; what queues behind it still counts, so a peer that stops reading is still dropped. What
 * is set aside per peer is capped, so a peer cannot hold more than the cap plus the limit.
 */
import type { Peer } from './peer';

/** Frames from this size up are boards (sync step 2s, uploads), not a backlog of edits. */
export const BULK_FRAME_BYTES = 1024 * 1024;

export class SendBacklog {
  private readonly bulk = new WeakMap<Peer, number>();

  constructor(
    private readonly maxBufferedBytes: number,
    private readonly bulkFrameBytes: number,
    /** Most bytes of such frames set aside per peer. */
    private readonly maxBulkBytes: number,
  ) {}

  /** Whether the peer has stopped reading: its backlog, boards aside, is over the limit. */
  isOver(peer: Peer): boolean {
    return peer.socket.bufferedAmount - (this.bulk.get(peer) ?? 0) > this.maxBufferedBytes;
  }

  send(peer: Peer, bytes: Uint8Array): void {
    const held = this.bulk.get(peer) ?? 0;
    if (bytes.length < this.bulkFrameBytes || held + bytes.length > this.maxBulkBytes) return peer.socket.send(bytes);
    this.bulk.set(peer, held + bytes.length);
    peer.socket.send(bytes, () => {
      const left = (this.bulk.get(peer) ?? 0) - bytes.length;
      if (left > 0) this.bulk.set(peer, left);
      else this.bulk.delete(peer);
    });
  }
}
