/**
 * Electron's security checklist, for every web contents the app creates: no navigation away
 * from the app's own pages, no new windows, no <webview>, and no permission (camera, location,
 * notifications…) except writing to the clipboard (permission-policy.ts).
 */
import { app, session, type WebContents } from 'electron';
import { allowPermissionCheck, allowPermissionRequest, isAppPageUrl } from './permission-policy';

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
  appSession.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(allowPermissionRequest(permission, details.requestingUrl || contents.getURL()));
  });
  appSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowPermissionCheck(permission, requestingOrigin));
}
