/**
 * Message types of the wire protocol. Every WebSocket message is one binary frame:
 * `[varUint messageType][payload]`. Types 0–3 are the standard y-websocket protocol, so the
 * official `WebsocketProvider` and other Yjs tools interoperate with us; our own additions take
 * numbers from 100 up, far from any the y-websocket family may add, and a client that does not
 * know a type ignores it. The byte-by-byte description is in docs/PROTOCOL.md.
 */
export const MessageType = {
  /** y-protocols sync: step 1 (state vector), step 2 (missing updates), update. */
  Sync: 0,
  /** y-protocols awareness update (presence: cursors, names). */
  Awareness: 1,
  /** Permission denied, with a reason string. Sent by the server only. */
  Auth: 2,
  /** Asks the other side to send its full awareness state. */
  QueryAwareness: 3,
  /** Our addition: a client's round-trip probe, `[varUint8Array payload]`, at most 32 bytes. */
  Ping: 100,
  /** Our addition: the server's answer to a Ping, echoing its payload unchanged. */
  Pong: 101,
  /** Our addition, opt-in (`?acks=1`): `[varUint8Array stateVector]`, sent to a client once an
   * update it sent is stored; the state vector says up to which clock of each client it covered. */
  Ack: 102,
} as const;

export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** The sub-types inside a `Sync` message, as defined by y-protocols/sync. */
export const SyncStep = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const;

export type SyncStep = (typeof SyncStep)[keyof typeof SyncStep];

const KNOWN_TYPES: ReadonlySet<number> = new Set(Object.values(MessageType));

export function isKnownMessageType(type: number): type is MessageType {
  return KNOWN_TYPES.has(type);
}
