/**
 * The Electron main process: one secure window showing the renderer from the app:// scheme.
 * Logic that can be tested without Electron lives in plain modules beside this file.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, app, ipcMain, net, protocol, type IpcMainInvokeEvent } from 'electron';
import { APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, isTrustedSender, resolveAppFile } from './app-protocol';
import { IpcChannel, type AppInfo } from './bridge-api';

const DEFAULT_SERVER_URL = process.env.WHITEBOARD_SERVER_URL ?? 'ws://127.0.0.1:4455';
const rendererDir = path.join(__dirname, '..', 'renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

function handle(channel: IpcChannel, reply: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void {
  ipcMain.handle(channel, (event, ...args) => {
    if (!isTrustedSender(event.senderFrame?.url)) throw new Error(`refused ${channel} from an untrusted frame`);
    return reply(event, ...args);
  });
}

function registerIpc(): void {
  handle(IpcChannel.AppInfo, (): AppInfo => ({ name: app.getName(), version: app.getVersion(), platform: process.platform }));
  handle(IpcChannel.DefaultServerUrl, () => DEFAULT_SERVER_URL);
}

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

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Whiteboard',
    backgroundColor: '#f8f9fb',
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  void window.loadURL(`${APP_ORIGIN}/`);
  return window;
}

// Pages never navigate away from the app or open windows of their own.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  void app.whenReady().then(() => {
    registerAppProtocol();
    registerIpc();
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
