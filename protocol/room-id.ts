/**
 * Room ids name a board on a server. They appear in URL paths (`/r/<room>` for the web client,
 * `/<room>` for the WebSocket), so they are restricted to URL-safe characters and a bounded
 * length: anything else is refused before a room is created for it.
 */
import { randomId } from './ids';
import { MAX_ROOM_ID_LENGTH } from './limits';

const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** 128 random bits: a room id cannot be guessed. */
export const ROOM_ID_BYTES = 16;

export function isValidRoomId(value: string): boolean {
  return value.length > 0 && value.length <= MAX_ROOM_ID_LENGTH && ROOM_ID_PATTERN.test(value);
}

export function newRoomId(): string {
  return randomId(ROOM_ID_BYTES);
}
