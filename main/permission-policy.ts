/**
 * Which permissions a page may have, and only the app's own pages:
 * - writing to the clipboard (Share's "Copy link", the board menu's Cut and Copy, through
 *   `navigator.clipboard.writeText`);
 * - Local Network Access: Chromium (since Electron 43) asks before a page that is not itself on
 *   the local network connects to a loopback or private address, and the app's page, served
 *   from app://, is not. Without it the app could not reach its own built-in server
 *   (127.0.0.1), a server on the local network, or one started for the LAN by another copy of
 *   the app. Chromium named the permission `local-network-access`, then split it into
 *   `local-network` and `loopback-network`; all three are granted.
 * Everything else (camera, location, notifications, reading the clipboard…) is refused; pasting
 * goes through the bridge's paste verb instead.
 *
 * Chromium asks twice. The permission check gets the requesting origin, which Electron hands
 * over as a URL spec: for a standard scheme that is `app://whiteboard/`, with a trailing slash.
 * Comparing it to `app://whiteboard` as a string refused every check, so Copy and Cut never
 * worked in the app. Here the origin is parsed and compared part by part, with or without the
 * slash; a path, query, port or user part means it is not an origin at all.
 */
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './app-protocol';

/** Permissions a page of ours may have; every other request is denied. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write', 'local-network-access', 'local-network', 'loopback-network']);

/** Whether `origin` is the app's own origin, `app://whiteboard` with or without the trailing slash. */
export function isAppOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (
    url.protocol === `${APP_SCHEME}:` &&
    url.host.toLowerCase() === APP_HOST &&
    (url.pathname === '' || url.pathname === '/') &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/** A page of the app itself (a URL under the app's origin, not the origin alone). */
export function isAppPageUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`);
}

/** session.setPermissionCheckHandler: `requestingOrigin` as Electron passes it. */
export function allowPermissionCheck(permission: string, requestingOrigin: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppOrigin(requestingOrigin);
}

/** session.setPermissionRequestHandler: the URL of the page that asked. */
export function allowPermissionRequest(permission: string, requestingUrl: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppPageUrl(requestingUrl);
}
