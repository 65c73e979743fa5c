/**
 * Registers IPC verbs. Every message is checked before its handler runs: it must come from the
 * main frame of the app's own window, showing one of the app's own pages (not an iframe, not a
 * page that got there by some navigation bug), and carry no more arguments than the verb takes.
 * The handler then validates each argument (ipc-validation.ts).
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { isTrustedSender } from './app-protocol';
import type { IpcChannel } from './bridge-api';
import { expectArgCount } from './ipc-validation';

export type Handler = (sender: WebContents, ...args: unknown[]) => unknown;

export function isTrustedEvent(event: IpcMainInvokeEvent, isAppWindow: (contents: WebContents) => boolean): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame === event.sender.mainFrame && isAppWindow(event.sender) && isTrustedSender(frame.url);
}

export function createIpcRegistry(isAppWindow: (contents: WebContents) => boolean) {
  return function handle(channel: IpcChannel, maxArgs: number, handler: Handler): void {
    ipcMain.handle(channel, (event, ...args) => {
      if (!isTrustedEvent(event, isAppWindow)) throw new Error(`refused ${channel} from an untrusted frame`);
      expectArgCount(channel, args, maxArgs);
      return handler(event.sender, ...args);
    });
  };
}
