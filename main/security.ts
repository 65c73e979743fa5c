/**
 * Electron's security checklist, for every web contents the app creates: no navigation away
 * from the app's own pages, no new windows, no <webview>, and no permission (camera, location,
 * notifications…) except writing to the clipboard, which Share's "Copy link" needs.
 */
import { app, session, type WebContents } from 'electron';
import { APP_ORIGIN } from './app-protocol';

/** Permissions a page of ours may have; every other request is denied. */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isAppPageUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`);
}

function harden(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppPageUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppPageUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Links open in the browser only through the openExternal verb, which checks them.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function installSecurityPolicy(): void {
  app.on('web-contents-created', (_event, contents) => harden(contents));
  const appSession = session.defaultSession;
  appSession.setPermissionRequestHandler((contents, permission, callback) => {
    callback(ALLOWED_PERMISSIONS.has(permission) && isAppPageUrl(contents.getURL()));
  });
  appSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => ALLOWED_PERMISSIONS.has(permission) && requestingOrigin === APP_ORIGIN);
}
