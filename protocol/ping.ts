/**
 * Application-level ping, for round-trip time. WebSocket ping frames are invisible to browser
 * JavaScript, so the client sends `[Ping][varUint8Array payload]` and the server answers
 * `[Pong][same payload]` at once, without interpreting it. Our client puts the send time in the
 * payload (a float64, big-endian) so it needs no table of outstanding pings.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MAX_PING_PAYLOAD_BYTES } from './limits';
import { MessageType } from './message-type';

export function encodePing(sentAtMs: number): Uint8Array {
  const payload = encoding.createEncoder();
  encoding.writeFloat64(payload, sentAtMs);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Ping);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(payload));
  return encoding.toUint8Array(encoder);
}

/** Reads a Ping's payload (after the type) and writes the Pong; false if the payload is invalid. */
export function answerPing(decoder: decoding.Decoder, encoder: encoding.Encoder): boolean {
  const payload = decoding.readVarUint8Array(decoder);
  if (payload.length > MAX_PING_PAYLOAD_BYTES) return false;
  encoding.writeVarUint(encoder, MessageType.Pong);
  encoding.writeVarUint8Array(encoder, payload);
  return true;
}

/** Reads a Pong's payload (after the type): the send time our client put in, or null. */
export function readPongSentAt(decoder: decoding.Decoder): number | null {
  const payload = decoding.readVarUint8Array(decoder);
  if (payload.length !== 8) return null;
  return decoding.readFloat64(decoding.createDecoder(payload));
}
