/**
 * Every IPC argument from the renderer is checked here before main acts on it. The renderer is
 * treated as untrusted (it shows content from remote servers), so these checks are the real
 * boundary; the bridge's TypeScript types are only a convenience. Each validator returns the
 * value in its exact expected shape (no extra properties carried along) or throws an
 * IpcValidationError whose message names the verb and the problem.
 */
import { ImageFormat, type ExportRequest, type HostingOptions, type SaveOptions, type UserSettings } from './bridge-api';
import { decodeLocalHistory } from '../protocol/history';
import { checkColor, checkName, checkServerUrl, MAX_NAME_LENGTH } from './settings-schema';

/** Largest board state accepted for saving; the same bound as a board file (board-file.ts). */
export const MAX_BOARD_STATE_BYTES = 256 * 1024 * 1024;
/** A PNG of a very large board at 2× is tens of MB; this leaves room without inviting abuse. */
export const MAX_EXPORT_BYTES = 128 * 1024 * 1024;
/** Links people click are short; this is the same bound as an invite link. */
export const MAX_EXTERNAL_URL_LENGTH = 2048;

export class IpcValidationError extends Error {
  override name = 'IpcValidationError';
}

function fail(verb: string, problem: string): never {
  throw new IpcValidationError(`${verb}: ${problem}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** Refuses calls with more arguments than the verb takes (a sign of a confused or hostile caller). */
export function expectArgCount(verb: string, args: readonly unknown[], max: number): void {
  if (args.length > max) fail(verb, `expected at most ${max} argument(s), got ${args.length}`);
}

function onlyKeys(verb: string, value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) fail(verb, `unexpected field "${key}"`);
}

export function validateBoolean(verb: string, value: unknown): boolean {
  if (typeof value !== 'boolean') fail(verb, `expected true or false, got ${typeof value}`);
  return value;
}

export function validateBoardState(verb: string, value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array)) fail(verb, 'expected the board state as a Uint8Array');
  if (value.byteLength === 0) fail(verb, 'the board state is empty');
  if (value.byteLength > MAX_BOARD_STATE_BYTES) fail(verb, `the board state is ${value.byteLength} bytes; the limit is ${MAX_BOARD_STATE_BYTES}`);
  return value;
}

/** A board's version history for its file, as the page encoded it (protocol/history.ts); null or absent: none. */
export function validateBoardHistory(verb: string, value: unknown): Uint8Array | null {
  if (value === undefined || value === null) return null;
  if (!(value instanceof Uint8Array)) fail(verb, 'expected the version history as a Uint8Array');
  if (value.byteLength > MAX_BOARD_STATE_BYTES) fail(verb, `the version history is ${value.byteLength} bytes; the limit is ${MAX_BOARD_STATE_BYTES}`);
  try {
    decodeLocalHistory(value);
  } catch {
    fail(verb, 'the version history cannot be read');
  }
  return value;
}

export function validateSaveOptions(verb: string, value: unknown): SaveOptions {
  if (value === undefined) return { saveAs: false };
  if (!isPlainObject(value)) fail(verb, 'expected options like { saveAs: false }');
  onlyKeys(verb, value, ['saveAs']);
  return { saveAs: value.saveAs === undefined ? false : validateBoolean(verb, value.saveAs) };
}

export function validateSettingsPatch(verb: string, value: unknown): Partial<UserSettings> {
  if (!isPlainObject(value)) fail(verb, 'expected an object of settings to change');
  onlyKeys(verb, value, ['name', 'color', 'defaultServerUrl']);
  const patch: Partial<UserSettings> = {};
  if ('name' in value) {
    const name = checkName(value.name);
    if (name === null) fail(verb, `a name is text of at most ${MAX_NAME_LENGTH} characters, on one line`);
    patch.name = name;
  }
  if ('color' in value) {
    const color = checkColor(value.color);
    if (color === null) fail(verb, 'a colour is written #rrggbb, for example #2f6fde');
    patch.color = color;
  }
  if ('defaultServerUrl' in value) {
    const url = checkServerUrl(value.defaultServerUrl);
    if (url === null) fail(verb, 'the server address must be ws://host[:port] or wss://host[:port], with nothing after it');
    patch.defaultServerUrl = url;
  }
  return patch;
}

export function validateExportRequest(verb: string, value: unknown): ExportRequest {
  if (!isPlainObject(value)) fail(verb, 'expected { format, data }');
  onlyKeys(verb, value, ['format', 'data']);
  const { format, data } = value;
  if (format === ImageFormat.Png) {
    if (!(data instanceof Uint8Array) || data.byteLength === 0) fail(verb, 'a PNG export needs its bytes as a non-empty Uint8Array');
    if (data.byteLength > MAX_EXPORT_BYTES) fail(verb, `the image is ${data.byteLength} bytes; the limit is ${MAX_EXPORT_BYTES}`);
    // The PNG signature: main writes only what it was told is a PNG, and it must look like one.
    const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    if (!signature.every((byte, i) => data[i] === byte)) fail(verb, 'the data is not a PNG image');
    return { format, data };
  }
  if (format === ImageFormat.Svg) {
    if (typeof data !== 'string' || data.length === 0) fail(verb, 'an SVG export needs its text as a non-empty string');
    if (data.length > MAX_EXPORT_BYTES) fail(verb, `the image is ${data.length} characters; the limit is ${MAX_EXPORT_BYTES}`);
    if (!/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(data)) fail(verb, 'the data is not an SVG document');
    return { format, data };
  }
  return fail(verb, `unknown image format ${JSON.stringify(format)}; expected "png" or "svg"`);
}

export function validateHostingOptions(verb: string, value: unknown): HostingOptions {
  if (!isPlainObject(value)) fail(verb, 'expected options like { lan: false }');
  onlyKeys(verb, value, ['lan']);
  return { lan: validateBoolean(verb, value.lan) };
}

/**
 * A link the user clicked, to open in their browser: https only (no file:, javascript:, custom
 * schemes that launch other programs, nor plain http that could be tampered with on the way),
 * no user name or password, and of a sane length. Answers the normalised URL.
 */
export function validateExternalUrl(verb: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) fail(verb, 'expected a link');
  if (value.length > MAX_EXTERNAL_URL_LENGTH) fail(verb, 'that link is too long');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(verb, 'that is not a link');
  }
  if (url.protocol !== 'https:') fail(verb, `only https:// links open in the browser, not ${url.protocol}`);
  if (url.username || url.password) fail(verb, 'links with a user name or password are not opened');
  if (!url.hostname) fail(verb, 'the link has no host');
  return url.toString();
}

/** A path the renderer asks to reopen: only one main itself put in the recent list. */
export function validateRecentPath(verb: string, value: unknown, recent: readonly string[]): string {
  if (typeof value !== 'string') fail(verb, 'expected a path from the recent list');
  if (!recent.includes(value)) fail(verb, 'that file is not in the recent list');
  return value;
}
