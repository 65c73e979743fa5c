import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTrustedSender, resolveAppFile } from './app-protocol';

const root = '/opt/whiteboard/renderer';

describe('resolveAppFile', () => {
  it('serves index.html for / and /r/<room>', () => {
    expect(resolveAppFile('app://whiteboard/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile('app://whiteboard/r/abc?server=ws://x', root)).toBe(path.join(root, 'index.html'));
  });

  it('serves assets from inside the renderer directory', () => {
    expect(resolveAppFile('app://whiteboard/assets/index-abc.js', root)).toBe(path.join(root, 'assets/index-abc.js'));
  });

  it.each([
    'app://whiteboard/../../etc/passwd',
    'app://whiteboard/%2e%2e/%2e%2e/etc/passwd',
    'app://whiteboard/assets/..%2f..%2f..%2fetc%2fpasswd',
    'app://whiteboard/a%00b',
    'app://whiteboard/%E0%A4%A',
    'app://other-host/index.html',
    'file:///etc/passwd',
    'not a url',
  ])('never leaves the renderer directory for %s', (url) => {
    const file = resolveAppFile(url, root);
    expect(file === null || file.startsWith(root + path.sep)).toBe(true);
  });

  it('refuses other hosts, other schemes and undecodable paths outright', () => {
    for (const url of ['app://other-host/index.html', 'file:///etc/passwd', 'app://whiteboard/%E0%A4%A', 'app://whiteboard/a%00b']) {
      expect(resolveAppFile(url, root)).toBeNull();
    }
  });
});

describe('isTrustedSender', () => {
  it('trusts only our own origin', () => {
    expect(isTrustedSender('app://whiteboard/r/abc')).toBe(true);
    expect(isTrustedSender('https://whiteboard/')).toBe(false);
    expect(isTrustedSender('app://whiteboard.evil/')).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender('::')).toBe(false);
  });
});
