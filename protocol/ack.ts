/**
 * Save acknowledgements (message type 102, opt-in with `?acks=1` on the WebSocket URL):
 * `[102][varUint n]` tells a client that the first n document writes (sync step 2 and update
 * messages) it sent on this connection are stored. Messages on one connection are ordered, so
 * a count is enough, and unlike a state vector it also confirms changes that only delete.
 * The client maps counts back to its own changes to show how many are not yet saved. Only
 * clients that ask get acks, so official y-websocket clients never see an unknown type.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType, SyncStep } from './message-type';

export const ACKS_PARAM = 'acks';

export function encodeAck(writesStored: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Ack);
  encoding.writeVarUint(encoder, writesStored);
  return encoding.toUint8Array(encoder);
}

/** Reads an Ack's body (after the type): how many writes of this connection are stored. */
export function readAck(decoder: decoding.Decoder): number {
  return decoding.readVarUint(decoder);
}

/** Whether a client message is a document write (sync step 2 or update); the types fit in one byte. */
export function isDocumentWrite(message: Uint8Array): boolean {
  return message[0] === MessageType.Sync && (message[1] === SyncStep.Step2 || message[1] === SyncStep.Update);
}
