/**
 * The server side of the y-websocket protocol, as pure functions in the style of y-protocols'
 * sync.js: they read one message from a decoder, apply it to the room's document and awareness,
 * write any reply into an encoder, and say what should happen to the connection. They never
 * touch a socket; `connection.ts` owns the sockets.
 *
 * Every message is `[varUint type][payload]` (docs/PROTOCOL.md):
 * - Sync (0): step 1 is answered with step 2 (what the client lacks); step 2 and update carry
 *   document changes and are refused for connections that may not write.
 * - Awareness (1): checked against who owns which presence entry (presence-rights.ts), then
 *   applied and fanned out by the room's awareness listener; entries another connection owns
 *   are reported as contested, for the room to settle.
 * - QueryAwareness (3): answered with every known awareness state.
 * - Ping (100): answered at once with a Pong (101) carrying the same payload.
 * - Auth (2) and Pong are server-to-client only; anything else is an unknown type.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from '../protocol/close-code';
import { MessageType, SyncStep } from '../protocol/message-type';
import { answerPing } from '../protocol/ping';
import { checkPresence, type PresenceOwnership } from './presence-rights';
import { costOf, countUpdate, type UpdateCounts } from './update-cost';
import { INCOMPLETE_REASON, MALFORMED_REASON, applyGuardedUpdate } from './update-guard';

export type Outcome =
  /** `replies`: ready frames for this connection, shared with others (a whole board, full-state.ts). */
  | { type: 'ok'; replies?: readonly Uint8Array[] }
  /** The connection's sync step 2 was applied: it is in sync from now on. */
  | { type: 'synced' }
  /** An update arrived before the connection's step 2 and lacks what that will bring. */
  | { type: 'hold'; remainder: Uint8Array[] }
  /** A presence update names ids that `owners` (transaction origins) own: nothing was applied. */
  | { type: 'contested'; owners: unknown[]; clientIds: number[] }
  | { type: 'close'; code: CloseCode; reason: string };

const OK: Outcome = { type: 'ok' };

function close(code: CloseCode, reason: string): Outcome {
  return { type: 'close', code, reason };
}

export interface MessageContext {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  /** The transaction origin for changes from this connection (its peer object). */
  readonly origin: unknown;
  readonly canWrite: boolean;
  /** Bytes of memory the room's document may still grow by before it is full (update-cost.ts). */
  readonly roomBytesLeft: number;
  /** Why the server stores nothing more now (its data limit is reached); null: it does. */
  readonly storageFull: string | null;
  /** True until the connection's sync step 2 has been applied. */
  readonly awaitingStep2: boolean;
  /** The frames that bring a client with none of the document up to date (full-state.ts). */
  readonly wholeDocument: () => readonly Uint8Array[];
  /** Who owns which presence id in the room. */
  readonly presence: PresenceOwnership;
  /** How many presence ids this connection owns already. */
  readonly presenceOwned: number;
  /** Records that this connection owns `clientId` from now on. */
  readonly claimPresence: (clientId: number) => void;
}

/**
 * Whether a client with `stateVector` lacks everything `doc` has: then the answer to its step 1
 * is the whole document, byte for byte what `Y.encodeStateAsUpdate(doc, stateVector)` gives
 * (Yjs sends a client's structs from clock 0 when the vector does not name it or names it at 0,
 * and always the whole delete set).
 */
export function lacksWholeDocument(doc: Y.Doc, stateVector: Map<number, number>): boolean {
  for (const [client, clock] of stateVector) {
    if (clock > 0 && doc.store.clients.has(client)) return false;
  }
  return true;
}

/** Reads one client message; any reply is written to `encoder` (empty encoder: no reply). */
export function handleMessage(decoder: decoding.Decoder, encoder: encoding.Encoder, ctx: MessageContext): Outcome {
  let type: number;
  try {
    type = decoding.readVarUint(decoder);
  } catch {
    return close(CloseCode.ProtocolError, 'empty or truncated message');
  }
  switch (type) {
    case MessageType.Sync:
      return handleSync(decoder, encoder, ctx);
    case MessageType.Awareness:
      return handleAwareness(decoder, ctx);
    case MessageType.QueryAwareness:
      writeAwarenessStates(encoder, ctx.awareness);
      return OK;
    case MessageType.Ping:
      try {
        return answerPing(decoder, encoder) ? OK : close(CloseCode.ProtocolError, 'ping payload too long');
      } catch {
        return close(CloseCode.ProtocolError, 'truncated ping');
      }
    default:
      return close(CloseCode.UnsupportedData, `unknown message type ${type}`);
  }
}

function handleSync(decoder: decoding.Decoder, encoder: encoding.Encoder, ctx: MessageContext): Outcome {
  let step: number;
  let payload: Uint8Array;
  try {
    step = decoding.readVarUint(decoder);
    payload = decoding.readVarUint8Array(decoder);
  } catch {
    return close(CloseCode.ProtocolError, 'truncated sync message');
  }
  switch (step) {
    case SyncStep.Step1: {
      let stateVector: Map<number, number>;
      try {
        stateVector = Y.decodeStateVector(payload);
      } catch {
        return close(CloseCode.InvalidPayload, 'undecodable state vector');
      }
      if (lacksWholeDocument(ctx.doc, stateVector)) return { type: 'ok', replies: ctx.wholeDocument() };
      encoding.writeVarUint(encoder, MessageType.Sync);
      syncProtocol.writeSyncStep2(encoder, ctx.doc, payload);
      return OK;
    }
    case SyncStep.Step2:
      // Every client answers the server's step 1 with a step 2, even viewers with nothing to
      // add: a viewer's is not applied, and not punished either.
      if (!ctx.canWrite) return { type: 'synced' };
      return applyWrite(ctx, payload, true);
    case SyncStep.Update:
      if (!ctx.canWrite) return close(CloseCode.PolicyViolation, 'this is a view-only link: edits are not accepted');
      return applyWrite(ctx, payload, false);
    default:
      return close(CloseCode.ProtocolError, `unknown sync step ${step}`);
  }
}

function handleAwareness(decoder: decoding.Decoder, ctx: MessageContext): Outcome {
  let update: Uint8Array;
  try {
    update = decoding.readVarUint8Array(decoder);
  } catch {
    return close(CloseCode.ProtocolError, 'truncated awareness message');
  }
  // Checked whole before anything is applied: y-protocols applies entries one by one and throws
  // at the first bad one, keeping those before it without emitting an event.
  const verdict = checkPresence(update, ctx.origin, ctx.presenceOwned, ctx.awareness, ctx.presence);
  switch (verdict.type) {
    case 'malformed':
      return close(CloseCode.InvalidPayload, 'undecodable awareness update');
    case 'refused':
      return close(CloseCode.PolicyViolation, verdict.reason);
    case 'contested':
      return verdict;
    case 'allowed':
      for (const clientId of verdict.claims) ctx.claimPresence(clientId);
      awarenessProtocol.applyAwarenessUpdate(ctx.awareness, verdict.update, ctx.origin);
      return OK;
  }
}

function applyWrite(ctx: MessageContext, payload: Uint8Array, isStep2: boolean): Outcome {
  let counts: UpdateCounts;
  try {
    counts = countUpdate(payload);
  } catch {
    return close(CloseCode.InvalidPayload, MALFORMED_REASON);
  }
  // An update that adds nothing (a step 2 with nothing new) is fine even when storage is full.
  if (ctx.storageFull !== null && counts.structs + counts.deleteRanges > 0) return close(CloseCode.TryAgainLater, ctx.storageFull);
  const cost = costOf(counts) + payload.length;
  // Refused before anything is decoded into the document: what an update costs in memory can be
  // forty times its size.
  if (cost > ctx.roomBytesLeft) return close(CloseCode.PolicyViolation, 'the board is full: it has reached the size limit');
  const result = applyGuardedUpdate(ctx.doc, payload, ctx.origin);
  switch (result.type) {
    case 'applied':
      return isStep2 ? { type: 'synced' } : OK;
    case 'incomplete':
      // Only a plain update from a connection still waiting for its own step 2 can be waiting
      // for something that is on its way; anything else is missing what will never come.
      return !isStep2 && ctx.awaitingStep2 ? { type: 'hold', remainder: result.remainder } : close(CloseCode.InvalidPayload, INCOMPLETE_REASON);
    case 'refused':
      return close(CloseCode.InvalidPayload, result.reason);
  }
}

/** Writes a full awareness message (every known client) into `encoder`; nothing if empty. */
export function writeAwarenessStates(encoder: encoding.Encoder, awareness: awarenessProtocol.Awareness): void {
  const clients = Array.from(awareness.getStates().keys());
  if (clients.length === 0) return;
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
}

/** The server's opening message to a new connection: sync step 1 (our state vector). */
export function writeSyncStep1(encoder: encoding.Encoder, doc: Y.Doc): void {
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeSyncStep1(encoder, doc);
}

/** Frames a document update for broadcast. */
export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Frames an awareness update about `clients` for broadcast. */
export function encodeAwarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}
