/**
 * WebSocket close codes (RFC 6455 §7.4.1) as the server uses them. A client that sees one of
 * these knows whether retrying can help: 1001 and 1013 are worth a reconnect, the others mean
 * the client sent something it must not send again.
 */
export const CloseCode = {
  Normal: 1000,
  /** The server is shutting down; reconnect later. */
  GoingAway: 1001,
  /** A frame or message broke the protocol (bad sync sub-type, undecodable structure). */
  ProtocolError: 1002,
  /** A text frame or an unknown message type: we only speak binary y-websocket messages. */
  UnsupportedData: 1003,
  /** The payload decoded, but its content is invalid (a Yjs update that does not apply). */
  InvalidPayload: 1007,
  /** Allowed but refused: rate limit, room full, write from a viewer. */
  PolicyViolation: 1008,
  /** A frame larger than the limit. */
  MessageTooBig: 1009,
  /** The server failed on its side. */
  InternalError: 1011,
  /** The server is overloaded for this peer (it stopped reading); reconnect later. */
  TryAgainLater: 1013,
  /** The room's invite links were revoked: the token this connection used no longer works.
   * In the 4400–4499 range, which y-websocket clients treat as permanent (no reconnect). */
  LinkRevoked: 4403,
  /** The invite link this connection was admitted with has expired (its token's `x`). */
  LinkExpired: 4401,
  /** The client speaks a protocol version the server does not serve (protocol/version.ts). */
  VersionUnsupported: 4426,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
