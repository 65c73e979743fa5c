/**
 * The room's half of the y-websocket protocol, as pure functions in the style of y-protocols'
 * sync.js: they read one message from a decoder, apply it to the room's presence, write any
 * reply into an encoder, and say what should happen to the connection. They never touch a
 * socket; `connection.ts` owns the sockets, and document messages go on to the room's engine
 * (engine/sync-protocol.ts).
 *
 * Every message is `[varUint type][payload]` (docs/PROTOCOL.md):
 * - Sync (0): handed on to the document engine (`{ type: 'sync' }`).
 * - Awareness (1): checked against who owns which presence entry (presence-rights.ts), then
 *   applied and fanned out by the room's presence relay; entries another connection owns are
 *   reported as contested, for the room to settle.
 * - QueryAwareness (3): answered with every known awareness state.
 * - Ping (100): answered at once with a Pong (101) carrying the same payload.
 * - Auth (2), Pong and Ack are server-to-client only; anything else is an unknown type.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode } from '../protocol/close-code';
import { MessageType } from '../protocol/message-type';
import { answerPing } from '../protocol/ping';
import { checkPresence, type PresenceOwnership } from './presence-rights';

export type Outcome =
  | { type: 'ok' }
  /** A document message: for the room's engine. */
  | { type: 'sync' }
  /** A presence update names ids that `owners` (transaction origins) own: nothing was applied. */
  | { type: 'contested'; owners: unknown[]; clientIds: number[] }
  | { type: 'close'; code: CloseCode; reason: string };

const OK: Outcome = { type: 'ok' };

function close(code: CloseCode, reason: string): Outcome {
  return { type: 'close', code, reason };
}

export interface MessageContext {
  readonly awareness: awarenessProtocol.Awareness;
  /** The transaction origin for changes from this connection (its peer object). */
  readonly origin: unknown;
  /** Who owns which presence id in the room. */
  readonly presence: PresenceOwnership;
  /** How many presence ids this connection owns already. */
  readonly presenceOwned: number;
  /** Records that this connection owns `clientId` from now on. */
  readonly claimPresence: (clientId: number) => void;
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
      return { type: 'sync' };
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

/** Writes a full awareness message (every known client) into `encoder`; nothing if empty. */
export function writeAwarenessStates(encoder: encoding.Encoder, awareness: awarenessProtocol.Awareness): void {
  const clients = Array.from(awareness.getStates().keys());
  if (clients.length === 0) return;
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
}

/** Frames an awareness update about `clients` for broadcast. */
export function encodeAwarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}
