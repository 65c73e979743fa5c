import { describe, expect, it } from 'vitest';
import { allowPermissionCheck, allowPermissionRequest, isAppOrigin } from './permission-policy';

describe('allowPermissionCheck', () => {
  // Electron passes the origin of a standard scheme as a URL spec, with the trailing slash.
  it.each(['app://whiteboard/', 'app://whiteboard'])('lets the app write to the clipboard from %s', (origin) => {
    expect(allowPermissionCheck('clipboard-sanitized-write', origin)).toBe(true);
  });

  it.each([
    'app://whiteboard.evil/',
    'app://evil/',
    'app://whiteboard:8080/',
    'app://user@whiteboard/',
    'app://whiteboard@evil/',
    'app://whiteboard/r/room',
    'app://whiteboard/?x=1',
    'app://whiteboard/#t',
    'https://whiteboard/',
    'http://127.0.0.1:4455/',
    'file:///',
    'null',
    '',
  ])('refuses every other origin: %s', (origin) => {
    expect(allowPermissionCheck('clipboard-sanitized-write', origin)).toBe(false);
  });

  // Electron 43 and later ask before a page that is not on the local network reaches it.
  it.each(['local-network-access', 'local-network', 'loopback-network'])('lets the app reach servers on this computer and the local network (%s)', (permission) => {
    expect(allowPermissionCheck(permission, 'app://whiteboard/')).toBe(true);
    expect(allowPermissionRequest(permission, 'app://whiteboard/r/Q2xvdWRz')).toBe(true);
    expect(allowPermissionCheck(permission, 'https://evil.example/')).toBe(false);
    expect(allowPermissionRequest(permission, 'https://evil.example/')).toBe(false);
  });

  it.each(['clipboard-read', 'media', 'notifications', 'geolocation', 'openExternal'])('refuses %s even to the app', (permission) => {
    expect(allowPermissionCheck(permission, 'app://whiteboard/')).toBe(false);
  });
});

describe('allowPermissionRequest', () => {
  it('grants clipboard writes to the app page that asked, and nothing else', () => {
    expect(allowPermissionRequest('clipboard-sanitized-write', 'app://whiteboard/r/Q2xvdWRz?server=ws%3A%2F%2Fx')).toBe(true);
    expect(allowPermissionRequest('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(allowPermissionRequest('clipboard-sanitized-write', 'app://whiteboard.evil/')).toBe(false);
    expect(allowPermissionRequest('media', 'app://whiteboard/')).toBe(false);
  });
});

describe('isAppOrigin', () => {
  it('is not fooled by case or a missing scheme', () => {
    expect(isAppOrigin('APP://WHITEBOARD/')).toBe(true);
    expect(isAppOrigin('whiteboard')).toBe(false);
  });
});
