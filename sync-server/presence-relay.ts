/**
 * A room's presence: which peer owns each client id (presence-rights.ts), so a peer's entries go when it does, and the
 * relay of changes, one message per flush: the first after a quiet spell at the end of its turn, the next after an
 * interval proportional to the room's peers, a flush costing a write per peer (bench/server, 50 moving cursors:
 * per-turn batching -40% CPU, the interval -35%). Changes go back to their sender too (y-websocket clients reconnect
 * after 30 s of silence), and to the room elsewhere unless they came from there. A peer announcing an id another owns
 * makes the room ping the owner (`contest`): alive, the claimant is a forgery and closed; silent, the id changes hands.
 */
import type { Logger } from 'pino';
import { removeAwarenessStates, type Awareness } from 'y-protocols/awareness';
import { CloseCode } from '../protocol/close-code';
import type { Metrics } from './metrics';
import type { Peer } from './peer';
import type { PresenceOwnership } from './presence-rights';
import { encodeAwarenessMessage } from './room-protocol';
import type { RoomPeers } from './room-peers';

/**
 * Presence flushes wait this long per peer in the room since the previous one: a flush writes to every peer, so presence
 * sends stay under 20,000/s however many cursors move (50-person cursor storm: -35% CPU, bench/server), at most half a frame.
 */
const PRESENCE_FLUSH_MS_PER_PEER = 0.05;
const PRESENCE_FLUSH_MAX_MS = 8;

/** Transaction origin of presence that came from the room elsewhere. */
export const REMOTE_PRESENCE = Symbol('remote presence');

export interface PresenceContext {
  log: Logger;
  metrics: Metrics;
  /** How long an owner has to answer a ping when its id is claimed. */
  probeMs: number;
  publish: (frame: Uint8Array) => void;
}

export class PresenceRelay implements PresenceOwnership {
  /** The peer that owns each announced client id; a peer's ids are also kept on the peer. */
  private readonly owners = new Map<number, Peer>();
  /** Changed ids to send to the peers here and elsewhere; and those only to the peers here. */
  private readonly pending = new Set<number>();
  private readonly pendingRemote = new Set<number>();
  /** The scheduled flush: at the end of this turn, or after the interval. */
  private flushSoon: NodeJS.Immediate | null = null;
  private flushLater: NodeJS.Timeout | null = null;
  private lastFlushAt = -Infinity;
  private stopped = false;

  constructor(private readonly awareness: Awareness, private readonly peers: RoomPeers, private readonly ctx: PresenceContext) {
    this.awareness.on('update', this.onUpdate);
  }

  /** Pings the `owners` of ids `claimant` named in `message`: its presence waits meanwhile, then is `replay`ed, or it is closed. */
  contest(claimant: Peer, message: Uint8Array, owners: unknown[], replay: (peer: Peer, message: Uint8Array) => void, drop: (peer: Peer) => void): void {
    claimant.presenceWaiting = [message];
    const rivals = owners.flatMap((owner) => this.peers.peerOf(owner) ?? []);
    void Promise.all(rivals.map((rival) => rival.probe(this.ctx.probeMs))).then((answers) => {
      const waiting = claimant.presenceWaiting ?? [];
      claimant.presenceWaiting = null;
      if (this.stopped || claimant.closing) return;
      if (answers.some((alive) => alive)) {
        this.ctx.metrics.protocolCloses.inc({ code: String(CloseCode.PolicyViolation) });
        return claimant.close(CloseCode.PolicyViolation, 'presence: that client id belongs to another connection');
      }
      for (const rival of rivals) {
        this.ctx.log.info({ remote: rival.remoteAddress }, 'dropping a connection that did not answer a ping while its presence was claimed by a new one');
        rival.terminate(CloseCode.GoingAway, 'silent: did not answer a ping');
        drop(rival);
      }
      for (const held of waiting) replay(claimant, held);
    });
  }

  ownerOf(clientId: number): Peer | undefined { return this.owners.get(clientId); }

  /** The ids this room's peers own and have a state for (what this room tells the room elsewhere). */
  ownedIds(): number[] { return [...this.owners.keys()].filter((id) => this.awareness.states.has(id)); }

  claim(peer: Peer, clientId: number): void {
    this.owners.set(clientId, peer);
    peer.awarenessClients.add(clientId);
  }

  /** Removes what `peer` announced, for everyone, now, and frees its ids. */
  removePeer(peer: Peer): void {
    if (peer.awarenessClients.size === 0) return;
    const clients = [...peer.awarenessClients];
    peer.awarenessClients.clear();
    for (const id of clients) if (this.owners.get(id) === peer) this.owners.delete(id);
    removeAwarenessStates(this.awareness, clients, null);
  }

  destroy(): void {
    this.stopped = true;
    if (this.flushSoon) clearImmediate(this.flushSoon);
    if (this.flushLater) clearTimeout(this.flushLater);
    this.awareness.off('update', this.onUpdate);
  }

  private readonly onUpdate = (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    const pending = origin === REMOTE_PRESENCE ? this.pendingRemote : this.pending;
    for (const id of [...change.added, ...change.updated, ...change.removed]) pending.add(id);
    if (pending.size === 0 || this.flushSoon || this.flushLater) return;
    const wait = this.lastFlushAt + Math.min(PRESENCE_FLUSH_MAX_MS, this.peers.size * PRESENCE_FLUSH_MS_PER_PEER) - performance.now();
    if (wait > 0) this.flushLater = setTimeout(this.flush, wait);
    else this.flushSoon = setImmediate(this.flush);
  };

  private readonly flush = (): void => {
    this.flushSoon = this.flushLater = null;
    this.lastFlushAt = performance.now();
    const here = [...this.pending];
    const fromElsewhere = [...this.pendingRemote].filter((id) => !this.pending.has(id));
    this.pending.clear();
    this.pendingRemote.clear();
    if (this.stopped) return;
    const frame = here.length > 0 ? encodeAwarenessMessage(this.awareness, here) : null;
    if (frame) this.ctx.publish(frame);
    if (this.peers.size === 0 || here.length + fromElsewhere.length === 0) return;
    this.peers.broadcast(fromElsewhere.length === 0 && frame ? frame : encodeAwarenessMessage(this.awareness, [...here, ...fromElsewhere]), null);
  };
}
