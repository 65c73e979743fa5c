/**
 * The document half of the y-websocket protocol (Sync), as pure functions in the style of y-protocols' sync.js. Step 1
 * is answered with what the client lacks (the whole board, encoded once for all: full-state.ts). A change's memory
 * cost is read from its bytes first (update-cost.ts), refused past the room cap or while storage is full, then applied
 * under guard (update-guard.ts). A viewer's update is refused, its step 2 ignored. An update that arrives before the
 * connection's own step 2 and lacks what that will bring is held (held-updates.ts).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CloseCode } from '../../protocol/close-code';
import { MessageType, SyncStep } from '../../protocol/message-type';
import { orNull } from '../or-null';
import { costOf, countUpdate } from '../update-cost';
import { INCOMPLETE_REASON, MALFORMED_REASON, applyGuardedUpdate } from '../update-guard';

export type SyncOutcome =
  /** `replies`: ready frames for this connection, shared with others (the whole board). */
  | { type: 'ok'; replies?: readonly Uint8Array[] }
  /** The connection's step 2 was applied (or ignored, for a viewer). */
  | { type: 'synced' }
  | { type: 'hold'; remainder: Uint8Array[] }
  | { type: 'close'; code: CloseCode; reason: string };

/** The outcomes every message handler shares (room-protocol.ts too). */
export const OK = { type: 'ok' } as const;

export function close(code: CloseCode, reason: string): { type: 'close'; code: CloseCode; reason: string } { return { type: 'close', code, reason }; }

export interface SyncContext {
  readonly doc: Y.Doc;
  readonly origin: unknown;
  readonly canWrite: boolean;
  readonly awaitingStep2: boolean;
  /** Whether the document may grow by `bytes` of memory under the room cap. */
  readonly fits: (bytes: number) => boolean;
  /** Why the server stores nothing more now (its data limit); null: it does. */
  readonly storageFull: string | null;
  readonly wholeDocument: () => readonly Uint8Array[];
}

/**
 * Whether a client with `stateVector` lacks everything `doc` has: then the answer to its step 1 is the whole document,
 * byte for byte what `Y.encodeStateAsUpdate(doc, stateVector)` gives (Yjs sends a client's structs from clock 0 when
 * the vector does not name it or names it at 0, and always the whole delete set).
 */
export function lacksWholeDocument(doc: Y.Doc, stateVector: Map<number, number>): boolean {
  for (const [client, clock] of stateVector) if (clock > 0 && doc.store.clients.has(client)) return false;
  return true;
}

/** Reads one Sync message's body (after its type); any reply goes into `encoder`. */
export function handleSync(decoder: decoding.Decoder, encoder: encoding.Encoder, ctx: SyncContext): SyncOutcome {
  const step = orNull(() => decoding.readVarUint(decoder));
  const payload = step === null ? null : orNull(() => decoding.readVarUint8Array(decoder));
  if (step === null || payload === null) return close(CloseCode.ProtocolError, 'truncated sync message');
  // Every client answers the server's step 1 with a step 2, even a viewer: its is not applied, nor punished.
  if (step === SyncStep.Step2) return ctx.canWrite ? applyWrite(ctx, payload, true) : { type: 'synced' };
  if (step === SyncStep.Update && !ctx.canWrite) return close(CloseCode.PolicyViolation, 'this is a view-only link: edits are not accepted');
  if (step === SyncStep.Update) return applyWrite(ctx, payload, false);
  if (step !== SyncStep.Step1) return close(CloseCode.ProtocolError, `unknown sync step ${step}`);
  const stateVector = orNull(() => Y.decodeStateVector(payload));
  if (!stateVector) return close(CloseCode.InvalidPayload, 'undecodable state vector');
  if (lacksWholeDocument(ctx.doc, stateVector)) return { type: 'ok', replies: ctx.wholeDocument() };
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeSyncStep2(encoder, ctx.doc, payload);
  return OK;
}

function applyWrite(ctx: SyncContext, payload: Uint8Array, isStep2: boolean): SyncOutcome {
  const counts = countUpdate(payload);
  if (!counts) return close(CloseCode.InvalidPayload, MALFORMED_REASON);
  // An update that adds nothing (a step 2 with nothing new) is fine even when storage is full.
  if (ctx.storageFull !== null && counts.struct + counts.deleteRange > 0) return close(CloseCode.TryAgainLater, ctx.storageFull);
  // Refused before anything is decoded into the document: an update can cost forty times its size in memory.
  if (!ctx.fits(costOf(counts) + payload.length)) return close(CloseCode.PolicyViolation, 'the board is full: it has reached the size limit');
  const result = applyGuardedUpdate(ctx.doc, payload, ctx.origin);
  if (result.type === 'applied') return isStep2 ? { type: 'synced' } : OK;
  if (result.type === 'refused') return close(CloseCode.InvalidPayload, result.reason);
  // Only a plain update from a connection still awaiting its own step 2 can lack what is on its way.
  return !isStep2 && ctx.awaitingStep2 ? { type: 'hold', remainder: result.remainder } : close(CloseCode.InvalidPayload, INCOMPLETE_REASON);
}

export function encodeMessage(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (doc: Y.Doc): Uint8Array => encodeMessage(MessageType.Sync, (out) => syncProtocol.writeSyncStep1(out, doc));
export const encodeUpdateMessage = (update: Uint8Array): Uint8Array => encodeMessage(MessageType.Sync, (out) => syncProtocol.writeUpdate(out, update));
