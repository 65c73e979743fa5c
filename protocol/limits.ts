/**
 * Limits every side agrees on. Units are in the names; the reason for each number is beside it.
 */

/** Room ids travel in URL paths and log lines; 64 characters is plenty for a 128-bit id. */
export const MAX_ROOM_ID_LENGTH = 64;

/**
 * Largest single WebSocket message the server accepts. A whole board's first sync (step 2)
 * travels in one message, so this bounds the largest board a client can upload at once.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** A stroke longer than this many points is ended and a new one begun: keeps updates small. */
export const MAX_STROKE_POINTS = 5_000;

/** A ping carries a timestamp; anything longer is not a ping. */
export const MAX_PING_PAYLOAD_BYTES = 32;

/** Tokens are ~150 characters; anything much longer is not ours and is refused unread. */
export const MAX_TOKEN_LENGTH = 512;

/** Longest invite link accepted from a user, a deep link or a clipboard. */
export const MAX_INVITE_LINK_LENGTH = 2048;

/**
 * Largest presence (awareness) state one client may announce, as JSON bytes: the server closes a
 * connection that sends a larger one (1008; docs/PROTOCOL.md §10), and sends every state to every
 * joiner. The renderer keeps its own state well under it (renderer/collab/presence-fields.ts).
 */
export const PRESENCE_MAX_ENTRY_BYTES = 8 * 1024;
