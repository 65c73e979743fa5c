/**
 * Restoring the window where the user left it, but never off-screen: a display may have been
 * unplugged or rearranged since, and a window whose title bar cannot be reached cannot be moved.
 */
import { MIN_WINDOW_HEIGHT_PX, MIN_WINDOW_WIDTH_PX, type WindowBounds } from './settings-schema';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_WIDTH_PX = 1280;
export const DEFAULT_WINDOW_HEIGHT_PX = 800;
/** This much of the window's top edge must be on a display for the user to grab it. */
export const MIN_VISIBLE_WIDTH_PX = 120;
export const MIN_VISIBLE_HEIGHT_PX = 40;

export interface RestoredWindow {
  /** Where to put the window; null lets the system centre it at the default size. */
  bounds: Rect | null;
  width: number;
  height: number;
  maximized: boolean;
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

export function restoreWindow(saved: WindowBounds | null, workAreas: readonly Rect[]): RestoredWindow {
  const fallback = { bounds: null, width: DEFAULT_WINDOW_WIDTH_PX, height: DEFAULT_WINDOW_HEIGHT_PX, maximized: saved?.maximized ?? false };
  if (!saved) return fallback;
  // The title bar: the top strip of the window.
  const titleBar: Rect = { x: saved.x, y: saved.y, width: saved.width, height: MIN_VISIBLE_HEIGHT_PX };
  const home = workAreas.find((area) => {
    const visible = overlap(titleBar, area);
    return visible.width >= MIN_VISIBLE_WIDTH_PX && visible.height >= MIN_VISIBLE_HEIGHT_PX;
  });
  if (!home) return { ...fallback, width: Math.max(MIN_WINDOW_WIDTH_PX, Math.min(saved.width, DEFAULT_WINDOW_WIDTH_PX)), height: Math.max(MIN_WINDOW_HEIGHT_PX, Math.min(saved.height, DEFAULT_WINDOW_HEIGHT_PX)) };
  // A window larger than the display it is on (resolution lowered since) is shrunk to fit.
  const width = Math.max(MIN_WINDOW_WIDTH_PX, Math.min(saved.width, home.width));
  const height = Math.max(MIN_WINDOW_HEIGHT_PX, Math.min(saved.height, home.height));
  return { bounds: { x: saved.x, y: saved.y, width, height }, width, height, maximized: saved.maximized };
}

/** What revealWhenReady needs of a BrowserWindow. */
export interface RevealableWindow {
  once(event: 'ready-to-show', listener: () => void): unknown;
  maximize(): void;
  show(): void;
}

/**
 * Shows the window once its first frame is painted, maximised if it was. `maximize()` shows a
 * hidden window at once (Electron's documentation says so), so calling it at creation put an
 * empty window on screen before the page had drawn anything: it waits for ready-to-show too.
 * `show()` after it gives the window the focus, which `maximize()` alone does not.
 */
export function revealWhenReady(window: RevealableWindow, maximized: boolean): void {
  window.once('ready-to-show', () => {
    if (maximized) window.maximize();
    window.show();
  });
}
