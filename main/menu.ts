/** Installs the application menu (menu-template.ts) and rebuilds it when the recent list changes. */
import { Menu, app } from 'electron';
import { EventChannel, type MenuCommand, type MenuCommandEvent } from './bridge-api';
import { recentInfo } from './board-files';
import { buildMenuTemplate } from './menu-template';
import type { SettingsStore } from './settings';
import type { BrowserWindow } from 'electron';

export function sendMenuCommand(window: BrowserWindow | null, command: MenuCommand, path?: string): void {
  const event: MenuCommandEvent = path === undefined ? { command } : { command, path };
  window?.webContents.send(EventChannel.MenuCommand, event);
}

export function installMenu(settings: SettingsStore, window: () => BrowserWindow | null): () => void {
  const rebuild = (): void => {
    const template = buildMenuTemplate({
      platform: process.platform,
      appName: app.getName(),
      recent: recentInfo(settings.get().recentFiles),
      developer: !app.isPackaged,
      send: (command, path) => sendMenuCommand(window(), command, path),
      clearRecent: () => {
        settings.update({ recentFiles: [] });
        app.clearRecentDocuments();
        rebuild();
      },
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };
  rebuild();
  return rebuild;
}
