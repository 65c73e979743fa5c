import { describe, expect, it } from 'vitest';
import { encodeLocalHistory } from '../protocol/history';
import {
  IpcValidationError,
  MAX_BOARD_STATE_BYTES,
  expectArgCount,
  validateBoardHistory,
  validateBoardState,
  validateBoolean,
  validateExportRequest,
  validateExternalUrl,
  validateHostingOptions,
  validateRecentPath,
  validateSaveOptions,
  validateSettingsPatch,
} from './ipc-validation';

const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(IpcValidationError);
    return (error as Error).message;
  }
  throw new Error('expected the value to be refused');
}

describe('argument count and booleans', () => {
  it('refuses extra arguments', () => {
    expect(() => expectArgCount('save', [1], 1)).not.toThrow();
    expect(refusal(() => expectArgCount('save', [1, 2], 1))).toBe('save: expected at most 1 argument(s), got 2');
  });

  it('takes only real booleans', () => {
    expect(validateBoolean('v', true)).toBe(true);
    for (const value of ['true', 1, null, undefined, {}]) expect(refusal(() => validateBoolean('v', value))).toMatch(/^v: expected true or false/);
  });
});

describe('validateBoardState', () => {
  it('accepts a non-empty Uint8Array', () => {
    const state = new Uint8Array([1, 2, 3]);
    expect(validateBoardState('save', state)).toBe(state);
  });

  it.each([
    ['a string', 'abc'],
    ['an array of numbers', [1, 2, 3]],
    ['an ArrayBuffer', new ArrayBuffer(3)],
    ['an empty Uint8Array', new Uint8Array(0)],
  ])('refuses %s', (_what, value) => {
    expect(refusal(() => validateBoardState('save', value))).toMatch(/^save: /);
  });

  it('refuses a state over the size limit without copying it', () => {
    const huge = { byteLength: MAX_BOARD_STATE_BYTES + 1 };
    Object.setPrototypeOf(huge, Uint8Array.prototype);
    expect(refusal(() => validateBoardState('save', huge))).toMatch(/the limit is/);
  });
});

describe('validateBoardHistory', () => {
  it('accepts a version history the page encoded, and none', () => {
    const history = encodeLocalHistory({ head: 1, pruned: null, versions: [{ id: 1, at: 1, name: null, authors: [] }], parts: [{ end: 1, update: new Uint8Array([0, 0]) }] });
    expect(validateBoardHistory('save', history)).toBe(history);
    expect(validateBoardHistory('save', null)).toBeNull();
    expect(validateBoardHistory('save', undefined)).toBeNull();
  });

  it('refuses what is not one', () => {
    expect(refusal(() => validateBoardHistory('save', 'history'))).toBe('save: expected the version history as a Uint8Array');
    expect(refusal(() => validateBoardHistory('save', new Uint8Array([1, 200])))).toBe('save: the version history cannot be read');
  });
});

describe('validateSaveOptions', () => {
  it('defaults to a plain save', () => {
    expect(validateSaveOptions('save', undefined)).toEqual({ saveAs: false });
    expect(validateSaveOptions('save', {})).toEqual({ saveAs: false });
    expect(validateSaveOptions('save', { saveAs: true })).toEqual({ saveAs: true });
  });

  it('refuses unknown fields and wrong types', () => {
    expect(refusal(() => validateSaveOptions('save', { saveAs: true, path: '/etc/passwd' }))).toBe('save: unexpected field "path"');
    expect(refusal(() => validateSaveOptions('save', { saveAs: 'yes' }))).toMatch(/true or false/);
    expect(refusal(() => validateSaveOptions('save', 'saveAs'))).toMatch(/expected options/);
  });
});

describe('validateSettingsPatch', () => {
  it('keeps valid fields, normalised', () => {
    expect(validateSettingsPatch('settings', { name: '  Ada ', color: '#AABBCC', defaultServerUrl: 'wss://boards.example.org/' })).toEqual({
      name: 'Ada',
      color: '#aabbcc',
      defaultServerUrl: 'wss://boards.example.org',
    });
    expect(validateSettingsPatch('settings', {})).toEqual({});
  });

  it('refuses fields the renderer may not set, such as the recent list', () => {
    expect(refusal(() => validateSettingsPatch('settings', { recentFiles: ['/tmp/x.whiteboard'] }))).toBe('settings: unexpected field "recentFiles"');
    expect(refusal(() => validateSettingsPatch('settings', { windowBounds: null }))).toMatch(/unexpected field/);
  });

  it('explains each bad value', () => {
    expect(refusal(() => validateSettingsPatch('settings', { name: 'x'.repeat(65) }))).toMatch(/at most 64 characters/);
    expect(refusal(() => validateSettingsPatch('settings', { name: 'a\nb' }))).toMatch(/one line/);
    expect(refusal(() => validateSettingsPatch('settings', { color: 'red' }))).toMatch(/#rrggbb/);
    for (const url of ['http://example.org', 'wss://user:pw@example.org', 'wss://example.org/room', 'ws://x?y=1', 42]) {
      expect(refusal(() => validateSettingsPatch('settings', { defaultServerUrl: url }))).toMatch(/ws:\/\/host/);
    }
  });
});

describe('validateExportRequest', () => {
  it('accepts a PNG with the PNG signature and an SVG document', () => {
    expect(validateExportRequest('export', { format: 'png', data: PNG_BYTES })).toEqual({ format: 'png', data: PNG_BYTES });
    const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>';
    expect(validateExportRequest('export', { format: 'svg', data: svg })).toEqual({ format: 'svg', data: svg });
  });

  it('refuses data that is not what the format says', () => {
    expect(refusal(() => validateExportRequest('export', { format: 'png', data: new Uint8Array([1, 2, 3]) }))).toMatch(/not a PNG/);
    expect(refusal(() => validateExportRequest('export', { format: 'png', data: '<svg>' }))).toMatch(/Uint8Array/);
    expect(refusal(() => validateExportRequest('export', { format: 'svg', data: '<html><script>' }))).toMatch(/not an SVG/);
    expect(refusal(() => validateExportRequest('export', { format: 'svg', data: PNG_BYTES }))).toMatch(/string/);
  });

  it('refuses unknown formats and extra fields (no path chosen by the page)', () => {
    expect(refusal(() => validateExportRequest('export', { format: 'exe', data: PNG_BYTES }))).toMatch(/unknown image format "exe"/);
    expect(refusal(() => validateExportRequest('export', { format: 'png', data: PNG_BYTES, path: '/tmp/x' }))).toMatch(/unexpected field "path"/);
  });
});

describe('validateHostingOptions', () => {
  it('needs an explicit lan choice', () => {
    expect(validateHostingOptions('host', { lan: true })).toEqual({ lan: true });
    expect(refusal(() => validateHostingOptions('host', {}))).toMatch(/true or false/);
    expect(refusal(() => validateHostingOptions('host', { lan: false, port: 22 }))).toMatch(/unexpected field "port"/);
  });
});

describe('validateExternalUrl', () => {
  it('opens https links, normalised', () => {
    expect(validateExternalUrl('open', 'https://github.com/whiteboard')).toBe('https://github.com/whiteboard');
    expect(validateExternalUrl('open', 'HTTPS://Example.org')).toBe('https://example.org/');
  });

  it.each([
    ['http://example.org', /only https/],
    ['file:///etc/passwd', /only https/],
    ['javascript:alert(1)', /only https/],
    ['smb://attacker/share', /only https/],
    ['whiteboard://join?server=ws://x&room=r', /only https/],
    ['https://user:secret@example.org', /user name or password/],
    ['not a link', /not a link/],
    [`https://example.org/${'a'.repeat(2100)}`, /too long/],
    [42, /expected a link/],
  ])('refuses %s', (value, message) => {
    expect(refusal(() => validateExternalUrl('open', value))).toMatch(message);
  });
});

describe('validateRecentPath', () => {
  it('accepts only paths main put in the recent list', () => {
    const recent = ['/home/ada/plan.whiteboard'];
    expect(validateRecentPath('recent', '/home/ada/plan.whiteboard', recent)).toBe('/home/ada/plan.whiteboard');
    expect(refusal(() => validateRecentPath('recent', '/etc/shadow', recent))).toMatch(/not in the recent list/);
    expect(refusal(() => validateRecentPath('recent', ['/home/ada/plan.whiteboard'], recent))).toMatch(/expected a path/);
  });
});
