/**
 * The Electron main process: wires the pieces together. One secure window shows the renderer
 * from the app:// scheme; everything testable without Electron lives in plain modules beside
 * this file (see docs/DESKTOP.md for the map).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, app, net, protocol } from 'electron';
import { DESKTOP_SCHEME } from '../protocol/invite-link';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, resolveAppFile } from './app-protocol';
import { integrateAppImage } from './appimage-integration';
import { registerAppVerbs } from './app-verbs';
import { admitLaunchFile, askUnsaved, registerFileVerbs } from './board-files';
import { BoardSession } from './board-session';
import { EventChannel, MenuCommand } from './bridge-api';
import { HostingController } from './hosting';
import { createIpcRegistry } from './ipc';
import { LaunchRouter } from './launch';
import { installMenu, sendMenuCommand } from './menu';
import { installSecurityPolicy } from './security';
import { SETTINGS_FILE_NAME, SettingsStore, loadSettings } from './settings';
import { checkServerUrl, defaultSettings } from './settings-schema';
import { electronSqliteDirFor } from './sqlite-binding';
import { createMainWindow } from './window';

const FALLBACK_SERVER_URL = 'ws://127.0.0.1:4455';
const serverUrlOverride = checkServerUrl(process.env.WHITEBOARD_SERVER_URL);
const rendererDir = path.join(__dirname, '..', 'renderer');
const serverEntry = path.join(__dirname, '..', 'sync-server', 'cli.js');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let mainWindow: BrowserWindow | null = null;
/** Opens the app's window; set once settings are loaded (start()). */
let openWindow: (() => void) | null = null;
const currentWindow = (): BrowserWindow | null => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null);

const session = new BoardSession({
  askUnsaved: () => askUnsaved(currentWindow()),
  requestSave: () => sendMenuCommand(currentWindow(), MenuCommand.Save),
});

function registerAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, rendererDir);
    if (!file) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });
}

async function registerAsProtocolClient(): Promise<void> {
  // An AppImage first writes the desktop entry that Linux registration points at (nothing
  // installed it); the deb, the NSIS installer and macOS's Info.plist registered at install.
  if (process.platform === 'linux') {
    await integrateAppImage(process.env, app.getPath('home')).catch((error: Error) => console.warn(`whiteboard:// links: ${error.message}`));
  }
  // Unpackaged (`electron .`), the OS must be told how to start this app with the link.
  if (process.defaultApp && process.argv[1]) app.setAsDefaultProtocolClient(DESKTOP_SCHEME, process.execPath, [path.resolve(process.argv[1])]);
  else app.setAsDefaultProtocolClient(DESKTOP_SCHEME);
}

/** Closing with unsaved changes asks first; quitting goes on once the user has answered. */
function guardClose(window: BrowserWindow, quitting: () => boolean): void {
  let confirmed = false;
  window.on('close', (event) => {
    if (confirmed || !session.unsaved) return;
    event.preventDefault();
    void session.confirmDiscard().then((ok) => {
      if (!ok) return;
      confirmed = true;
      if (quitting()) app.quit();
      else window.close();
    });
  });
}

async function start(launch: LaunchRouter): Promise<void> {
  installSecurityPolicy();
  registerAppProtocol();
  void registerAsProtocolClient();

  const settingsFile = path.join(app.getPath('userData'), SETTINGS_FILE_NAME);
  const loaded = await loadSettings(settingsFile, defaultSettings(FALLBACK_SERVER_URL));
  if (loaded.problem) console.warn(`settings: ${loaded.problem}`);
  const settings = new SettingsStore(settingsFile, loaded.settings, (error) => console.error(`settings: could not save: ${error.message}`));

  const sqliteDir = electronSqliteDirFor({
    packaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
    platform: process.platform,
    arch: process.arch,
  });
  const hosting = new HostingController(serverEntry, path.join(app.getPath('userData'), 'server'), sqliteDir, app.isPackaged, (status) =>
    currentWindow()?.webContents.send(EventChannel.HostingChanged, status),
  );
  const handle = createIpcRegistry((contents) => contents === currentWindow()?.webContents);
  const refreshMenu = installMenu(settings, currentWindow);
  const fileContext = { settings, session, window: currentWindow, recentChanged: () => refreshMenu() };
  registerFileVerbs(handle, fileContext);
  registerAppVerbs(handle, { settings, hosting, serverUrlOverride });

  launch.setOpenFile(async (file) => {
    if (await admitLaunchFile(fileContext, file)) sendMenuCommand(currentWindow(), MenuCommand.OpenRecent, file);
  });

  let quitting = false;
  app.on('before-quit', () => (quitting = true));
  // Stop the built-in server after the windows are gone, so its rooms are stored before exit.
  app.on('will-quit', (event) => {
    if (!hosting.isRunning()) return;
    event.preventDefault();
    void hosting.stop().then(() => app.quit());
  });

  openWindow = (): void => {
    const window = createMainWindow(settings);
    mainWindow = window;
    guardClose(window, () => quitting);
    launch.track(window);
  };
  openWindow();
  launch.start(process.argv, process.cwd());
  app.on('activate', () => {
    if (!currentWindow()) openWindow?.();
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another instance runs: it receives this command line (second-instance) and opens the link.
  app.quit();
} else {
  const launch = new LaunchRouter({
    window: currentWindow,
    openWindow: () => openWindow?.(),
    confirmDiscard: () => session.confirmDiscard(),
    leftFile: () => session.reset(null),
  });
  launch.install();
  void app.whenReady().then(() => start(launch));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
