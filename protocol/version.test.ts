import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, describeVersionMismatch, isServedVersion, readClientVersion } from './version';

describe('protocol versions', () => {
  it('take a client that names none for version 1, and refuse what is not a number', () => {
    expect(readClientVersion(null)).toBe(1);
    expect(readClientVersion('3')).toBe(3);
    expect(readClientVersion('1.5')).toBeNull();
    expect(readClientVersion('')).toBeNull();
    expect(readClientVersion('9'.repeat(20))).toBeNull();
  });

  it('serve exactly the range, this code\u2019s own version included', () => {
    expect(isServedVersion(PROTOCOL_VERSION)).toBe(true);
    expect(isServedVersion(2, { min: 2, max: 4 })).toBe(true);
    expect(isServedVersion(1, { min: 2, max: 4 })).toBe(false);
    expect(isServedVersion(5, { min: 2, max: 4 })).toBe(false);
  });

  it('tell an old app to update itself, and a new app that the server is old', () => {
    expect(describeVersionMismatch(1, { min: 2, max: 4 })).toMatch(/^This app is too old.*Update the app/);
    expect(describeVersionMismatch(5, { min: 2, max: 4 })).toMatch(/^This board's server is older than this app.*update the server/);
  });
});
