/**
 * The wire protocol's version. A client names the version it speaks in its WebSocket URL
 * (`?v=1`); a client that names none speaks the standard y-websocket protocol, which is version
 * 1 with our additions ignored (the official `WebsocketProvider`). A server that cannot serve
 * the version a client names tells it so in an Auth message (auth-message.ts, sub-type 2: the
 * range it serves) and closes with 4426, instead of letting it misread the board: an old client
 * is told to update, and so is a new client talking to an old server.
 *
 * Version 1: sync, awareness, query-awareness (y-websocket), ping/pong, save acks and the role
 * notice (ours), as docs/PROTOCOL.md describes them.
 */
export const PROTOCOL_VERSION = 1;
/** The oldest client version this server still serves. */
export const MIN_CLIENT_VERSION = 1;
export const VERSION_PARAM = 'v';

/** The versions a server serves, as its version notice carries them. */
export interface VersionRange {
  min: number;
  max: number;
}

/** A client's version from its URL parameter: its own if it names one, else 1; null if unreadable. */
export function readClientVersion(param: string | null): number | null {
  if (param === null) return 1;
  return /^\d{1,6}$/.test(param) ? Number(param) : null;
}

export function isServedVersion(version: number, range: VersionRange = { min: MIN_CLIENT_VERSION, max: PROTOCOL_VERSION }): boolean {
  return version >= range.min && version <= range.max;
}

/** What a person should do about a version the server does not serve. */
export function describeVersionMismatch(client: number, server: VersionRange): string {
  return client > server.max
    ? `This board's server is older than this app (it speaks protocol ${server.max}, the app ${client}). Ask whoever runs it to update the server.`
    : `This app is too old for this board's server (it speaks protocol ${client}, the server ${server.min}–${server.max}). Update the app, then reload.`;
}
