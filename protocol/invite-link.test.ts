import { describe, expect, it } from 'vitest';
import { formatDesktopInvite, formatWebInvite, parseInviteLink } from './invite-link';

// A token of the right shape (the parser checks shape; the server checks signatures).
const T = 'eyJ2IjoxLCJyIjoiYWJjIiwicCI6ImVkaXRvciIsImciOjB9.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU';
const ROOM = 'Q2xvdWRzLWFuZC1yYWluYm93';

describe('parseInviteLink accepts', () => {
  it.each([
    [`https://boards.example.org/r/${ROOM}#t=${T}`, 'wss://boards.example.org'],
    [`https://boards.example.org/r/${ROOM}/#t=${T}`, 'wss://boards.example.org'],
    [`http://192.168.1.20:4455/r/${ROOM}#t=${T}`, 'ws://192.168.1.20:4455'],
    [`http://[::1]:4455/r/${ROOM}#t=${T}`, 'ws://[::1]:4455'],
    [`HTTPS://Boards.Example.ORG/r/${ROOM}#t=${T}`, 'wss://boards.example.org'],
    [`  https://boards.example.org/r/${ROOM}#t=${T}\n`, 'wss://boards.example.org'],
    [`whiteboard://join?server=wss%3A%2F%2Fboards.example.org&room=${ROOM}#t=${T}`, 'wss://boards.example.org'],
    [`whiteboard://join?room=${ROOM}&server=ws://127.0.0.1:4455#t=${T}`, 'ws://127.0.0.1:4455'],
  ])('%s', (link, serverUrl) => {
    expect(parseInviteLink(link)).toEqual({ ok: true, invite: { serverUrl, room: ROOM, token: T } });
  });

  it('round-trips both formats', () => {
    const web = formatWebInvite('https://boards.example.org/', ROOM, T);
    expect(web).toBe(`https://boards.example.org/r/${ROOM}#t=${T}`);
    expect(parseInviteLink(web)).toMatchObject({ ok: true, invite: { room: ROOM, token: T } });
    const desktop = formatDesktopInvite('wss://boards.example.org:8443', ROOM, T);
    expect(parseInviteLink(desktop)).toEqual({ ok: true, invite: { serverUrl: 'wss://boards.example.org:8443', room: ROOM, token: T } });
  });
});

describe('parseInviteLink refuses', () => {
  it.each([
    ['', /Paste an invite link/],
    ['boards.example.org/r/abc', /not a link/],
    [`javascript:alert(1)//r/${ROOM}#t=${T}`, /javascript: are not invite links/],
    [`file:///etc/passwd#t=${T}`, /file: are not invite links/],
    [`data:text/html,<script>#t=${T}`, /characters an invite link never has/],
    [`ftp://boards.example.org/r/${ROOM}#t=${T}`, /ftp: are not invite links/],
    [`https://alice:secret@boards.example.org/r/${ROOM}#t=${T}`, /user name or password/],
    [`https://boards.example.org@evil.example/r/${ROOM}#t=${T}`, /user name or password/],
    [`https://boards.example.org/r/${ROOM}`, /no access token/],
    [`https://boards.example.org/r/${ROOM}#token=${T}`, /no access token/],
    [`https://boards.example.org/r/${ROOM}#t=`, /malformed or too long/],
    [`https://boards.example.org/r/${ROOM}#t=${'a'.repeat(600)}.b`, /malformed or too long/],
    [`https://boards.example.org/r/${ROOM}#t=not a token`, /characters an invite link never has/],
    [`https://boards.example.org/r/${ROOM}#t=abc<script>.x`, /characters an invite link never has/],
    [`https://boards.example.org/r/../../admin#t=${T}`, /not a Whiteboard invite link/],
    [`https://boards.example.org/r/a%2Fb#t=${T}`, /room id that is not valid/],
    [`https://boards.example.org/r/%E0%A4%A#t=${T}`, /room id that is not valid/],
    [`https://boards.example.org/r/${'x'.repeat(65)}#t=${T}`, /room id that is not valid/],
    [`https://boards.example.org/admin/r/${ROOM}#t=${T}`, /not a Whiteboard invite link/],
    [`https://boards.example.org/r/${ROOM}?next=https://evil.example#t=${T}`, /not a Whiteboard invite link/],
    [`https://boards..example.org/r/${ROOM}#t=${T}`, /not a valid host name/],
    [`https://-bad-.example.org/r/${ROOM}#t=${T}`, /not a valid host name/],
    [`https://boards.example.org:99999/r/${ROOM}#t=${T}`, /out of range/],
    [`https://${'a'.repeat(3000)}.org/r/${ROOM}#t=${T}`, /too long/],
    [`whiteboard://open?server=wss://x.org&room=${ROOM}#t=${T}`, /not an invite/],
    [`whiteboard://join?server=https://x.org&room=${ROOM}#t=${T}`, /must be a ws:\/\/ or wss:\/\//],
    [`whiteboard://join?server=wss://x.org#t=${T}`, /both a server and a room/],
    [`whiteboard://join?server=wss://x.org&room=${ROOM}&room=other#t=${T}`, /unexpected or repeated part "room"/],
    [`whiteboard://join?server=wss://x.org&room=${ROOM}&open=file#t=${T}`, /unexpected or repeated part "open"/],
    [`whiteboard://join?server=wss://u:p@x.org&room=${ROOM}#t=${T}`, /user name or password/],
    [`whiteboard://join?server=wss://x.org/path&room=${ROOM}#t=${T}`, /not a valid http\(s\) or ws\(s\) address/],
    [`whiteboard://join?server=wss://x.org&room=bad%20room#t=${T}`, /characters|room id/],
    [`whiteboard://join?server=wss://x.org&room=${ROOM}`, /no access token/],
  ])('%s', (link, message) => {
    const result = parseInviteLink(link);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});
