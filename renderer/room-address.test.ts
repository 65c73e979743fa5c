import { describe, expect, it } from 'vitest';
import { resolveRoomAddress } from './room-address';

const at = (href: string) => {
  const url = new URL(href);
  return { protocol: url.protocol, host: url.host, pathname: url.pathname, search: url.search };
};

describe('resolveRoomAddress', () => {
  it('uses the serving host as the sync server for /r/<room>', () => {
    expect(resolveRoomAddress(at('http://10.0.0.5:4455/r/team-retro'), null)).toEqual({
      ok: true,
      address: { serverUrl: 'ws://10.0.0.5:4455', room: 'team-retro', isNew: false },
    });
    expect(resolveRoomAddress(at('https://boards.example.org/r/abc'), null)).toMatchObject({
      address: { serverUrl: 'wss://boards.example.org' },
    });
  });

  it('makes up a new room for any other path', () => {
    const result = resolveRoomAddress(at('http://localhost:4455/'), null);
    expect(result.ok && result.address.isNew).toBe(true);
    expect(result.ok && result.address.room).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('takes ?server= over the serving host, and the default when there is no web origin', () => {
    expect(resolveRoomAddress(at('http://localhost:5173/r/x?server=wss://relay.example:8443/ignored'), null)).toMatchObject({
      address: { serverUrl: 'wss://relay.example:8443', room: 'x' },
    });
    expect(resolveRoomAddress(at('app://whiteboard/r/x'), 'ws://127.0.0.1:4455')).toMatchObject({
      address: { serverUrl: 'ws://127.0.0.1:4455' },
    });
  });

  it.each([
    ['http://localhost/r/x?server=https://evil.example', /ws:\/\/ or wss:\/\//],
    ['http://localhost/r/x?server=not a url', /not a URL/],
    ['http://localhost/r/a%20b', /not a valid room id/],
  ])('refuses %s with a clear message', (href, message) => {
    const result = resolveRoomAddress(at(href), null);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('says so when no server is known', () => {
    expect(resolveRoomAddress(at('app://whiteboard/'), null)).toEqual({ ok: false, error: 'No sync server is configured.' });
  });
});
