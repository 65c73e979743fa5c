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

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface RouteContext {
  /** Directory of the built renderer, or null when there is none. */
  staticDir: string | null;
  health: () => Record<string, unknown>;
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
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

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendText(res, 405, 'method not allowed\n');
      return;
    }
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ status: 'ok', ...ctx.health() }));
      return;
    }
    if (url.pathname === '/') {
      sendIndex(res);
      return;
    }
    const roomMatch = /^\/r\/([^/]+)\/?$/.exec(url.pathname);
    if (roomMatch) {
      if (isValidRoomId(decodeURIComponent(roomMatch[1] as string))) sendIndex(res);
      else sendText(res, 400, 'invalid room id: use letters, digits, - and _ (at most 64)\n');
      return;
    }
    if (assets && url.pathname !== '/index.html') {
      assets(req, res, () => sendText(res, 404, 'not found\n'));
      return;
    }
    sendText(res, 404, 'not found\n');
  };
}
