/**
 * A room: the peers on one board, their presence and its document. One path per message: connection → `receive` →
 * presence (room-protocol.ts) or the document engine (engine/doc-engine.ts), whose accepted changes go to the peers, the
 * room elsewhere (fan-out.ts) and storage, in that order. The relay may run ahead of storage: what clients were sent
 * comes back with their next sync; the save ack waits for every earlier append (append-ledger.ts). While the document
 * loads or rebuilds, everything waits in one queue. It lives here or, if large, in a pool thread (engine/engine-pool.ts),
 * decided by its stored size or a new room's first write; until then a new room answers from an empty document.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Awareness, applyAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Logger } from 'pino';
import type { HistoryAuthor } from '../protocol/history';
import { encodeAck, isDocumentWrite } from '../protocol/ack';
import { encodeRoleNotice } from '../protocol/auth-message';
import { CloseCode } from '../protocol/close-code';
import { MessageType, SyncStep } from '../protocol/message-type';
import { AppendLedger } from './append-ledger';
import type { ServerLimits } from './constants';
import type { DataLimit } from './data-limit';
import type { EngineOutput, RoomEngine } from './engine/doc-engine';
import { FullStateCache } from './engine/full-state';
import { encodeSyncStep1, handleSync } from './engine/sync-protocol';
import type { FanOut, FanOutChannel } from './fan-out';
import { ChangeAuthors } from './history/change-authors';
import type { VersionRecorder } from './history/version-recorder';
import type { Metrics } from './metrics';
import type { Peer } from './peer';
import { PresenceRelay, REMOTE_PRESENCE } from './presence-relay';
import { RoomPeers } from './room-peers';
import { encodeAwarenessMessage, handleMessage } from './room-protocol';
import type { Storage } from './storage/storage';

/** Makes a room's document engine, here or in the pool, by its size (engine/engine-pool.ts). */
export interface EngineFactory {
  open(room: string, stored: Uint8Array[], sizeBytes: number, out: EngineOutput, log: Logger): RoomEngine;
}

export interface RoomContext {
  storage: Storage;
  log: Logger;
  metrics: Metrics;
  limits: Pick<ServerLimits, 'maxBufferedBytes' | 'maxRoomBytes' | 'compactAfterUpdates' | 'presenceProbeMs'>;
  engines: EngineFactory;
  fanOut: FanOut;
  /** Told what is written; null: no data limit. */
  dataLimit: DataLimit | null;
  /** Makes each room's version recorder (history/); null: no automatic versions. */
  history?: { open(room: string): VersionRecorder } | null;
}

type Step = () => void;

/** A new room's answers before its first write: those of an empty document, never written to. */
const EMPTY = new Y.Doc();
const EMPTY_STEP1 = encodeSyncStep1(EMPTY);
const emptyBoard = new FullStateCache();
const QUERY_PRESENCE = new Uint8Array([MessageType.QueryAwareness]);
/** A write that adds nothing (an empty update): `[sync][step][length 2][no structs][no deletes]`. */
const isEmptyWrite = (message: Uint8Array): boolean => message.length === 5 && message[2] === 2 && message[3] === 0 && message[4] === 0;
const LOAD_FAILED = 'the room could not be loaded';

export class Room {
  readonly awareness = new Awareness(new Y.Doc());
  private readonly peers: RoomPeers;
  /** Every connection given to the room and not taken back, queued ones included, by id. */
  private readonly byId = new Map<number, Peer>();
  private nextPeer = 1;
  private readonly presence: PresenceRelay;
  private readonly channel: FanOutChannel;
  private readonly versions: VersionRecorder | null;
  private readonly authors = new ChangeAuthors(this.awareness);
  private engine: RoomEngine | null = null;
  private queue: Step[] | null = [];
  /** Each peer's empty writes to a new room before its first content: the document, once made, counts on from there. */
  private readonly emptyWrites = new Map<Peer, number>();
  private readonly appends = new AppendLedger();
  private updatesSinceCompaction = 0;
  private compaction: Promise<void> | null = null;
  private costValue = 0;
  private loading: Promise<void> | null = null;
  /** The room failed and closed its connections: it takes nothing more. */
  private brokenValue = false;
  private destroyed = false;

  constructor(readonly id: string, private readonly ctx: RoomContext) {
    this.awareness.setLocalState(null); // the server has no presence of its own
    this.peers = new RoomPeers(id, ctx);
    this.channel = ctx.fanOut.open(id, { deliver: (frame) => this.deliverRemote(frame), gap: () => this.resync() });
    const publish = (frame: Uint8Array): void => this.channel.publish(frame);
    const presenceContext = { log: ctx.log.child({ room: id }), metrics: ctx.metrics, probeMs: ctx.limits.presenceProbeMs, publish };
    this.presence = new PresenceRelay(this.awareness, this.peers, presenceContext);
    this.versions = ctx.history?.open(id) ?? null;
    // The room elsewhere, if there is one, sends the presence of its peers.
    this.channel.publish(QUERY_PRESENCE);
  }

  get inPool(): boolean { return this.engine?.inPool ?? false; }

  /** True once the room failed: the registry loads it afresh. */
  get broken(): boolean { return this.brokenValue; }

  get costBytes(): number { return this.costValue; }

  /** Loads the stored document; messages wait meanwhile. On failure the connections are closed (1011). */
  load(): Promise<void> {
    const making = (async () => {
      const stored = await this.ctx.metrics.timeStorage('load', () => this.ctx.storage.loadRoom(this.id));
      if (stored.length > 0) await this.openEngine(stored);
    })();
    return this.settle(making, LOAD_FAILED);
  }

  addPeer(peer: Peer): void {
    peer.id = this.nextPeer++;
    this.byId.set(peer.id, peer);
    this.run(() => {
      this.peers.add(peer);
      // The role first: the client knows it is view-only before it could try to edit.
      this.peers.send(peer, encodeRoleNotice(peer.role));
      if (this.engine) this.engine.join(peer.id, peer.canWrite);
      else this.peers.send(peer, EMPTY_STEP1);
      const states = encodeAwarenessMessage(this.awareness);
      if (states.length > 0) this.peers.send(peer, states);
    });
  }

  removePeer(peer: Peer): void {
    this.byId.delete(peer.id);
    this.run(() => {
      if (!this.peers.delete(peer)) return;
      this.emptyWrites.delete(peer);
      this.presence.removePeer(peer);
      this.engine?.leave(peer.id);
    });
  }

  receive(peer: Peer, message: Uint8Array): void {
    if (this.queue) {
      this.queue.push(() => this.receive(peer, message));
      return;
    }
    if (peer.closing || this.destroyed || this.brokenValue || !this.byId.has(peer.id)) return;
    // Presence waits, in order, while a contest over one of its ids is being settled.
    if (peer.presenceWaiting && message[0] === MessageType.Awareness) {
      peer.presenceWaiting.push(message);
      return;
    }
    if (message[0] === MessageType.Sync) return this.sync(peer, message); // the hot path: nothing to make for it
    const encoder = encoding.createEncoder();
    const claimPresence = (clientId: number): void => this.presence.claim(peer, clientId);
    const context = { awareness: this.awareness, origin: peer, presence: this.presence, presenceOwned: peer.awarenessClients.size, claimPresence };
    const outcome = handleMessage(decoding.createDecoder(message), encoder, context);
    if (outcome.type === 'sync') this.sync(peer, message);
    else if (outcome.type === 'close') this.refused(peer, outcome.code, outcome.reason, false);
    else if (outcome.type === 'contested') {
      this.presence.contest(peer, message, outcome.owners, (claimant, held) => this.receive(claimant, held), (rival) => this.removePeer(rival));
    }
    if (encoding.length(encoder) > 0) this.peers.send(peer, encoding.toUint8Array(encoder));
  }

  /** The whole document as one update, once everything given to the room so far is in. */
  async encodeState(): Promise<Uint8Array> {
    await this.loaded();
    return this.engine ? this.engine.encodeState() : Y.encodeStateAsUpdate(EMPTY);
  }

  /** A change the server makes for `author` (a restore, a revert): sent to everyone, stored as theirs; resolves once stored. */
  async applyChange(update: Uint8Array, author: HistoryAuthor | null): Promise<void> {
    if (this.brokenValue || this.destroyed) throw new Error('the room failed');
    const id = this.nextPeer++;
    await this.authors.as(id, author, () => {
      this.run(() => (this.engine ? this.engine.applyChange(id, update) : this.startEngine(update.length, () => this.engine?.applyChange(id, update))));
      return this.flush();
    });
  }

  closeRevoked(generation: number): void {
    const reason = 'the invite links of this board were revoked';
    for (const peer of this.peers) if (peer.generation < generation) peer.close(CloseCode.LinkRevoked, reason);
  }

  /** Resolves once everything the room was given is handled and every change it caused stored. */
  async flush(): Promise<void> {
    await this.loaded();
    await this.engine?.settled();
    await this.appends.settled();
    await this.compaction;
  }

  async destroy(): Promise<void> {
    this.versions?.close();
    this.destroyed = true;
    this.queue = null;
    this.presence.destroy();
    this.awareness.destroy();
    this.channel.close();
    this.peers.clear();
    this.byId.clear();
    const engine = this.engine;
    this.engine = null;
    await engine?.destroy();
  }

  private async loaded(): Promise<void> { while (this.loading) await this.loading.catch(() => undefined); }

  /** A Sync message: for the engine, or, before a new room's first write, for the empty document. */
  private sync(peer: Peer, message: Uint8Array): void {
    if (this.engine) return this.engine.receive(peer.id, message);
    if (peer.canWrite && isDocumentWrite(message)) {
      // The first write with content decides where the document lives; a joiner's empty step 2 must not place it: a 10 MB
      // upload behind it would apply on this thread.
      if (!isEmptyWrite(message)) return this.startEngine(message.length, () => this.engine?.receive(peer.id, message));
      const writes = (this.emptyWrites.get(peer) ?? 0) + 1;
      this.emptyWrites.set(peer, writes);
      if (message[1] === SyncStep.Step2) peer.synced = true;
      if (peer.wantsAcks) this.appends.afterAll(() => this.peers.send(peer, encodeAck(writes)));
      return;
    }
    const encoder = encoding.createEncoder();
    const decoder = decoding.createDecoder(message);
    decoding.readVarUint(decoder);
    const wholeDocument = (): readonly Uint8Array[] => emptyBoard.get(EMPTY);
    const context = { doc: EMPTY, origin: peer, canWrite: false, awaitingStep2: !peer.synced, fits: () => false, storageFull: null, wholeDocument };
    const outcome = handleSync(decoder, encoder, context);
    if (outcome.type === 'close') return this.refused(peer, outcome.code, outcome.reason, message[1] === SyncStep.Update);
    if (outcome.type === 'synced') peer.synced = true;
    for (const frame of outcome.type === 'ok' ? (outcome.replies ?? []) : []) this.peers.send(peer, frame);
    if (encoding.length(encoder) > 0) this.peers.send(peer, encoding.toUint8Array(encoder));
  }

  /** Makes a new room's document for its first change, which `first` hands to it. */
  private startEngine(sizeBytes: number, first: Step): void {
    this.queue = [first];
    void this.settle(this.openEngine([], sizeBytes), LOAD_FAILED);
  }

  private async openEngine(stored: Uint8Array[], sizeBytes = stored.reduce((sum, update) => sum + update.length, 0)): Promise<void> {
    const engine = this.ctx.engines.open(this.id, stored, sizeBytes, this.output, this.ctx.log.child({ room: this.id }));
    this.engine = engine;
    await engine.ready;
    if (this.engine !== engine) return;
    for (const peer of this.peers) engine.rejoin(peer.id, peer.canWrite, peer.synced, this.emptyWrites.get(peer) ?? 0);
    this.emptyWrites.clear();
  }

  private readonly output: EngineOutput = {
    send: (peerId, frames) => {
      const peer = this.byId.get(peerId);
      if (peer) for (const frame of frames) this.peers.send(peer, frame);
    },
    relay: (frame, from) => {
      this.peers.broadcast(frame, from === null ? null : (this.byId.get(from) ?? null));
      if (from !== null) this.channel.publish(frame);
    },
    change: (update, frame, from, remote, relayed) => {
      if (!relayed) this.output.relay(frame, remote ? null : from);
      if (!remote) this.store(update, from);
    },
    synced: (peerId) => {
      const peer = this.byId.get(peerId);
      if (peer) peer.synced = true;
    },
    written: (peerId, writes) => {
      const peer = this.byId.get(peerId);
      if (!peer?.wantsAcks) return;
      this.appends.afterAll(() => {
        if (this.byId.get(peerId) === peer) this.peers.send(peer, encodeAck(writes));
      });
    },
    refuse: (peerId, code, reason, write) => {
      const peer = this.byId.get(peerId);
      if (peer) this.refused(peer, code, reason, write);
    },
    corrupted: () => this.rebuild(),
    lost: (reason) => this.fail(new Error(reason), 'the room failed; reconnect'),
    cost: (bytes) => void (this.costValue = bytes),
  };

  private refused(peer: Peer, code: CloseCode, reason: string, write: boolean): void {
    if (write) this.ctx.metrics.updatesRefused.inc({ reason: String(code) });
    else this.ctx.metrics.protocolCloses.inc({ code: String(code) });
    peer.close(code, reason);
  }

  private store(update: Uint8Array, from: number | null): void {
    const author = this.authors.of(from, from === null ? undefined : this.byId.get(from));
    this.versions?.changing(author); // a version it makes marks the log before this change
    const index = this.appends.issue();
    this.ctx.dataLimit?.wrote(update.length);
    this.ctx.metrics.timeStorage('append', () => this.ctx.storage.appendUpdate(this.id, update, author)).then(
      () => this.appends.finish(index),
      (error: unknown) => {
        this.appends.fail(index);
        // Clients here may hold a change storage lacks: closing them makes each send it again on reconnect.
        this.fail(error, 'the server could not store a change; reconnect');
      },
    );
    if (++this.updatesSinceCompaction >= this.ctx.limits.compactAfterUpdates) void this.compact();
  }

  /** Merges the room's log into its snapshot, one compaction at a time: every so many changes, and as it unloads. */
  compact(): Promise<void> {
    if (!this.compaction) {
      this.updatesSinceCompaction = 0;
      this.compaction = this.ctx.metrics
        .timeStorage('compact', () => this.ctx.storage.compactRoom(this.id))
        .catch((error: unknown) => this.ctx.log.error({ err: error, room: this.id }, 'compaction failed; the log is kept'))
        .finally(() => (this.compaction = null));
    }
    return this.compaction;
  }

  /**
   * A refused message had changed the document (or its thread died): rebuild it from storage once every append has
   * landed. Connections not yet in sync may have had changes held in the old engine: they are closed to send them again.
   */
  private rebuild(): void {
    if (this.destroyed || this.queue) return;
    this.ctx.log.warn({ room: this.id }, 'rebuilding the room document from storage');
    this.queue = [];
    const old = this.engine;
    this.engine = null;
    const making = (async () => {
      await old?.destroy();
      await this.appends.settled();
      const stored = await this.ctx.storage.loadRoom(this.id);
      for (const peer of this.peers) if (!peer.synced) peer.close(CloseCode.InternalError, 'the room was rebuilt; reconnect');
      await this.openEngine(stored);
    })();
    void this.settle(making, 'the room failed; reconnect');
  }

  /** Waits for a document to be made (the queue holds everything meanwhile), then drains. */
  private async settle(making: Promise<void>, failure: string): Promise<void> {
    this.loading = making;
    const failed = await making.then(() => null, (error: unknown) => ({ error }));
    if (this.loading === making) this.loading = null;
    if (failed) this.fail(failed.error, failure);
    else this.drain();
  }

  /** Changes and presence made in the room elsewhere (fan-out.ts). */
  private deliverRemote(frame: Uint8Array): void {
    this.run(() => {
      const decoder = decoding.createDecoder(frame);
      const type = decoding.readVarUint(decoder);
      if (type === MessageType.Awareness) applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), REMOTE_PRESENCE);
      else if (type === MessageType.QueryAwareness) {
        const ours = this.presence.ownedIds();
        if (ours.length > 0) this.channel.publish(encodeAwarenessMessage(this.awareness, ours));
      } else if (type === MessageType.Sync && decoding.readVarUint(decoder) === SyncStep.Update) {
        const update = decoding.readVarUint8Array(decoder);
        if (this.engine) this.engine.applyRemote(update, frame);
        else this.startEngine(update.length, () => this.engine?.applyRemote(update, frame));
      }
    });
  }

  /** The room missed changes made elsewhere: its clients are closed (1013) to sync again from storage. */
  private resync(): void {
    for (const peer of this.peers) peer.close(CloseCode.TryAgainLater, 'this server missed changes to the board; reconnect');
    // While it loads, after what was queued before (a replayed change the notice is about must not outlive it).
    this.run(() => this.rebuild());
  }

  /** The room cannot go on: every connection, queued ones too, is closed; the registry unloads it once they are gone. */
  private fail(error: unknown, reason: string): void {
    if (this.brokenValue || this.destroyed) return;
    this.brokenValue = true;
    this.ctx.log.error({ err: error, room: this.id }, reason);
    // Storage that is full or unreachable (data-limit.ts): the clients keep their changes and come back later.
    const later = this.ctx.dataLimit?.full() ?? null;
    for (const peer of this.byId.values()) peer.close(later ? CloseCode.TryAgainLater : CloseCode.InternalError, later ?? reason);
    this.queue = null;
  }

  private run(step: Step): void {
    if (this.queue) this.queue.push(step);
    else if (!this.brokenValue) step();
  }

  private drain(): void {
    const queued = this.queue ?? [];
    this.queue = null;
    let i = 0;
    while (i < queued.length && !this.queue) (queued[i++] as Step)();
    // A step began a rebuild: the rest waits for it, ahead of anything newer.
    (this.queue as Step[] | null)?.unshift(...queued.slice(i));
  }
}
