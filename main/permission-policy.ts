/**
 * Which permission a page may have: writing to the clipboard (Share's "Copy link", the board
 * menu's Cut and Copy, through `navigator.clipboard.writeText`), and only for the app's own
 * pages. Everything else (camera, location, notifications, reading the clipboard…) is refused;
 * pasting goes through the bridge's paste verb instead.
 *
 * Chromium asks twice. The permission check gets the requesting origin, which Electron hands
 * over as a URL spec: for a standard scheme that is `app://whiteboard/`, with a trailing slash.
 * Comparing it to `app://whiteboard` as a string refused every check, so Copy and Cut never
 * worked in the app. Here the origin is parsed and compared part by part, with or without the
 * slash; a path, query, port or user part means it is not an origin at all.
 */
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './app-protocol';

/** Permissions a page of ours may have; every other request is denied. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

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
