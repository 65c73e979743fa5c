import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDesktopInvite } from '../protocol/invite-link';
import { resolveAppFile } from './app-protocol';
import { LaunchActionKind, actionFromArgv, actionFromLink, boardAppUrl, describeLinkForDialog } from './deep-links';

const T = 'eyJ2IjoxLCJyIjoiYWJjIiwicCI6ImVkaXRvciIsImciOjB9.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU';
const ROOM = 'Q2xvdWRzLWFuZC1yYWluYm93';
const LINK = formatDesktopInvite('wss://boards.example.org:8443', ROOM, T);
const APP_URL = `app://whiteboard/r/${ROOM}?server=${encodeURIComponent('wss://boards.example.org:8443')}#t=${T}`;

describe('actionFromLink', () => {
  it('turns a good invite into the app page that opens it', () => {
    expect(actionFromLink(LINK)).toEqual({
      kind: LaunchActionKind.OpenInvite,
      invite: { serverUrl: 'wss://boards.example.org:8443', room: ROOM, token: T },
      appUrl: APP_URL,
    });
  });

  it('accepts the https form too (pasted or passed on the command line)', () => {
    expect(actionFromLink(`https://boards.example.org/r/${ROOM}#t=${T}`)).toMatchObject({
      kind: LaunchActionKind.OpenInvite,
      appUrl: `app://whiteboard/r/${ROOM}?server=${encodeURIComponent('wss://boards.example.org')}#t=${T}`,
    });
  });

  it.each([
    [`whiteboard://join?server=https://x.example&room=${ROOM}#t=${T}`, /must be a ws:\/\/ or wss:\/\/ address/],
    [`whiteboard://join?server=wss://x.example&room=${ROOM}`, /no access token/],
    [`whiteboard://join?server=wss://x.example&room=../../etc#t=${T}`, /room id that is not valid/],
    [`whiteboard://join?server=wss://x.example&room=${ROOM}&next=file:///etc#t=${T}`, /unexpected or repeated part "next"/],
    [`whiteboard://open?file=/etc/passwd`, /not an invite/],
    ['whiteboard://', /not an invite/],
  ])('reports a bad link instead of navigating: %s', (link, message) => {
    const action = actionFromLink(link);
    expect(action.kind).toBe(LaunchActionKind.BadInvite);
    expect(action.kind === LaunchActionKind.BadInvite && action.error).toMatch(message);
  });
});

describe('boardAppUrl', () => {
  it('is served by the app protocol as the renderer page', () => {
    const url = boardAppUrl({ serverUrl: 'ws://127.0.0.1:4455', room: ROOM, token: T });
    expect(resolveAppFile(url, '/opt/app/renderer')).toBe(path.join('/opt/app/renderer', 'index.html'));
    expect(new URL(url).searchParams.get('server')).toBe('ws://127.0.0.1:4455');
    expect(new URL(url).hash).toBe(`#t=${T}`);
  });
});

describe('actionFromArgv', () => {
  const cwd = '/home/ada';

  it('finds a link passed by Windows or Linux to a second instance', () => {
    expect(actionFromArgv(['C:\\Program Files\\Whiteboard\\Whiteboard.exe', LINK], cwd)).toMatchObject({ kind: LaunchActionKind.OpenInvite, appUrl: APP_URL });
    // Chromium appends its own switches after the app's arguments in second-instance argv.
    expect(actionFromArgv(['/opt/Whiteboard/whiteboard', LINK, '--allow-file-access-from-files'], cwd)).toMatchObject({ kind: LaunchActionKind.OpenInvite });
  });

  it('accepts the scheme in any case', () => {
    expect(actionFromArgv(['app', LINK.replace('whiteboard://', 'WhiteBoard://')], cwd)).toMatchObject({ kind: LaunchActionKind.OpenInvite });
  });

  it('reports a bad link from the command line', () => {
    expect(actionFromArgv(['app', 'whiteboard://join?server=ftp://x&room=a#t=b'], cwd).kind).toBe(LaunchActionKind.BadInvite);
  });

  it('finds a board file opened through the file association, resolved against the working directory', () => {
    expect(actionFromArgv(['app', 'plans/q3.whiteboard'], cwd, 'linux')).toEqual({ kind: LaunchActionKind.OpenFile, path: '/home/ada/plans/q3.whiteboard' });
    expect(actionFromArgv(['Whiteboard.exe', 'plans\\q3.whiteboard'], 'C:\\Users\\Ada', 'win32')).toEqual({ kind: LaunchActionKind.OpenFile, path: 'C:\\Users\\Ada\\plans\\q3.whiteboard' });
  });

  // Linux file managers start the app through the desktop entry's %U, which passes file: URLs.
  it('turns a file: URL into the absolute path it names on Linux', () => {
    expect(actionFromArgv(['/opt/Whiteboard/whiteboard', 'file:///home/ada/My%20Boards/Q3%20plan.whiteboard'], cwd, 'linux')).toEqual({
      kind: LaunchActionKind.OpenFile,
      path: '/home/ada/My Boards/Q3 plan.whiteboard',
    });
    expect(actionFromArgv(['app', 'FILE://localhost/tmp/a.whiteboard'], cwd, 'linux')).toEqual({ kind: LaunchActionKind.OpenFile, path: '/tmp/a.whiteboard' });
  });

  it('turns a file: URL into the absolute path it names on Windows, drive letters and shares alike', () => {
    expect(actionFromArgv(['Whiteboard.exe', 'file:///C:/Users/Ada/My%20Boards/plan.whiteboard'], 'C:\\Windows', 'win32')).toEqual({
      kind: LaunchActionKind.OpenFile,
      path: 'C:\\Users\\Ada\\My Boards\\plan.whiteboard',
    });
    expect(actionFromArgv(['Whiteboard.exe', 'file://fileserver/team/plan.whiteboard'], 'C:\\Windows', 'win32')).toEqual({
      kind: LaunchActionKind.OpenFile,
      path: '\\\\fileserver\\team\\plan.whiteboard',
    });
  });

  it('ignores file: URLs that name no board or no local file', () => {
    expect(actionFromArgv(['app', 'file:///home/ada/notes.txt'], cwd, 'linux').kind).toBe(LaunchActionKind.None);
    expect(actionFromArgv(['app', 'file://fileserver/team/plan.whiteboard'], cwd, 'linux').kind).toBe(LaunchActionKind.None);
    expect(actionFromArgv(['app', 'file:///home/ada/a%2F..%2Fb.whiteboard'], cwd, 'linux').kind).toBe(LaunchActionKind.None);
  });

  it('ignores the executable, switches and anything else', () => {
    expect(actionFromArgv(['whiteboard://join?x', '.', '--inspect=9229', '--whiteboard://join'], cwd)).toEqual({ kind: LaunchActionKind.None });
    expect(actionFromArgv([], cwd)).toEqual({ kind: LaunchActionKind.None });
  });

  it('takes the last request when there are several', () => {
    expect(actionFromArgv(['app', 'old.whiteboard', LINK], cwd).kind).toBe(LaunchActionKind.OpenInvite);
    expect(actionFromArgv(['app', LINK, 'new.whiteboard'], cwd).kind).toBe(LaunchActionKind.OpenFile);
  });
});

describe('describeLinkForDialog', () => {
  it('never shows the token', () => {
    expect(describeLinkForDialog(LINK)).not.toContain(T);
    expect(describeLinkForDialog(LINK)).toMatch(/#…$/);
  });

  it('bounds the length', () => {
    expect(describeLinkForDialog(`whiteboard://${'a'.repeat(5000)}`).length).toBeLessThanOrEqual(201);
  });
});
