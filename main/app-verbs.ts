/** The verbs that are not about files: app info, settings, links, the built-in server. */
import { app, shell } from 'electron';
import { IpcChannel, type AppInfo } from './bridge-api';
import type { HostingController } from './hosting';
import type { Handler } from './ipc';
import { validateExternalUrl, validateHostingOptions, validateSettingsPatch } from './ipc-validation';
import type { SettingsStore } from './settings';
import { publicSettings } from './settings-schema';

export interface AppVerbContext {
  settings: SettingsStore;
  hosting: HostingController;
  /** WHITEBOARD_SERVER_URL, when set for this run: it wins over the saved setting. */
  serverUrlOverride: string | null;
}

export function registerAppVerbs(handle: (channel: IpcChannel, maxArgs: number, handler: Handler) => void, ctx: AppVerbContext): void {
  handle(IpcChannel.AppInfo, 0, (): AppInfo => ({ name: app.getName(), version: app.getVersion(), platform: process.platform }));
  handle(IpcChannel.DefaultServerUrl, 0, () => ctx.serverUrlOverride ?? ctx.settings.get().defaultServerUrl);
  handle(IpcChannel.GetSettings, 0, () => publicSettings(ctx.settings.get()));
  handle(IpcChannel.UpdateSettings, 1, (_sender, patch) => publicSettings(ctx.settings.update(validateSettingsPatch(IpcChannel.UpdateSettings, patch))));
  handle(IpcChannel.OpenExternal, 1, async (_sender, url) => {
    await shell.openExternal(validateExternalUrl(IpcChannel.OpenExternal, url));
  });
  handle(IpcChannel.StartHosting, 1, (_sender, options) => ctx.hosting.start(validateHostingOptions(IpcChannel.StartHosting, options).lan));
  handle(IpcChannel.StopHosting, 0, () => ctx.hosting.stop());
  handle(IpcChannel.HostingStatus, 0, () => ctx.hosting.current());
  // Into the page that asked, which then handles its own paste event (never the clipboard's
  // contents over IPC).
  handle(IpcChannel.PasteClipboard, 0, (sender) => {
    sender.paste();
  });
}
