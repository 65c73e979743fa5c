/**
 * The few y-websocket messages the bench clients need, encoded by hand with lib0, in two
 * framings:
 * - `plain` (our server and @y/websocket-server): `[varUint type][payload]`, one room per socket;
 * - `hocuspocus` (@hocuspocus/server 3): every message starts with `[varString documentName]`,
 *   and a connection must first send `Auth/Token` for the document before anything else
 *   (see node_modules/@hocuspocus/server/src/ClientConnection.ts). Hocuspocus answers a sync
 *   step 1 with step 2 and then its own step 1 as type 4 (SyncReply), and acknowledges every
 *   write with type 8 (SyncStatus); the client ignores the acks.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export type Framing = 'plain' | 'hocuspocus';

export const MSG_SYNC = 0;
export const MSG_AWARENESS = 1;
export const MSG_AUTH = 2;
export const MSG_HOCUS_SYNC_REPLY = 4;
export const STEP1 = 0;
export const STEP2 = 1;
export const UPDATE = 2;

/** The empty v1 update: no structs, empty delete set. */
export const EMPTY_UPDATE = new Uint8Array([0, 0]);
/** The empty state vector. */
export const EMPTY_STATE_VECTOR = new Uint8Array([0]);

export class Framer {
  constructor(
    readonly framing: Framing,
    readonly documentName: string,
  ) {}

  private start(): encoding.Encoder {
    const encoder = encoding.createEncoder();
    if (this.framing === 'hocuspocus') encoding.writeVarString(encoder, this.documentName);
    return encoder;
  }

  sync(step: number, data: Uint8Array): Uint8Array {
    const encoder = this.start();
    encoding.writeVarUint(encoder, MSG_SYNC);
    encoding.writeVarUint(encoder, step);
    encoding.writeVarUint8Array(encoder, data);
    return encoding.toUint8Array(encoder);
  }

  awareness(update: Uint8Array): Uint8Array {
    const encoder = this.start();
    encoding.writeVarUint(encoder, MSG_AWARENESS);
    encoding.writeVarUint8Array(encoder, update);
    return encoding.toUint8Array(encoder);
  }

  /** Hocuspocus only: `[doc][2 Auth][0 Token][varString token]`. */
  hocuspocusAuth(token: string): Uint8Array {
    const encoder = this.start();
    encoding.writeVarUint(encoder, MSG_AUTH);
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarString(encoder, token);
    return encoding.toUint8Array(encoder);
  }
}

/** One awareness entry: `[count=1][clientID][clock][varString json]`. */
export function awarenessUpdate(clientId: number, clock: number, stateJson: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarString(encoder, stateJson);
  return encoding.toUint8Array(encoder);
}

/**
 * The (client, clock) of the first struct of a v1 update, which identifies a small update as it
 * travels: `[numClients][numStructs][client][clock]…` (yjs writeClientsStructs). Null if the
 * update has no structs (a delete-only update).
 */
export function firstStructId(update: Uint8Array): { client: number; clock: number } | null {
  const decoder = decoding.createDecoder(update);
  const clients = decoding.readVarUint(decoder);
  if (clients === 0) return null;
  decoding.readVarUint(decoder);
  const client = decoding.readVarUint(decoder);
  const clock = decoding.readVarUint(decoder);
  return { client, clock };
}

/** Calls `each(clientID, clock)` for every entry of an awareness update, skipping the states. */
export function forEachAwarenessEntry(update: Uint8Array, each: (clientId: number, clock: number) => void): void {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const length = decoding.readVarUint(decoder);
    decoder.pos += length;
    each(clientId, clock);
  }
}
