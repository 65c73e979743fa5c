/**
 * The desktop app's bridge (`window.whiteboard`), typed from its implementation in main/.
 * In a plain browser there is no bridge and every caller must cope with that.
 */
import type { WhiteboardBridge } from '../main/bridge-api';

declare global {
  interface Window {
    whiteboard?: WhiteboardBridge;
  }
}

export function desktopBridge(): WhiteboardBridge | null {
  return window.whiteboard ?? null;
}
