/**
 * What this window should open, from its own URL:
 * - `/r/<room>#t=<token>` joins a room with an invite token (the fragment never reaches the
 *   server's logs); `/r/<room>` without one can only show that an invite is needed;
 * - any other path asks the server for a new room;
 * - `?server=ws(s)://…` names the sync server; without it a page served over http(s) uses the
 *   server that served it, and the desktop app uses its configured default.
 */
import { isTokenShaped } from '../protocol/invite-token';
import { isValidRoomId } from '../protocol/room-id';

export type RoomTarget =
  | { kind: 'join'; serverUrl: string; room: string; token: string | null }
  | { kind: 'create'; serverUrl: string };

export type TargetResult = { ok: true; target: RoomTarget } | { ok: false; error: string };

interface LocationLike {
  protocol: string;
  host: string;
  pathname: string;
  search: string;
  hash: string;
}

export function resolveRoomTarget(location: LocationLike, defaultServerUrl: string | null): TargetResult {
  const params = new URLSearchParams(location.search);
  let serverUrl: string;
  const given = params.get('server');
  if (given !== null) {
    let parsed: URL;
    try {
      parsed = new URL(given);
    } catch {
      return { ok: false, error: `The server address "${given}" is not a URL.` };
    }
    if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
      return { ok: false, error: `The server address must start with ws:// or wss://, not ${parsed.protocol}//.` };
    }
    if (parsed.username || parsed.password) return { ok: false, error: 'The server address must not contain a user name or password.' };
    serverUrl = `${parsed.protocol}//${parsed.host}`;
  } else if (location.protocol === 'http:' || location.protocol === 'https:') {
    serverUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
  } else if (defaultServerUrl) {
    serverUrl = defaultServerUrl;
  } else {
    return { ok: false, error: 'No sync server is configured.' };
  }

  const match = /^\/r\/([^/]+)\/?$/.exec(location.pathname);
  if (!match) return { ok: true, target: { kind: 'create', serverUrl } };
  let room: string;
  try {
    room = decodeURIComponent(match[1] as string);
  } catch {
    room = '';
  }
  if (!isValidRoomId(room)) {
    return { ok: false, error: `That address does not name a valid board (letters, digits, - and _, at most 64).` };
  }
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = fragment.get('t');
  if (token !== null && !isTokenShaped(token)) {
    return { ok: false, error: 'The link\u2019s access token is damaged. Ask whoever shared it for a new link.' };
  }
  return { ok: true, target: { kind: 'join', serverUrl, room, token } };
}

/** The http(s) origin of a ws(s) sync server, for its HTTP API. */
export function httpOrigin(serverUrl: string): string {
  return serverUrl.replace(/^ws/, 'http');
}
