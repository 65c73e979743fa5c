/**
 * Plain HTTP: the health check (503 unless its status is ok: a cluster's Redis or PostgreSQL is away), Prometheus
 * metrics and the web client. `/` and `/r/<room>` serve the renderer's index.html (the client reads the room from its
 * URL); assets are served with long cache lifetimes, their names carrying a content hash.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import sirv from 'sirv';
import type { Registry } from 'prom-client';
import { isValidRoomId } from '../protocol/room-id';
import { decodeSegment, sendJson, sendText, type GuardedHandler } from './http-guard';

export function createRequestHandler(ctx: { staticDir: string | null; health: () => Record<string, unknown>; metrics: Registry }): GuardedHandler {
  const indexPath = ctx.staticDir ? path.join(ctx.staticDir, 'index.html') : null;
  const hasClient = indexPath !== null && fs.existsSync(indexPath);
  const assets = hasClient && ctx.staticDir ? sirv(ctx.staticDir, { dev: false, etag: true, immutable: true, dotfiles: false }) : null;

  const sendIndex = (res: ServerResponse): void => {
    if (!hasClient || !indexPath) return sendText(res, 503, 'The web client is not built. Run `npm run build:renderer`, then reload.\n');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    fs.createReadStream(indexPath).pipe(res);
  };

  return (req, res, target) => {
    const pathname = target.pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed\n', { allow: 'GET, HEAD' });
    const health = pathname === '/healthz' ? { status: 'ok', ...ctx.health() } : null;
    if (health) return sendJson(res, health.status === 'ok' ? 200 : 503, health);
    if (pathname === '/metrics') return serveMetrics(res, ctx.metrics);
    if (pathname === '/') return sendIndex(res);
    const roomMatch = /^\/r\/([^/]+)\/?$/.exec(pathname);
    if (roomMatch) {
      const room = decodeSegment(roomMatch[1] as string);
      if (room !== null && isValidRoomId(room)) sendIndex(res);
      else sendText(res, 400, 'invalid room id: use letters, digits, - and _ (at most 64)\n');
      return;
    }
    // A byte range that ends before it starts would make the file stream throw.
    if (req.headers.range !== undefined && !isSatisfiableRangeHeader(req.headers.range)) return sendText(res, 416, 'malformed or unsatisfiable range\n');
    if (assets && pathname !== '/index.html') return assets(req, res, () => sendText(res, 404, 'not found\n'));
    sendText(res, 404, 'not found\n');
  };
}

async function serveMetrics(res: ServerResponse, registry: Registry): Promise<void> {
  const body = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(body); // none for HEAD (Node)
}

/** Whether sirv can serve a Range header: one `bytes=start-end` with start <= end (fs.createReadStream throws otherwise). */
function isSatisfiableRangeHeader(range: string): boolean {
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!match) return false;
  const [, start, end] = match;
  return start === '' || end === '' || Number(start) <= Number(end);
}
