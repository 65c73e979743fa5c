/** Test helper: builds a y-websocket message from varUints (numbers) and varUint8Arrays. */
import * as encoding from 'lib0/encoding';

export function message(...parts: Array<number | Uint8Array>): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const part of parts) {
    if (typeof part === 'number') encoding.writeVarUint(encoder, part);
    else encoding.writeVarUint8Array(encoder, part);
  }
  return encoding.toUint8Array(encoder);
}
