/**
 * The room API, JSON over HTTP:
 *
 *   POST /api/rooms                  create a room; needs the creation key if the server has one
 *   POST /api/rooms/<room>/invites   links for a room; an editor gets both, a viewer the viewer link
 *   POST /api/rooms/<room>/revoke    an editor revokes every link of the room and gets new ones
 *
 * Room and invite requests authenticate with `Authorization: Bearer <invite token>`. An optional
 * JSON body `{"expiresInSeconds": n}` makes the issued links expire. Links use the server's
 * public URL when one is configured, otherwise the address the request was made to.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { formatDesktopInvite, formatWebInvite } from '../protocol/invite-link';
import { Role } from '../protocol/role';
import type { InviteLinks, RoomLinksResponse } from '../protocol/room-api';
import { isValidRoomId, newRoomId } from '../protocol/room-id';
import type { RoomAccess } from './auth/access';
import { NO_TRUSTED_PROXIES, type TrustedProxies } from './trusted-proxy';

export interface RoomApiContext {
  access: RoomAccess;
  /** Public base URL (https://boards.example.org) to put in links; null: the request's host. */
  publicUrl: string | null;
  log: Logger;
  /** Called after a room's links were revoked, with the new generation. */
  onRevoked: (room: string, generation: number) => void;
  /** Proxies whose X-Forwarded-Proto/-Host say how clients reached us; absent: none. */
  proxies?: TrustedProxies;
}

const MAX_BODY_BYTES = 4 * 1024;
const MIN_EXPIRY_SECONDS = 60;
const MAX_EXPIRY_SECONDS = 366 * 24 * 3600;
const HOST_PATTERN = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readExpiry(req: IncomingMessage, nowSeconds: number): Promise<number | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'request body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'the request body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'the request body must be a JSON object');
  const seconds = (body as { expiresInSeconds?: unknown }).expiresInSeconds;
  if (seconds === undefined || seconds === null) return null;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < MIN_EXPIRY_SECONDS || seconds > MAX_EXPIRY_SECONDS) {
    throw new ApiError(400, `expiresInSeconds must be a whole number from ${MIN_EXPIRY_SECONDS} to ${MAX_EXPIRY_SECONDS}`);
  }
  return nowSeconds + seconds;
}

/** Where clients reach us: the public URL, else the scheme and host of the request (as a trusted proxy forwarded them). */
function webOrigin(req: IncomingMessage, publicUrl: string | null, proxies: TrustedProxies): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const { proto, host = '' } = proxies.resolve(req);
  if (!HOST_PATTERN.test(host)) throw new ApiError(400, 'the request has no usable Host header');
  return `${proto}://${host}`;
}

/** Handles /api/... requests; returns false for any other path. */
export function createRoomApi(ctx: RoomApiContext): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { access } = ctx;

  const links = async (origin: string, room: string, role: Role, expiresAt: number | null): Promise<InviteLinks> => {
    const token = await access.issue(room, role, expiresAt);
    const ws = origin.replace(/^http/, 'ws');
    return { web: formatWebInvite(origin, room, token), desktop: formatDesktopInvite(ws, room, token) };
  };

  const respond = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      throw new ApiError(405, 'use POST');
    }
    const origin = webOrigin(req, ctx.publicUrl, ctx.proxies ?? NO_TRUSTED_PROXIES);
    const nowSeconds = Math.floor(Date.now() / 1000);

    if (path === '/api/rooms') {
      if (!access.mayCreateRooms(req.headers.authorization)) {
        res.setHeader('www-authenticate', 'Bearer realm="whiteboard"');
        throw new ApiError(401, 'this server needs its creation key to create rooms');
      }
      const expiresAt = await readExpiry(req, nowSeconds);
      const room = newRoomId();
      const body: RoomLinksResponse = {
        room,
        role: Role.Editor,
        links: { editor: await links(origin, room, Role.Editor, expiresAt), viewer: await links(origin, room, Role.Viewer, expiresAt) },
      };
      ctx.log.info({ room }, 'room created');
      sendJson(res, 201, body);
      return;
    }

    const match = /^\/api\/rooms\/([^/]+)\/(invites|revoke)$/.exec(path);
    if (!match) throw new ApiError(404, 'no such API');
    const room = match[1] as string;
    if (!isValidRoomId(room)) throw new ApiError(400, 'invalid room id');
    const check = await access.roleOf(room, req.headers.authorization);
    if (!check.ok) throw new ApiError(check.status, check.reason);
    const role = check.claims.role;
    // A link never outlives the one it was asked for with: otherwise an expiring invite could
    // be traded for a permanent one.
    const requested = await readExpiry(req, nowSeconds);
    const callerExpiry = check.claims.expiresAt;
    const expiresAt = callerExpiry === null ? requested : Math.min(requested ?? callerExpiry, callerExpiry);

    if (match[2] === 'revoke') {
      if (role !== Role.Editor) throw new ApiError(403, 'only editors can revoke links');
      const generation = await access.revoke(room);
      ctx.onRevoked(room, generation);
      ctx.log.info({ room, generation }, 'invite links revoked');
    }
    const body: RoomLinksResponse = {
      room,
      role,
      links: {
        ...(role === Role.Editor ? { editor: await links(origin, room, Role.Editor, expiresAt) } : {}),
        viewer: await links(origin, room, Role.Viewer, expiresAt),
      },
    };
    sendJson(res, 200, body);
  };

  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith('/api/')) return false;
    // Requests authenticate with bearer tokens, never cookies, so any origin may call the API:
    // the desktop app (app://whiteboard) creates rooms on a server it does not share an origin with.
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'authorization, content-type',
        'access-control-max-age': '600',
      });
      res.end();
      return true;
    }
    respond(req, res, path).catch((error: unknown) => {
      if (error instanceof ApiError) {
        sendJson(res, error.status, { error: error.message });
        return;
      }
      ctx.log.error({ err: error }, 'room API request failed');
      sendJson(res, 500, { error: 'internal error' });
    });
    return true;
  };
}
