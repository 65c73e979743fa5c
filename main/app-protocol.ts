/**
 * The app's own scheme, `app://whiteboard/…`, serves the built renderer. Pages get a real origin
 * (so the Content Security Policy's 'self' means something, unlike file://), and the same paths
 * as on the sync server: `/r/<room>` and `/` serve index.html. Nothing outside the renderer's
 * directory can be reached.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'whiteboard';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  // The sync server is wherever the user says (a self-hosted one, a LAN peer, the built-in one):
  // its WebSocket and its room API (http/https) cannot be listed in advance.
  "connect-src 'self' ws: wss: http: https:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The file to serve for an app:// URL, or null when it must be refused (404). */
export function resolveAppFile(url: string, rootDir: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname === '/' || /^\/r\/[^/]+\/?$/.test(pathname)) return path.join(rootDir, 'index.html');
  if (pathname.includes('\0')) return null;
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${pathname}`);
  return file.startsWith(root + path.sep) ? file : null;
}

/** Whether an IPC message comes from our own page (not an injected frame or another origin). */
export function isTrustedSender(frameUrl: string | undefined): boolean {
  if (!frameUrl) return false;
  try {
    const url = new URL(frameUrl);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}
