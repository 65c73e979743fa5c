/**
 * Runs in the sandboxed renderer before the page: exposes the bridge's verbs as
 * `window.whiteboard`, never ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge-api';

contextBridge.exposeInMainWorld('whiteboard', createBridge((channel, ...args) => ipcRenderer.invoke(channel, ...args)));
