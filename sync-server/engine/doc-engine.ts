/**
 * A room's document: the Y.Doc built from storage, and all that reads or changes it for the room's peers (numbered by
 * the room). It runs here or in a pool thread and talks to its room only through `EngineOutput`. A message's `update`
 * events are captured while it applies: handed on (`change`) only if it is accepted whole; if it is refused after
 * changing the document, the room rebuilds the engine from storage (`corrupted`), which never saw them. A point appended
 * to a stroke is checked without applying it, relayed at once (`relay`) and applied with its burst (append-lane.ts).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { Logger } from 'pino';
import { isDocumentWrite } from '../../protocol/ack';
import { CloseCode } from '../../protocol/close-code';
import { MessageType, SyncStep } from '../../protocol/message-type';
import type { ServerLimits } from '../constants';
import { HeldUpdates } from '../held-updates';
import { orNull } from '../or-null';
import type { SharedBudget } from '../shared-budget';
import { costOf, countUpdate, updateCostBytes } from '../update-cost';
import { INCOMPLETE_REASON, UpdateEncoding, applyGuardedUpdate } from '../update-guard';
import { AppendBatch, REMOTE_BATCH_MS } from './append-lane';
import { FullStateCache } from './full-state';
import { OK, close, encodeSyncStep1, encodeUpdateMessage, handleSync, type SyncOutcome } from './sync-protocol';

/** Where an engine's results go, in the order they happen. */
export interface EngineOutput {
  send(peer: number, frames: readonly Uint8Array[]): void;
  /**
   * A plain append (append-lane.ts), before it is applied: `frame` to every peer but `from` and to the room elsewhere;
   * from null, the room elsewhere: to every peer.
   */
  relay(frame: Uint8Array, from: number | null): void;
  /**
   * An accepted change: `frame` to every peer but `from`; `update` to storage and the room elsewhere, unless `remote`.
   * `relayed`: a batch of appends, already relayed: `update` to storage only.
   */
  change(update: Uint8Array, frame: Uint8Array, from: number | null, remote: boolean, relayed: boolean): void;
  /** `peer`'s step 2 is in (or, for a viewer, was ignored). */
  synced(peer: number): void;
  /** `peer`'s first `writes` document writes are accepted whole (none held): ack them once what they caused is stored. */
  written(peer: number, writes: number): void;
  /** Close `peer`; `write`: the refused message was a document write. */
  refuse(peer: number, code: CloseCode, reason: string, write: boolean): void;
  /** A refused message had changed the document: the room must rebuild it from storage. */
  corrupted(): void;
  /** The document is gone or missed changes: what it accepted but did not hand on is lost, so clients must sync again. */
  lost(reason: string): void;
  /** What the document costs in memory (update-cost.ts). */
  cost(bytes: number): void;
}

export type EngineLimits = Pick<ServerLimits, 'maxRoomBytes' | 'maxHeldBytes' | 'maxHeldMs'>;

export interface EngineContext {
  limits: EngineLimits;
  heldBudget: SharedBudget | null;
  /** Why the server stores nothing more now (its data limit); null while it does. */
  storageFull: () => string | null;
  log: Logger;
}

interface PeerState {
  canWrite: boolean;
  synced: boolean;
  held: HeldUpdates | null;
  refused: boolean;
  /** Document writes accepted from this connection: the count its save acks report. */
  writes: number;
}

/** Transaction origins: stored updates are not stored again; changes from the room elsewhere are stored there. */
const STORED = Symbol('stored');
const REMOTE = Symbol('remote');
/** The lane's peer number for appends from the room elsewhere (peers are numbered from 0). */
const ELSEWHERE = -1;

/** What a room needs of its document, wherever it runs. */
export interface RoomEngine {
  /** Resolves once the document is loaded; rejects if it could not be. */
  readonly ready: Promise<void>;
  readonly inPool: boolean;
  join(peer: number, canWrite: boolean): void;
  /** A peer that already had step 1 from the room (a rebuilt or newly made engine), maybe with its step 2 and `writes` sent. */
  rejoin(peer: number, canWrite: boolean, synced: boolean, writes?: number): void;
  leave(peer: number): void;
  receive(peer: number, message: Uint8Array): void;
  /** A change made elsewhere (`update`, sent as `frame`). */
  applyRemote(update: Uint8Array, frame: Uint8Array): void;
  /** A change the server makes (a restore, a revert), as if from `peer`, a number the room gave no connection. */
  applyChange(peer: number, update: Uint8Array): void;
  /** Resolves once everything given to the engine so far has been handled. */
  settled(): Promise<void>;
  /** The whole document as one update, once everything given so far is in. */
  encodeState(): Promise<Uint8Array>;
  destroy(): Promise<void>;
}

/** The update a Sync Update message carries (`[0][2][length][update]`), if it decodes and nothing follows it. */
function wholeUpdateOf(message: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(message.subarray(2));
  const update = orNull(() => decoding.readVarUint8Array(decoder));
  return decoder.pos === decoder.arr.length ? update : null;
}

export class DocEngine implements RoomEngine {
  readonly ready = Promise.resolve();
  readonly inPool = false;
  private readonly doc = new Y.Doc();
  private readonly peers = new Map<number, PeerState>();
  private readonly fullState = new FullStateCache();
  private costBytes = 0;
  /** The cost as last measured from the whole document (see `fits`). */
  private measuredBytes = 0;
  /** While a message is applied: the updates it caused, held back until it is accepted. */
  private captured: Array<[update: Uint8Array, frame: Uint8Array]> | null = null;
  private readonly appends = new AppendBatch((peer, updates) => this.applyAppends(peer, updates));
  /**
   * Appends from the room elsewhere, in a lane of their own that neither waits for the other's: with two people drawing on
   * two instances, each point otherwise applied the other's last point cold (~90–110 µs) before its relay (issue #21).
   */
  private readonly remoteAppends = new AppendBatch((_, updates) => this.applyAppends(ELSEWHERE, updates), REMOTE_BATCH_MS);
  /** While a batch of relayed appends is applied. */
  private relayed = false;

  constructor(private readonly ctx: EngineContext, private readonly out: EngineOutput, stored: readonly Uint8Array[]) {
    Y.transact(this.doc, () => {
      for (const update of stored) Y.applyUpdate(this.doc, update, STORED);
    }, STORED);
    this.setCost(stored.reduce((sum, update) => sum + updateCostBytes(update), 0));
    this.doc.on('update', this.onUpdate);
  }

  join(peer: number, canWrite: boolean): void {
    this.flushAppends();
    this.rejoin(peer, canWrite, false);
    this.out.send(peer, [encodeSyncStep1(this.doc)]);
  }

  rejoin(peer: number, canWrite: boolean, synced: boolean, writes = 0): void {
    this.peers.set(peer, { canWrite, synced, held: null, refused: false, writes });
  }

  leave(peer: number): void {
    this.flushAppends();
    this.peers.get(peer)?.held?.release();
    this.peers.delete(peer);
  }

  receive(peer: number, message: Uint8Array): void {
    const state = this.peers.get(peer);
    if (!state || state.refused) return;
    if (this.relayAppend(peer, state, message)) return;
    // Everything else sees the document with both lanes applied.
    this.flushAppends();
    const encoder = encoding.createEncoder();
    const decoder = decoding.createDecoder(message);
    decoding.readVarUint(decoder); // the type: the room routes only Sync messages here
    const isWrite = isDocumentWrite(message);
    const { doc, fits, wholeDocument } = this;
    const { canWrite, synced } = state;
    const context = { doc, origin: peer, canWrite, awaitingStep2: !synced, fits, storageFull: this.ctx.storageFull(), wholeDocument };
    const outcome = this.applyCaptured(peer, state, isWrite, () => handleSync(decoder, encoder, context));
    if (!outcome) return;
    const replies = outcome.type === 'ok' && outcome.replies ? [...outcome.replies] : [];
    if (encoding.length(encoder) > 0) replies.push(encoding.toUint8Array(encoder));
    if (replies.length > 0) this.out.send(peer, replies);
    if (!isWrite) return;
    state.writes++;
    if (outcome.type !== 'hold' && (state.held?.size ?? 0) === 0) this.out.written(peer, state.writes);
  }

  applyRemote(update: Uint8Array, frame: Uint8Array): void {
    // A plain append from there: relayed here now, applied with its burst (the room there checked it against the cap).
    if (this.takeAppend(this.remoteAppends, this.appends, ELSEWHERE, update, () => true)) return this.out.relay(frame, null);
    this.flushAppends();
    try {
      Y.applyUpdate(this.doc, update, REMOTE);
    } catch (error) {
      this.ctx.log.warn({ err: error }, 'a change from elsewhere did not apply');
    }
    // It builds on changes this document never got: the room missed some, and must sync again.
    const { pendingStructs, pendingDs } = this.doc.store;
    if (pendingStructs !== null || pendingDs !== null) this.out.lost('this server missed changes made elsewhere');
  }

  applyChange(peer: number, update: Uint8Array): void {
    this.flushAppends();
    Y.applyUpdate(this.doc, update, peer);
  }

  settled(): Promise<void> {
    this.flushAppends();
    return Promise.resolve();
  }

  async encodeState(): Promise<Uint8Array> {
    this.flushAppends();
    return Y.encodeStateAsUpdate(this.doc);
  }

  async destroy(): Promise<void> {
    this.flushAppends();
    for (const state of this.peers.values()) state.held?.release();
    this.peers.clear();
    this.doc.off('update', this.onUpdate);
    this.doc.destroy();
  }

  /** A plain append from a synced writer (append-lane.ts) is relayed now and applied with its batch; false: not one. */
  private relayAppend(peer: number, state: PeerState, message: Uint8Array): boolean {
    if (!state.synced || !state.canWrite || (state.held?.size ?? 0) > 0 || message[0] !== MessageType.Sync || message[1] !== SyncStep.Update) return false;
    const update = wholeUpdateOf(message);
    if (!update || this.ctx.storageFull() !== null || !this.takeAppend(this.appends, this.remoteAppends, peer, update, this.fits)) return false;
    this.out.relay(message, peer);
    state.writes++;
    return true;
  }

  /** Takes a plain append that `fits` into `lane`, clear of `beside`, its cost counted now for the room cap; false: not one. */
  private takeAppend(lane: AppendBatch, beside: AppendBatch, peer: number, update: Uint8Array, fits: (bytes: number) => boolean): boolean {
    const counts = countUpdate(update);
    const cost = costOf(counts) + update.length;
    if (!counts || !fits(cost) || !lane.take(this.doc, peer, update, counts, beside)) return false;
    this.setCost(this.costBytes + cost);
    return true;
  }

  private flushAppends(): void {
    this.remoteAppends.flush();
    this.appends.flush();
  }

  /**
   * Applies a batch of relayed appends in one transaction: a peer's stored as one update and acknowledged once stored;
   * those from elsewhere only applied.
   */
  private applyAppends(peer: number, updates: Uint8Array[]): void {
    this.relayed = true;
    const origin = peer === ELSEWHERE ? REMOTE : peer;
    try {
      Y.transact(this.doc, () => {
        for (const update of updates) Y.applyUpdate(this.doc, update, origin);
      }, origin);
      if (this.doc.store.pendingStructs || this.doc.store.pendingDs) throw new Error('the appends left pending structs');
    } catch (error) {
      this.ctx.log.error({ err: error }, 'a checked append did not apply');
      this.out.corrupted();
    } finally {
      this.relayed = false;
    }
    const state = this.peers.get(peer);
    if (state && !state.refused && (state.held?.size ?? 0) === 0) this.out.written(peer, state.writes);
  }

  /** Runs one apply, capturing its updates: handed on if accepted; if refused (returns null) dropped, and the peer refused. */
  private applyCaptured(peer: number, state: PeerState, isWrite: boolean, run: () => SyncOutcome): SyncOutcome | null {
    let outcome: SyncOutcome;
    this.captured = [];
    try {
      outcome = run();
    } catch (error) {
      this.ctx.log.error({ err: error }, 'handling a message failed');
      outcome = { type: 'close', code: CloseCode.InternalError, reason: 'internal error' };
    }
    const captured = this.captured;
    this.captured = null;
    if (outcome.type === 'close') {
      state.refused = true;
      state.held?.release();
      this.out.refuse(peer, outcome.code, outcome.reason, isWrite);
      if (captured.length > 0) this.out.corrupted();
      return null;
    }
    for (const [update, frame] of captured) this.commit(update, frame, peer);
    if (outcome.type === 'hold') {
      state.held ??= new HeldUpdates(this.ctx.limits, this.ctx.heldBudget, (reason) => this.refuseHeld(peer, state, reason));
      const refusal = state.held.hold(outcome.remainder);
      if (refusal) this.refuseHeld(peer, state, refusal);
    } else if (outcome.type === 'synced') {
      this.markSynced(peer, state);
    }
    return outcome;
  }

  private refuseHeld(peer: number, state: PeerState, reason: string): void {
    if (state.refused) return;
    state.refused = true;
    this.out.refuse(peer, CloseCode.PolicyViolation, reason, true);
  }

  /** The peer's step 2 is in: apply what it held back, which must now be complete. */
  private markSynced(peer: number, state: PeerState): void {
    state.synced = true;
    this.out.synced(peer);
    for (const part of state.held?.take() ?? []) {
      const applied = this.applyCaptured(peer, state, true, (): SyncOutcome => {
        const result = applyGuardedUpdate(this.doc, part, peer, UpdateEncoding.V2);
        return result.type === 'applied' ? OK : close(CloseCode.InvalidPayload, result.type === 'refused' ? result.reason : INCOMPLETE_REASON);
      });
      if (!applied) return;
    }
  }

  private readonly wholeDocument = (): readonly Uint8Array[] => this.fullState.get(this.doc);

  /**
   * Whether the document may grow by `bytes` under the room cap. The running cost only grows (deletions are not
   * subtracted), so before refusing it is measured afresh, once per growth: a board drawn and erased for days is not full.
   */
  private readonly fits = (bytes: number): boolean => {
    if (this.costBytes + bytes <= this.ctx.limits.maxRoomBytes) return true;
    if (this.costBytes > this.measuredBytes) this.setCost((this.measuredBytes = updateCostBytes(Y.encodeStateAsUpdate(this.doc))));
    return this.costBytes + bytes <= this.ctx.limits.maxRoomBytes;
  };

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    const frame = encodeUpdateMessage(update);
    // Joiners get it with the cached board from now on; a refused message rebuilds the engine, and this cache with it.
    this.fullState.extend(update, frame);
    if (this.captured) this.captured.push([update, frame]);
    else this.commit(update, frame, typeof origin === 'number' ? origin : null, origin === REMOTE, this.relayed);
  };

  private commit(update: Uint8Array, frame: Uint8Array, from: number | null, remote = false, relayed = false): void {
    if (!relayed) this.setCost(this.costBytes + updateCostBytes(update));
    this.out.change(update, frame, from, remote, relayed);
  }

  private setCost(bytes: number): void {
    this.costBytes = bytes;
    this.out.cost(bytes);
  }
}
