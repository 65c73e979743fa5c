/**
 * What a settings file may contain, and how each value is checked. A value that fails its check
 * is dropped (the default takes its place), so one bad field never costs the user the others.
 */
import type { UserSettings } from './bridge-api';

/** Names appear on other people's screens beside a cursor: keep them a label, not a paragraph. */
export const MAX_NAME_LENGTH = 64;
/** Enough for File > Open Recent without a scrolling menu. */
export const MAX_RECENT_FILES = 10;
/** Longest path we remember; far beyond any real one (Windows' long-path limit is 32,767). */
export const MAX_PATH_LENGTH = 4096;
/** Longest server URL accepted; the same bound as an invite link (protocol/limits.ts). */
export const MAX_SERVER_URL_LENGTH = 2048;
/** A window smaller than this cannot show the toolbar: such saved bounds are not restored. */
export const MIN_WINDOW_WIDTH_PX = 480;
export const MIN_WINDOW_HEIGHT_PX = 360;
/** Larger than any display we know of; anything bigger is a corrupt value. */
export const MAX_WINDOW_SIDE_PX = 32_768;

export const BOARD_FILE_EXTENSION = '.whiteboard';

export interface WindowBounds {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Settings extends UserSettings {
  /** Absolute paths of `.whiteboard` files, newest first. */
  recentFiles: string[];
  windowBounds: WindowBounds | null;
}

export function defaultSettings(defaultServerUrl: string): Settings {
  return { name: '', color: '#2f6fde', defaultServerUrl, recentFiles: [], windowBounds: null };
}

export function checkName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const name = value.trim();
  // Control characters would break the one-line label other people see.
  if (name.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) return null;
  return name;
}

export function checkColor(value: unknown): string | null {
  return typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value) ? value.toLowerCase() : null;
}

/** A ws:// or wss:// origin (no path, query, credentials), normalised, or null. */
export function checkServerUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_SERVER_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return null;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return null;
  return `${url.protocol}//${url.host}`;
}

/** An absolute path to a `.whiteboard` file (either platform's form), or null. */
export function checkBoardPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PATH_LENGTH || value.includes('\0')) return null;
  const absolute = value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\');
  return absolute && value.toLowerCase().endsWith(BOARD_FILE_EXTENSION) ? value : null;
}

export function checkRecentFiles(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  const paths: string[] = [];
  for (const item of value) {
    const path = checkBoardPath(item);
    if (path !== null && !paths.includes(path)) paths.push(path);
  }
  return paths.slice(0, MAX_RECENT_FILES);
}

export function checkWindowBounds(value: unknown): WindowBounds | null {
  if (typeof value !== 'object' || value === null) return null;
  const { x, y, width, height, maximized } = value as Record<string, unknown>;
  const coordinate = (n: unknown): n is number => Number.isInteger(n) && Math.abs(n as number) <= MAX_WINDOW_SIDE_PX * 4;
  const side = (n: unknown, min: number): n is number => Number.isInteger(n) && (n as number) >= min && (n as number) <= MAX_WINDOW_SIDE_PX;
  if (!coordinate(x) || !coordinate(y) || !side(width, MIN_WINDOW_WIDTH_PX) || !side(height, MIN_WINDOW_HEIGHT_PX)) return null;
  return { x, y, width, height, maximized: maximized === true };
}

/** Settings from anything (a parsed file): every valid field kept, every other one defaulted. */
export function normalizeSettings(value: unknown, defaults: Settings): Settings {
  const input = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  return {
    name: checkName(input.name) ?? defaults.name,
    color: checkColor(input.color) ?? defaults.color,
    defaultServerUrl: checkServerUrl(input.defaultServerUrl) ?? defaults.defaultServerUrl,
    recentFiles: checkRecentFiles(input.recentFiles) ?? defaults.recentFiles,
    windowBounds: checkWindowBounds(input.windowBounds) ?? defaults.windowBounds,
  };
}

/** The recent list with `path` moved to the front, bounded. */
export function addRecentFile(recent: readonly string[], path: string): string[] {
  return [path, ...recent.filter((existing) => existing !== path)].slice(0, MAX_RECENT_FILES);
}

export function publicSettings(settings: Settings): UserSettings {
  return { name: settings.name, color: settings.color, defaultServerUrl: settings.defaultServerUrl };
}
