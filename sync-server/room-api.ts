/**
 * The room API, JSON over HTTP:
 *   POST /api/rooms                  create a room; needs the creation key if the server has one
 *   POST /api/rooms/<room>/invites   links for a room; an editor gets both, a viewer the viewer link
 *   POST /api/rooms/<room>/revoke    an editor revokes every link of the room and gets new ones
 * Requests authenticate with `Authorization: Bearer <invite token>`; a JSON body `{"expiresInSeconds": n}` makes the
 * links expire. Links use the public URL if configured, else the request's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { AddressLimiter } from './address-limiter';
import { HttpError, decodeSegment, readBody, sendJson, type RequestTarget } from './http-guard';
import { formatDesktopInvite, formatWebInvite } from '../protocol/invite-link';
import { Role } from '../protocol/role';
import type { RoomLinksResponse } from '../protocol/room-api';
import { isValidRoomId, newRoomId } from '../protocol/room-id';
import type { RoomAccess } from './auth/access';
import type { TrustedProxies } from './trusted-proxy';

export interface RoomApiContext {
  access: RoomAccess;
  publicUrl: string | null;
  log: Logger;
  onRevoked: (room: string, generation: number) => void;
  proxies: TrustedProxies;
  /** Limits room creation per client address; null: unlimited (the server has a creation key). */
  createLimiter: AddressLimiter | null;
  bodyTimeoutMs: number;
  /** Why new rooms cannot be stored now (the data limit); null: they can. */
  storageFull: () => string | null;
}

const MAX_BODY_BYTES = 4 * 1024;
const MIN_EXPIRY_SECONDS = 60;
const MAX_EXPIRY_SECONDS = 366 * 24 * 3600;
const HOST_PATTERN = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

async function readExpiry(req: IncomingMessage, nowSeconds: number, timeoutMs: number): Promise<number | null> {
  const text = (await readBody(req, MAX_BODY_BYTES, timeoutMs)).toString('utf8').trim();
  if (text === '') return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the request body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'the request body must be a JSON object');
  const seconds = (body as { expiresInSeconds?: unknown }).expiresInSeconds;
  if (seconds === undefined || seconds === null) return null;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < MIN_EXPIRY_SECONDS || seconds > MAX_EXPIRY_SECONDS) {
    throw new HttpError(400, `expiresInSeconds must be a whole number from ${MIN_EXPIRY_SECONDS} to ${MAX_EXPIRY_SECONDS}`);
  }
  return nowSeconds + seconds;
}

/** Where clients reach us: the public URL, else the scheme and host of the request (as a trusted proxy forwarded them). */
function webOrigin(req: IncomingMessage, publicUrl: string | null, proxies: TrustedProxies): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const { proto, host = '' } = proxies.resolve(req);
  if (!HOST_PATTERN.test(host)) throw new HttpError(400, 'the request has no usable Host header');
  return `${proto}://${host}`;
}

/** Handles /api/...: null for other paths, else a promise that rejects with what the guard answers. */
export function createRoomApi(ctx: RoomApiContext): (req: IncomingMessage, res: ServerResponse, target: RequestTarget) => Promise<void> | null {
  const sendLinks = async (res: ServerResponse, status: number, origin: string, room: string, role: Role, expiresAt: number | null): Promise<void> => {
    const link = async (linkRole: Role): Promise<{ web: string; desktop: string }> => {
      const token = await ctx.access.issue(room, linkRole, expiresAt);
      return { web: formatWebInvite(origin, room, token), desktop: formatDesktopInvite(origin.replace(/^http/, 'ws'), room, token) };
    };
    const editor = role === Role.Editor ? { editor: await link(Role.Editor) } : {};
    const body: RoomLinksResponse = { room, role, links: { ...editor, viewer: await link(Role.Viewer) } };
    sendJson(res, status, body);
  };

  const create = async (req: IncomingMessage, res: ServerResponse, origin: string, nowSeconds: number): Promise<void> => {
    if (!ctx.access.mayCreateRooms(req.headers.authorization)) {
      throw new HttpError(401, 'this server needs its creation key to create rooms', { 'www-authenticate': 'Bearer realm="whiteboard"' });
    }
    const full = ctx.storageFull();
    if (full) throw new HttpError(507, full);
    const limiter = ctx.createLimiter;
    const address = ctx.proxies.resolve(req).address;
    if (limiter && !limiter.take(address)) {
      const wait = limiter.retryAfterSeconds(address);
      ctx.log.info({ remote: address }, 'room creation refused: over the per-address rate');
      throw new HttpError(429, `too many new boards from this address; try again in ${wait} s`, { 'retry-after': String(wait) });
    }
    const expiresAt = await readExpiry(req, nowSeconds, ctx.bodyTimeoutMs);
    const room = newRoomId();
    await sendLinks(res, 201, origin, room, Role.Editor, expiresAt);
    ctx.log.info({ room }, 'room created');
  };

  const respond = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    if (req.method !== 'POST') throw new HttpError(405, 'use POST', { allow: 'POST' });
    const origin = webOrigin(req, ctx.publicUrl, ctx.proxies);
    const nowSeconds = Math.floor(Date.now() / 1000);
    if (path === '/api/rooms') return create(req, res, origin, nowSeconds);
    const match = /^\/api\/rooms\/([^/]+)\/(invites|revoke)$/.exec(path);
    if (!match) throw new HttpError(404, 'no such API');
    const room = decodeSegment(match[1] as string);
    if (room === null || !isValidRoomId(room)) throw new HttpError(400, 'invalid room id');
    const check = await ctx.access.roleOf(room, req.headers.authorization);
    if (!check.ok) throw new HttpError(check.status, check.reason);
    const { role, expiresAt: callerExpiry } = check.claims;
    // A link never outlives the one it was asked for with, or an expiring invite could be traded for a permanent one.
    const requested = await readExpiry(req, nowSeconds, ctx.bodyTimeoutMs);
    const expiresAt = callerExpiry === null ? requested : Math.min(requested ?? callerExpiry, callerExpiry);
    if (match[2] === 'revoke') {
      if (role !== Role.Editor) throw new HttpError(403, 'only editors can revoke links');
      const generation = await ctx.access.revoke(room);
      ctx.onRevoked(room, generation);
      ctx.log.info({ room, generation }, 'invite links revoked');
    }
    await sendLinks(res, 200, origin, room, role, expiresAt);
  };

  return (req, res, { pathname }) => (pathname.startsWith('/api/') ? respond(req, res, pathname) : null);
}
