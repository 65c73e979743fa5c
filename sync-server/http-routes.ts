/**
 * Plain HTTP: the health check and the web client. `/` and `/r/<room>` serve the renderer's
 * index.html (the client reads the room from its own URL); its assets are served with long
 * cache lifetimes since their names carry a content hash.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import { isValidRoomId } from '../protocol/room-id';
import { decodeSegment, sendText, type RequestTarget } from './http-guard';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, target: RequestTarget) => void;

export interface RouteContext {
  /** Directory of the built renderer, or null when there is none. */
  staticDir: string | null;
  health: () => Record<string, unknown>;
}

export function createRequestHandler(ctx: RouteContext): RequestHandler {
  const indexPath = ctx.staticDir ? path.join(ctx.staticDir, 'index.html') : null;
  const hasClient = indexPath !== null && fs.existsSync(indexPath);
  const assets = hasClient && ctx.staticDir
    ? sirv(ctx.staticDir, { dev: false, etag: true, immutable: true, dotfiles: false })
    : null;

  const sendIndex = (res: ServerResponse): void => {
    if (!hasClient || !indexPath) {
      sendText(res, 503, 'The web client is not built. Run `npm run build:renderer`, then reload.\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    fs.createReadStream(indexPath).pipe(res);
  };

  return (req, res, target) => {
    const pathname = target.pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'method not allowed\n', { allow: 'GET, HEAD' });
      return;
    }
    if (pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ status: 'ok', ...ctx.health() }));
      return;
    }
    if (pathname === '/') {
      sendIndex(res);
      return;
    }
    const roomMatch = /^\/r\/([^/]+)\/?$/.exec(pathname);
    if (roomMatch) {
      const room = decodeSegment(roomMatch[1] as string);
      if (room !== null && isValidRoomId(room)) sendIndex(res);
      else sendText(res, 400, 'invalid room id: use letters, digits, - and _ (at most 64)\n');
      return;
    }
    // A byte range that ends before it starts would make the file stream throw.
    if (req.headers.range !== undefined && !isSatisfiableRangeHeader(req.headers.range)) {
      sendText(res, 416, 'malformed or unsatisfiable range\n');
      return;
    }
    if (assets && pathname !== '/index.html') {
      assets(req, res, () => sendText(res, 404, 'not found\n'));
      return;
    }
    sendText(res, 404, 'not found\n');
  };
}

/**
 * Whether a Range header is one sirv can serve: a single `bytes=start-end` with start <= end.
 * sirv hands start and end to fs.createReadStream, which throws when start > end.
 */
function isSatisfiableRangeHeader(range: string): boolean {
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!match) return false;
  const [, start, end] = match;
  return start === '' || end === '' || Number(start) <= Number(end);
}
