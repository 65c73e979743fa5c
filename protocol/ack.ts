/**
 * Save acknowledgements (message type 102, opt-in with `?acks=1` on the WebSocket URL): once the
 * server has durably stored an update a client sent, it tells that client the update's state
 * vector (Yjs encoding: for each client id in the update, the clock it reaches). The client
 * merges these into what it knows the server holds, and counts its own changes beyond that as
 * not yet saved. Only clients that ask get acks, so official y-websocket clients never see an
 * unknown message type.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MessageType } from './message-type';

export const ACKS_PARAM = 'acks';

export function encodeAck(update: Uint8Array): Uint8Array {
  // The clock each client reaches in this update (Y.encodeStateVectorFromUpdate would report
  // only clients whose structs start at clock 0), in Yjs' state-vector encoding.
  const { to } = Y.parseUpdateMeta(update);
  const vector = encoding.createEncoder();
  encoding.writeVarUint(vector, to.size);
  for (const [client, clock] of to) {
    encoding.writeVarUint(vector, client);
    encoding.writeVarUint(vector, clock);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Ack);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(vector));
  return encoding.toUint8Array(encoder);
}

/** Reads an Ack's body (after the type): client id -> clock the server has stored up to. */
export function readAck(decoder: decoding.Decoder): Map<number, number> {
  return Y.decodeStateVector(decoding.readVarUint8Array(decoder));
}
