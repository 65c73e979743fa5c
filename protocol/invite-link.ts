/**
 * Invite links, in the two forms people send each other, and the one strict parser every side
 * uses (the web client, the desktop app's deep-link handler, the server when it prints links):
 *
 *   https://HOST[:PORT]/r/<room>#t=<token>           opens in any browser (the sync server
 *                                                    serves the web client there)
 *   whiteboard://join?server=<wss-url>&room=<room>#t=<token>   opens the desktop app
 *
 * The token travels in the fragment, which browsers never send to the server, so it stays out
 * of access logs and Referer headers. The parser follows nothing it does not fully understand:
 * other schemes, credentials in the host, unexpected paths or parameters, malformed room ids
 * and oversized tokens are refused with a message a person can act on.
 */
import { MAX_INVITE_LINK_LENGTH } from './limits';
import { isTokenShaped } from './invite-token';
import { isValidRoomId } from './room-id';

export const DESKTOP_SCHEME = 'whiteboard';

export interface Invite {
  /** WebSocket origin of the sync server: ws(s)://host[:port]. */
  serverUrl: string;
  room: string;
  token: string;
}

export type InviteParseResult = { ok: true; invite: Invite } | { ok: false; error: string };

/** An http(s) or ws(s) origin: scheme, host (name, IPv4 or [IPv6]) and optional port. */
const ORIGIN_PATTERN = /^(https?|wss?):\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;
const HOSTNAME_PATTERN = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

interface Origin {
  secure: boolean;
  web: boolean;
  host: string;
  port: string | null;
}

function parseOrigin(text: string): Origin | string {
  if (text.includes('@')) return 'Links with a user name or password in them are not accepted.';
  const match = ORIGIN_PATTERN.exec(text.replace(/^[A-Za-z]+/, (scheme) => scheme.toLowerCase()));
  if (!match) return 'The server address is not a valid http(s) or ws(s) address.';
  const [, scheme, host, port] = match as unknown as [string, string, string, string | undefined];
  if (!host.startsWith('[') && !HOSTNAME_PATTERN.test(host)) return `"${host}" is not a valid host name.`;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return `Port ${port} is out of range.`;
  return { secure: scheme === 'https' || scheme === 'wss', web: scheme.startsWith('http'), host: host.toLowerCase(), port: port ?? null };
}

function wsOrigin(origin: Origin): string {
  return `${origin.secure ? 'wss' : 'ws'}://${origin.host}${origin.port ? `:${origin.port}` : ''}`;
}

function parseFragmentToken(fragment: string | undefined): string | { error: string } {
  if (fragment === undefined || !fragment.startsWith('t=')) return { error: 'The link has no access token (the part after #t=). Ask for a new link.' };
  const token = fragment.slice(2);
  if (!isTokenShaped(token)) return { error: 'The link\u2019s access token is malformed or too long. Ask for a new link.' };
  return token;
}

function checkRoom(room: string): string | null {
  return isValidRoomId(room) ? null : 'The link names a room id that is not valid.';
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

export function parseInviteLink(input: string): InviteParseResult {
  const text = input.trim();
  if (text.length === 0) return { ok: false, error: 'Paste an invite link.' };
  if (text.length > MAX_INVITE_LINK_LENGTH) return { ok: false, error: 'That link is too long to be an invite link.' };
  if (/[\s<>"'`\\]/.test(text)) return { ok: false, error: 'That link contains characters an invite link never has.' };
  const hashAt = text.indexOf('#');
  const beforeFragment = hashAt === -1 ? text : text.slice(0, hashAt);
  const fragment = hashAt === -1 ? undefined : text.slice(hashAt + 1);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(beforeFragment)?.[1]?.toLowerCase();

  if (scheme === 'http' || scheme === 'https') {
    const match = /^(https?:\/\/[^/?]+)\/r\/([^/?]+)\/?$/i.exec(beforeFragment);
    if (!match) return { ok: false, error: 'This is not a Whiteboard invite link (expected …/r/<room>#t=<token>).' };
    const origin = parseOrigin(match[1] as string);
    if (typeof origin === 'string') return { ok: false, error: origin };
    const room = decode(match[2] as string);
    const roomError = room === null ? 'The link names a room id that is not valid.' : checkRoom(room);
    if (roomError || room === null) return { ok: false, error: roomError ?? 'The link names a room id that is not valid.' };
    const token = parseFragmentToken(fragment);
    if (typeof token !== 'string') return { ok: false, error: token.error };
    return { ok: true, invite: { serverUrl: wsOrigin(origin), room, token } };
  }

  if (scheme === DESKTOP_SCHEME) {
    const match = /^whiteboard:\/\/join\/?\?([^?]*)$/i.exec(beforeFragment);
    if (!match) return { ok: false, error: 'This whiteboard:// link is not an invite (expected whiteboard://join?server=…&room=…).' };
    const params = new Map<string, string>();
    for (const pair of (match[1] as string).split('&')) {
      const eq = pair.indexOf('=');
      const key = eq === -1 ? pair : pair.slice(0, eq);
      const value = decode(eq === -1 ? '' : pair.slice(eq + 1));
      if ((key !== 'server' && key !== 'room') || params.has(key) || value === null) {
        return { ok: false, error: `The invite link has an unexpected or repeated part "${key}".` };
      }
      params.set(key, value);
    }
    const server = params.get('server');
    const room = params.get('room');
    if (server === undefined || room === undefined) return { ok: false, error: 'The invite link must name both a server and a room.' };
    const origin = parseOrigin(server.replace(/\/$/, ''));
    if (typeof origin === 'string') return { ok: false, error: origin };
    if (origin.web) return { ok: false, error: 'The server in a whiteboard:// link must be a ws:// or wss:// address.' };
    const roomError = checkRoom(room);
    if (roomError) return { ok: false, error: roomError };
    const token = parseFragmentToken(fragment);
    if (typeof token !== 'string') return { ok: false, error: token.error };
    return { ok: true, invite: { serverUrl: wsOrigin(origin), room, token } };
  }

  return { ok: false, error: scheme ? `Links starting with ${scheme}: are not invite links.` : 'That is not a link.' };
}

/** The https (or http) form: `<webOrigin>/r/<room>#t=<token>`. */
export function formatWebInvite(webOrigin: string, room: string, token: string): string {
  return `${webOrigin.replace(/\/+$/, '')}/r/${encodeURIComponent(room)}#t=${token}`;
}

/** The desktop form: `whiteboard://join?server=<ws-origin>&room=<room>#t=<token>`. */
export function formatDesktopInvite(serverUrl: string, room: string, token: string): string {
  return `${DESKTOP_SCHEME}://join?server=${encodeURIComponent(serverUrl)}&room=${encodeURIComponent(room)}#t=${token}`;
}
