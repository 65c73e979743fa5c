/**
 * Runs in the sandboxed renderer before the page: exposes the bridge's verbs as
 * `window.whiteboard`, never ipcRenderer itself. Listeners get the payload only, not the
 * IpcRendererEvent (whose `sender` is ipcRenderer).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IpcChannel, createBridge } from './bridge-api';

contextBridge.exposeInMainWorld(
  'whiteboard',
  createBridge(
    (channel, ...args) => {
      // Links open in the browser, and the clipboard is pasted, only from a click (or key
      // press) the user just made: a script on the page cannot do either on its own. Main
      // checks the link itself.
      if ((channel === IpcChannel.OpenExternal || channel === IpcChannel.PasteClipboard) && !navigator.userActivation.isActive) {
        return Promise.reject(new Error(`${channel}: only from a click`));
      }
      return ipcRenderer.invoke(channel, ...args);
    },
    (channel, listener) => {
      const forward = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    },
  ),
);
