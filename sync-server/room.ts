/**
 * A room: one board document, its presence (awareness), and the peers connected to it.
 *
 * A document change from a peer is applied under guard (update-guard.ts) while the room captures
 * the `update` events it causes. Only if the whole message was accepted are the captured updates
 * committed (commit-chain.ts): appended to storage first, broadcast after, in the order they
 * were applied, so no client can have seen an update the server would lose in a crash, and no
 * client is sent part of a refused one. If a refused update had already changed the document,
 * the document is rebuilt from storage (which never saw it) while the room's other peers stay
 * connected.
 * Fan-out is room-peers.ts; presence is presence-relay.ts.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import type { Logger } from 'pino';
import { encodeAck, isDocumentWrite } from '../protocol/ack';
import { MessageType } from '../protocol/message-type';
import { encodeRoleNotice } from '../protocol/auth-message';
import { CloseCode } from '../protocol/close-code';
import { CommitChain } from './commit-chain';
import type { ServerLimits } from './constants';
import { FullStateCache } from './full-state';
import type { Metrics } from './metrics';
import type { Peer } from './peer';
import { PresenceRelay } from './presence-relay';
import { RoomPeers } from './room-peers';
import {
  encodeUpdateMessage,
  handleMessage,
  writeAwarenessStates,
  writeSyncStep1,
  type Outcome,
} from './room-protocol';
import type { Storage } from './storage/storage';
import { updateCostBytes } from './update-cost';
import { INCOMPLETE_REASON, UpdateEncoding, applyGuardedUpdate } from './update-guard';
import { HeldUpdates } from './held-updates';
import type { SharedBudget } from './shared-budget';
import type { DataLimit } from './data-limit';

/**
 * The cost of an update read back from storage. It was accepted once, so it decodes; if it
 * somehow does not, Yjs will say so when it is applied, and its size stands in here.
 */
function storedUpdateCost(update: Uint8Array): number {
  try {
    return updateCostBytes(update);
  } catch {
    return update.length;
  }
}

/** Transaction origin of updates replayed from storage: they are not stored again. */
const STORAGE_ORIGIN = Symbol('storage');

export interface RoomContext {
  storage: Storage;
  log: Logger;
  metrics: Metrics;
  /** Told the room's estimated memory cost whenever it changes (for the server's budget). */
  onCost?: (bytes: number) => void;
  limits: Pick<ServerLimits, 'maxBufferedBytes' | 'maxRoomBytes' | 'compactAfterUpdates' | 'maxHeldBytes' | 'maxHeldMs' | 'presenceProbeMs'>;
  /** The server-wide budget for held updates (held-updates.ts); absent: no server-wide bound. */
  heldBudget?: SharedBudget;
  /** The server-wide data limit (data-limit.ts); absent: none. */
  dataLimit?: DataLimit;
}

export class Room {
  private docValue = new Y.Doc();
  readonly awareness = new Awareness(this.docValue);
  private readonly peers: RoomPeers;
  private readonly presence: PresenceRelay;
  /** Stores, then broadcasts, each accepted update in order (commit-chain.ts). */
  private readonly commits: CommitChain;
  /** The answer to joiners that have none of the board, encoded once (full-state.ts). */
  private readonly fullState = new FullStateCache();
  /** Stored size of the document (snapshot plus log) as far as this room knows. */
  private storedBytes = 0;
  /**
   * What the document costs in memory (update-cost.ts): estimated from what was loaded, plus
   * each accepted update, and estimated afresh from the whole document at each compaction.
   */
  private costValue = 0;
  private updatesSinceCompaction = 0;
  private compaction: Promise<void> | null = null;
  /** While a message is being applied: the updates it caused, held back until it is accepted. */
  private captured: Array<[update: Uint8Array, frame: Uint8Array]> | null = null;
  private rebuilding: Promise<void> | null = null;
  /** Messages that arrived during a rebuild, replayed after it. */
  private readonly backlog: Array<[Peer, Uint8Array]> = [];
  private destroyed = false;

  constructor(
    readonly id: string,
    private readonly ctx: RoomContext,
  ) {
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.peers = new RoomPeers(id, ctx);
    this.commits = new CommitChain(id, ctx);
    this.presence = new PresenceRelay(this.awareness, this.peers);
    this.docValue.on('update', this.onUpdate);
  }

  get doc(): Y.Doc {
    return this.docValue;
  }

  get peerCount(): number {
    return this.peers.size;
  }

  /** The peers the room is serving now, for handing them over to a worker. */
  get connectedPeers(): Peer[] {
    return [...this.peers];
  }

  /** Stored size of the document (snapshot plus log) as far as this room knows. */
  get storedSize(): number {
    return this.storedBytes;
  }

  /** Estimated bytes of memory the document holds (update-cost.ts). */
  get costBytes(): number {
    return this.costValue;
  }

  async load(): Promise<void> {
    const updates = await this.ctx.metrics.timeStorage('load', () => this.ctx.storage.loadRoom(this.id));
    this.replace(updates);
  }

  addPeer(peer: Peer): void {
    this.peers.add(peer);
    // The role first: the client knows it is view-only before it could try to edit.
    this.peers.send(peer, encodeRoleNotice(peer.role));
    const encoder = encoding.createEncoder();
    writeSyncStep1(encoder, this.docValue);
    this.peers.send(peer, encoding.toUint8Array(encoder));
    const states = encoding.createEncoder();
    writeAwarenessStates(states, this.awareness);
    if (encoding.length(states) > 0) this.peers.send(peer, encoding.toUint8Array(states));
  }

  /**
   * Takes over a peer that is already in sync with this room's content (moved here from another
   * thread, state and all): no role notice, no step 1, no presence, since it has them.
   */
  adoptPeer(peer: Peer): void {
    this.peers.add(peer);
    for (const clientId of peer.awarenessClients) this.presence.claim(peer, clientId);
  }

  removePeer(peer: Peer): void {
    this.peers.delete(peer);
    this.presence.removePeer(peer);
    peer.held?.release();
  }

  /** Handles one binary message from `peer`, replying, committing or closing as it requires. */
  receive(peer: Peer, message: Uint8Array): void {
    if (peer.closing || this.destroyed) return;
    if (this.rebuilding) {
      this.backlog.push([peer, message]);
      return;
    }
    // Presence waits, in order, while a contest over one of its ids is being settled.
    if (peer.presenceWaiting && message[0] === MessageType.Awareness) {
      peer.presenceWaiting.push(message);
      return;
    }
    const encoder = encoding.createEncoder();
    const isWrite = isDocumentWrite(message);
    const outcome = this.applyCaptured(peer, isWrite, () =>
      handleMessage(decoding.createDecoder(message), encoder, {
        doc: this.docValue,
        awareness: this.awareness,
        origin: peer,
        canWrite: peer.canWrite,
        roomBytesLeft: this.ctx.limits.maxRoomBytes - this.costValue,
        storageFull: this.ctx.dataLimit?.full() ?? null,
        awaitingStep2: !peer.synced,
        wholeDocument: this.wholeDocument,
        presence: this.presence,
        presenceOwned: peer.awarenessClients.size,
        claimPresence: (clientId) => this.presence.claim(peer, clientId),
      }),
    );
    if (outcome?.type === 'ok' && outcome.replies) for (const frame of outcome.replies) this.peers.send(peer, frame);
    if (outcome?.type === 'contested') this.contest(peer, message, outcome.owners);
    if (outcome && encoding.length(encoder) > 0) this.peers.send(peer, encoding.toUint8Array(encoder));
    if (outcome && isWrite) this.acknowledge(peer, outcome);
  }

  /**
   * `claimant` announced presence ids that other peers own. A live owner means a forgery: the
   * claimant is closed. An owner that does not answer a ping is a connection that died without
   * a close (its client is back on this new one): it is dropped, and the claimant's held
   * presence is handled again, now unopposed.
   */
  private contest(claimant: Peer, message: Uint8Array, owners: unknown[]): void {
    claimant.presenceWaiting = [message];
    const rivals = owners.flatMap((owner) => {
      const peer = this.peers.peerOf(owner);
      return peer ? [peer] : [];
    });
    void Promise.all(rivals.map((rival) => rival.probe(this.ctx.limits.presenceProbeMs))).then((answers) => {
      const waiting = claimant.presenceWaiting ?? [];
      claimant.presenceWaiting = null;
      if (this.destroyed || claimant.closing) return;
      if (answers.some((alive) => alive)) {
        this.ctx.metrics.protocolCloses.inc({ code: String(CloseCode.PolicyViolation) });
        claimant.close(CloseCode.PolicyViolation, 'presence: that client id belongs to another connection');
        return;
      }
      for (const rival of rivals) {
        this.ctx.log.info({ room: this.id, remote: rival.remoteAddress }, 'dropping a connection that did not answer a ping while its presence was claimed by a new one');
        rival.terminate(CloseCode.GoingAway, 'silent: did not answer a ping');
        this.removePeer(rival);
      }
      for (const held of waiting) this.receive(claimant, held);
    });
  }

  /**
   * Counts an accepted write and, for clients that asked, acknowledges it once everything it
   * caused is stored: the ack follows the commits on the same ordered chain. A write whose
   * remainder is held is not acknowledged yet; the ack after the client's step 2 covers it.
   */
  private acknowledge(peer: Peer, outcome: Outcome): void {
    peer.writesAccepted++;
    if (!peer.wantsAcks || outcome.type === 'hold' || (peer.held?.size ?? 0) > 0) return;
    const count = peer.writesAccepted;
    this.commits.then(() => {
      if (this.peers.has(peer)) this.peers.send(peer, encodeAck(count));
    });
  }

  /**
   * Runs one apply while capturing the document updates it causes. Accepted: the captured
   * updates are committed. Refused: they are dropped, the peer is closed, and the document is
   * rebuilt if it had changed. Returns null when refused.
   */
  private applyCaptured(peer: Peer, isWrite: boolean, run: () => Outcome): Outcome | null {
    let outcome: Outcome;
    this.captured = [];
    try {
      outcome = run();
    } catch (error) {
      this.ctx.log.error({ err: error, room: this.id }, 'handling a message failed');
      outcome = { type: 'close', code: CloseCode.InternalError, reason: 'internal error' };
    }
    const captured = this.captured;
    this.captured = null;
    if (outcome.type === 'close') {
      if (isWrite) this.ctx.metrics.updatesRefused.inc({ reason: String(outcome.code) });
      else this.ctx.metrics.protocolCloses.inc({ code: String(outcome.code) });
      peer.close(outcome.code, outcome.reason);
      if (captured.length > 0) this.rebuild();
      return null;
    }
    for (const [update, frame] of captured) this.commit(update, frame, peer);
    if (outcome.type === 'hold') {
      const refusal = this.heldOf(peer).hold(outcome.remainder);
      if (refusal) peer.close(CloseCode.PolicyViolation, refusal);
    } else if (outcome.type === 'synced') {
      this.markSynced(peer);
    }
    return outcome;
  }

  /** The peer's held updates, made on first use: most connections never hold any. */
  heldOf(peer: Peer): HeldUpdates {
    return (peer.held ??= new HeldUpdates(this.ctx.limits, this.ctx.heldBudget ?? null, (reason) => peer.close(CloseCode.PolicyViolation, reason)));
  }

  /** The peer's step 2 is in: apply what it held back, which must now be complete. */
  private markSynced(peer: Peer): void {
    peer.synced = true;
    for (const part of peer.held?.take() ?? []) {
      const applied = this.applyCaptured(peer, true, (): Outcome => {
        const result = applyGuardedUpdate(this.docValue, part, peer, UpdateEncoding.V2);
        if (result.type === 'applied') return { type: 'ok' };
        return { type: 'close', code: CloseCode.InvalidPayload, reason: result.type === 'refused' ? result.reason : INCOMPLETE_REASON };
      });
      if (!applied) return;
    }
  }

  /** Closes the connections admitted with links older than `generation` (revoked). */
  closeRevoked(generation: number): void {
    for (const peer of this.peers) {
      if (peer.generation < generation) peer.close(CloseCode.LinkRevoked, 'the invite links of this board were revoked');
    }
  }

  /** Resolves when every accepted update is stored and broadcast, and no rebuild is running. */
  async flush(): Promise<void> {
    while (this.rebuilding) await this.rebuilding;
    await this.commits.settled;
    await this.compaction;
  }

  destroy(): void {
    this.destroyed = true;
    this.presence.destroy();
    this.docValue.off('update', this.onUpdate);
    this.awareness.destroy();
    this.docValue.destroy();
    this.peers.clear();
    this.backlog.length = 0;
  }

  private readonly wholeDocument = (): readonly Uint8Array[] => this.fullState.get(this.docValue);

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === STORAGE_ORIGIN) {
      this.fullState.invalidate();
      return;
    }
    const frame = encodeUpdateMessage(update);
    // Joiners get it with the cached board from now on. If the message is refused, the room is
    // rebuilt, which replaces the cache, and messages (step 1s too) wait for that.
    this.fullState.extend(update, frame);
    if (this.captured) this.captured.push([update, frame]);
    else this.commit(update, frame, origin);
  };

  private commit(update: Uint8Array, frame: Uint8Array, origin: unknown): void {
    this.storedBytes += update.length;
    this.costValue += updateCostBytes(update);
    this.ctx.onCost?.(this.costValue);
    this.ctx.dataLimit?.wrote(update.length);
    this.commits.commit(
      update,
      () => this.peers.broadcast(frame, origin),
      (error: unknown) => {
        // The document holds a change storage does not: take it back out before anyone
        // syncs it, and tell its sender, whose client will send it again on reconnect.
        this.ctx.log.error({ err: error, room: this.id }, 'storing an update failed; it was not broadcast');
        this.peers.peerOf(origin)?.close(CloseCode.InternalError, 'the server could not store this change');
        this.rebuild();
      },
    );
    if (++this.updatesSinceCompaction >= this.ctx.limits.compactAfterUpdates) this.compact();
  }

  /**
   * Stores the document as the room's snapshot, replacing its log, now, if the storage can
   * (`compactFrom`) and the document holds exactly what is stored: every accepted update
   * committed, and no refused one waiting for a rebuild to take it back out. Returns whether
   * it did (or there was nothing to merge).
   *
   * The document is already here: encoding it costs ~1 ms for a 100 KB board. The compaction
   * worker's way reads the log back and builds the board again, and its thread throws away its
   * optimized code between compactions (nothing of Yjs stays alive there), so each compaction
   * also compiled Yjs again on V8's helper threads: 50-100 µs of the process' CPU per update of
   * a busy room (bench/server propagation, 3 pairs).
   */
  compactInPlace(): boolean {
    const storage = this.ctx.storage;
    if (!storage.compactFrom || this.destroyed || this.rebuilding || !this.commits.idle) return false;
    const start = performance.now();
    let state: Uint8Array | null = null;
    try {
      if (!storage.compactFrom(this.id, () => (state = Y.encodeStateAsUpdate(this.docValue)))) return false;
    } catch (error) {
      this.ctx.log.warn({ err: error, room: this.id }, 'compacting from the document failed; compacting the log instead');
      return false;
    }
    this.ctx.metrics.observeStorage('compact', (performance.now() - start) / 1000);
    // Deleted content is gone from the document: its cost goes too.
    if (state) this.setCost(storedUpdateCost(state));
    return true;
  }

  /** Merges the room's log into its snapshot in the background; edits go on meanwhile. */
  private compact(): void {
    if (this.compaction) return;
    this.updatesSinceCompaction = 0;
    this.compaction = this.commits.settled
      .then(() => {
        if (!this.compactInPlace()) return this.ctx.metrics.timeStorage('compact', () => this.ctx.storage.compactRoom(this.id));
      })
      .catch((error: unknown) => this.ctx.log.error({ err: error, room: this.id }, 'compaction failed; the log is kept'))
      .finally(() => {
        this.compaction = null;
      });
  }

  /** Replaces the document with the state in storage, for after a refused update changed it. */
  private rebuild(): void {
    if (this.rebuilding) return;
    this.ctx.log.warn({ room: this.id }, 'a refused update had changed the document; rebuilding it from storage');
    this.rebuilding = (async () => {
      await this.commits.settled;
      const updates = await this.ctx.storage.loadRoom(this.id);
      if (!this.destroyed) this.replace(updates);
    })()
      .catch((error: unknown) => {
        this.ctx.log.error({ err: error, room: this.id }, 'rebuilding the room failed; closing it');
        for (const peer of this.peers) peer.close(CloseCode.InternalError, 'the room failed; reconnect');
      })
      .finally(() => {
        this.rebuilding = null;
        for (const [peer, message] of this.backlog.splice(0)) this.receive(peer, message);
      });
  }

  /** Swaps in a document made from stored updates. The awareness keeps its states. */
  private replace(updates: readonly Uint8Array[]): void {
    const doc = new Y.Doc();
    Y.transact(doc, () => {
      for (const update of updates) Y.applyUpdate(doc, update, STORAGE_ORIGIN);
    }, STORAGE_ORIGIN);
    this.docValue.off('update', this.onUpdate);
    this.docValue = doc;
    this.fullState.invalidate();
    // The awareness only uses its document for the client id and its lifetime: pointing it at
    // the new one lets the old document be collected.
    this.awareness.doc = doc;
    doc.on('update', this.onUpdate);
    this.storedBytes = updates.reduce((sum, update) => sum + update.length, 0);
    this.setCost(updates.reduce((sum, update) => sum + storedUpdateCost(update), 0));
  }

  private setCost(bytes: number): void {
    this.costValue = bytes;
    this.ctx.onCost?.(bytes);
  }
}
