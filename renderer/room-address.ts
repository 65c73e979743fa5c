/**
 * Which server and room this window shows, from its own URL:
 * - `/r/<room>` names the room (served by the sync server, or by the desktop app's protocol);
 *   any other path starts a new room;
 * - `?server=ws(s)://…` names the sync server; without it a page served over http(s) uses the
 *   server that served it, and the desktop app uses its configured default.
 */
import { isValidRoomId, newRoomId } from '../protocol/room-id';

export interface RoomAddress {
  serverUrl: string;
  room: string;
  /** True when the room was just made up: the caller shows it in the address bar. */
  isNew: boolean;
}

export type AddressResult = { ok: true; address: RoomAddress } | { ok: false; error: string };

interface LocationLike {
  protocol: string;
  host: string;
  pathname: string;
  search: string;
}

export function resolveRoomAddress(location: LocationLike, defaultServerUrl: string | null): AddressResult {
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
    serverUrl = `${parsed.protocol}//${parsed.host}`;
  } else if (location.protocol === 'http:' || location.protocol === 'https:') {
    serverUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
  } else if (defaultServerUrl) {
    serverUrl = defaultServerUrl;
  } else {
    return { ok: false, error: 'No sync server is configured.' };
  }

  const match = /^\/r\/([^/]+)\/?$/.exec(location.pathname);
  if (!match) return { ok: true, address: { serverUrl, room: newRoomId(), isNew: true } };
  const room = decodeURIComponent(match[1] as string);
  if (!isValidRoomId(room)) {
    return { ok: false, error: `"${room}" is not a valid room id (letters, digits, - and _, at most 64).` };
  }
  return { ok: true, address: { serverUrl, room, isNew: false } };
}
