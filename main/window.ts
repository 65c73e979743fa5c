/**
 * The app's one window: secure web preferences, restored where the user left it, its bounds
 * remembered when it closes.
 */
import path from 'node:path';
import { BrowserWindow, screen } from 'electron';
import { APP_ORIGIN } from './app-protocol';
import type { SettingsStore } from './settings';
import { MIN_WINDOW_HEIGHT_PX, MIN_WINDOW_WIDTH_PX } from './settings-schema';
import { restoreWindow, revealWhenReady } from './window-bounds';

export const WINDOW_BACKGROUND_COLOR = '#f8f9fb';

export function createMainWindow(settings: SettingsStore, url = `${APP_ORIGIN}/`): BrowserWindow {
  const restored = restoreWindow(
    settings.get().windowBounds,
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = new BrowserWindow({
    ...(restored.bounds ?? {}),
    width: restored.width,
    height: restored.height,
    minWidth: MIN_WINDOW_WIDTH_PX,
    minHeight: MIN_WINDOW_HEIGHT_PX,
    title: 'Whiteboard',
    backgroundColor: WINDOW_BACKGROUND_COLOR,
    show: false,
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // Middle-click would open links in new windows; the app has none.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  revealWhenReady(window, restored.maximized);
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    settings.update({ windowBounds: { ...bounds, maximized: window.isMaximized() } });
  });
  void window.loadURL(url);
  return window;
}
