import { describe, expect, it } from 'vitest';
import { httpOrigin, resolveRoomTarget } from './room-address';

const at = (href: string) => {
  const url = new URL(href);
  return { protocol: url.protocol, host: url.host, pathname: url.pathname, search: url.search, hash: url.hash };
};
const TOKEN = 'eyJ2IjoxfQ.c2ln';

describe('resolveRoomTarget', () => {
  it('joins /r/<room> on the serving host, with the token from the fragment', () => {
    expect(resolveRoomTarget(at(`http://10.0.0.5:4455/r/team-retro#t=${TOKEN}`), null)).toEqual({
      ok: true,
      target: { kind: 'join', serverUrl: 'ws://10.0.0.5:4455', room: 'team-retro', token: TOKEN },
    });
    expect(resolveRoomTarget(at('https://boards.example.org/r/abc'), null)).toEqual({
      ok: true,
      target: { kind: 'join', serverUrl: 'wss://boards.example.org', room: 'abc', token: null },
    });
  });

  it('asks for a new room on any other path', () => {
    expect(resolveRoomTarget(at('http://localhost:4455/'), null)).toEqual({ ok: true, target: { kind: 'create', serverUrl: 'ws://localhost:4455' } });
  });

  it('takes ?server= over the serving host, and the default when there is no web origin', () => {
    expect(resolveRoomTarget(at('http://localhost:5173/r/x?server=wss://relay.example:8443/ignored'), null)).toMatchObject({
      target: { serverUrl: 'wss://relay.example:8443', room: 'x' },
    });
    expect(resolveRoomTarget(at('app://whiteboard/r/x'), 'ws://127.0.0.1:4455')).toMatchObject({
      target: { serverUrl: 'ws://127.0.0.1:4455' },
    });
  });

  it.each([
    ['http://localhost/r/x?server=https://evil.example', /ws:\/\/ or wss:\/\//],
    ['http://localhost/r/x?server=ws://user:pw@evil.example', /user name or password/],
    ['http://localhost/r/x?server=not a url', /not a URL/],
    ['http://localhost/r/a%20b', /not name a valid board/],
    ['http://localhost/r/%E0%A4%A', /not name a valid board/],
    ['http://localhost/r/abc#t=<script>', /token is damaged/],
  ])('refuses %s with a clear message', (href, message) => {
    const result = resolveRoomTarget(at(href), null);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('says so when no server is known', () => {
    expect(resolveRoomTarget(at('app://whiteboard/'), null)).toEqual({ ok: false, error: 'No sync server is configured.' });
  });

  it('maps ws(s) to http(s) for the API', () => {
    expect(httpOrigin('wss://a.example:8443')).toBe('https://a.example:8443');
    expect(httpOrigin('ws://127.0.0.1:4455')).toBe('http://127.0.0.1:4455');
  });
});
