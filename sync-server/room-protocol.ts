/**
 * The room's half of the y-websocket protocol, as pure functions in the style of y-protocols' sync.js: read one message,
 * apply it to the room's presence, write any reply into an encoder, say what happens to the connection. Messages are
 * `[varUint type][payload]` (docs/PROTOCOL.md): Sync (0) goes to the document engine; Awareness (1) is checked against
 * who owns which entry (presence-rights.ts), then applied, or reported as contested; QueryAwareness (3) is answered with
 * every state; Ping (100) with a Pong (101). Auth (2), Pong and Ack are server-to-client only.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode } from '../protocol/close-code';
import { MessageType } from '../protocol/message-type';
import { answerPing } from '../protocol/ping';
import { OK, close, encodeMessage } from './engine/sync-protocol';
import { orNull } from './or-null';
import { checkPresence, type PresenceOwnership } from './presence-rights';

export type Outcome =
  | { type: 'ok' }
  | { type: 'sync' }
  /** A presence update names ids that `owners` (transaction origins) own: nothing was applied. */
  | { type: 'contested'; owners: unknown[] }
  | { type: 'close'; code: CloseCode; reason: string };

export interface MessageContext {
  readonly awareness: awarenessProtocol.Awareness;
  /** The transaction origin for changes from this connection (its peer object). */
  readonly origin: unknown;
  readonly presence: PresenceOwnership;
  readonly presenceOwned: number;
  readonly claimPresence: (clientId: number) => void;
}

/** Reads one client message; any reply is written to `encoder` (empty encoder: no reply). */
export function handleMessage(decoder: decoding.Decoder, encoder: encoding.Encoder, ctx: MessageContext): Outcome {
  const type = orNull(() => decoding.readVarUint(decoder));
  if (type === null) return close(CloseCode.ProtocolError, 'empty or truncated message');
  if (type === MessageType.Sync) return { type: 'sync' };
  if (type === MessageType.Awareness) return handleAwareness(decoder, ctx);
  if (type === MessageType.QueryAwareness) {
    encoding.writeUint8Array(encoder, encodeAwarenessMessage(ctx.awareness));
    return OK;
  }
  if (type !== MessageType.Ping) return close(CloseCode.UnsupportedData, `unknown message type ${type}`);
  const answered = orNull(() => answerPing(decoder, encoder));
  if (answered === null) return close(CloseCode.ProtocolError, 'truncated ping');
  return answered ? OK : close(CloseCode.ProtocolError, 'ping payload too long');
}

function handleAwareness(decoder: decoding.Decoder, ctx: MessageContext): Outcome {
  const update = orNull(() => decoding.readVarUint8Array(decoder));
  if (update === null) return close(CloseCode.ProtocolError, 'truncated awareness message');
  // Checked whole first: y-protocols applies entries one by one, throws at a bad one, and keeps those before it silently.
  const verdict = checkPresence(update, ctx.origin, ctx.presenceOwned, ctx.awareness, ctx.presence);
  if (verdict.type === 'malformed') return close(CloseCode.InvalidPayload, 'undecodable awareness update');
  if (verdict.type === 'refused') return close(CloseCode.PolicyViolation, verdict.reason);
  if (verdict.type === 'contested') return verdict;
  for (const clientId of verdict.claims) ctx.claimPresence(clientId);
  awarenessProtocol.applyAwarenessUpdate(ctx.awareness, verdict.update, ctx.origin);
  return OK;
}

/** Frames an awareness update about `clients` (default: every known one); about none, no bytes at all. */
export function encodeAwarenessMessage(awareness: awarenessProtocol.Awareness, clients = [...awareness.getStates().keys()]): Uint8Array {
  if (clients.length === 0) return new Uint8Array(0);
  const update = awarenessProtocol.encodeAwarenessUpdate(awareness, clients);
  return encodeMessage(MessageType.Awareness, (encoder) => encoding.writeVarUint8Array(encoder, update));
}
