/**
 * The slow-reader rule (room-peers.ts drops a peer over it, 1013), with boards set aside. A 10 MB board alone exceeds the
 * 8 MB limit: a client joining during an upload, sent the broadcast and its own step 2, was dropped before having either
 * and waited forever (the bench's 10 MB upload "never completed"). So frames of `bulkFrameBytes` or more are set aside
 * until `ws` reports them written, up to a cap; what queues behind them still counts.
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
    // The map is read only past the limit: a broadcast asks this of every reader (bench/server fan-out).
    const buffered = peer.socket.bufferedAmount;
    return buffered > this.maxBufferedBytes && buffered - (this.bulk.get(peer) ?? 0) > this.maxBufferedBytes;
  }

  send(peer: Peer, bytes: Uint8Array): void {
    if (bytes.length < this.bulkFrameBytes) return peer.socket.send(bytes);
    const held = this.bulk.get(peer) ?? 0;
    if (held + bytes.length > this.maxBulkBytes) return peer.socket.send(bytes);
    this.bulk.set(peer, held + bytes.length);
    peer.socket.send(bytes, () => {
      const left = (this.bulk.get(peer) ?? 0) - bytes.length;
      if (left > 0) this.bulk.set(peer, left);
      else this.bulk.delete(peer);
    });
  }
}
