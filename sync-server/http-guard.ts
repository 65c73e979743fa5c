/**
 * Every HTTP request and upgrade runs through here, so that nothing a client sends can stop the server. The target is
 * parsed once, without throwing (`parseTarget`), and the handler runs inside one guard: whatever it throws or rejects
 * with answers that request alone, a 4xx for a client's mistake (`HttpError`), otherwise a 500 carrying an error id that
 * the log line carries too. A request whose answer has already begun, or whose client left mid-body, is cut off instead.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { orNull } from './or-null';

/** A request the server refuses, with the status and a message meant for the client. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra response headers (`allow`, `www-authenticate`, `retry-after`). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** The client went away while sending its body: nothing to answer, nothing wrong here. */
export class BodyAborted extends Error {}

export interface RequestTarget {
  /** Still percent-encoded: decode segments with `decodeSegment`. */
  readonly pathname: string;
  readonly query: URLSearchParams;
}

/**
 * The target of `GET /r/x?token=… HTTP/1.1`, or null if we cannot serve it. Node hands over whatever the request line
 * held: origin-form (`/path`), absolute-form (`http://host/path`, which HTTP/1.1 servers must accept), authority-form
 * (`host:443`, for CONNECT) or `*` (for OPTIONS), with any bytes the parser let through.
 */
export function parseTarget(raw: string | undefined): RequestTarget | null {
  if (raw === undefined || raw === '') return null;
  if (raw.startsWith('/')) {
    // Split by hand: URL would read `//host/x` as a host, and normalize `..`.
    const queryAt = raw.indexOf('?');
    return {
      pathname: queryAt === -1 ? raw : raw.slice(0, queryAt),
      query: new URLSearchParams(queryAt === -1 ? '' : raw.slice(queryAt + 1)),
    };
  }
  const url = /^https?:\/\//i.test(raw) ? orNull(() => new URL(raw)) : null;
  return url && { pathname: url.pathname, query: url.searchParams };
}

/** One percent-encoded path segment decoded, or null when its encoding is malformed (`%ff`). */
export function decodeSegment(segment: string): string | null {
  return orNull(() => decodeURIComponent(segment));
}

export function sendText(res: http.ServerResponse, status: number, text: string, headers: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers }).end(text);
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers }).end(JSON.stringify(body));
}

export type GuardedHandler = (req: http.IncomingMessage, res: http.ServerResponse, target: RequestTarget) => void | Promise<void>;

/** `error` as the answer to `req`: itself if it is the client's, else a 500 whose error id the log line carries. */
function answerFor(error: unknown, req: http.IncomingMessage, log: Logger, what: string): HttpError {
  if (error instanceof HttpError) return error;
  const id = randomBytes(6).toString('hex');
  log.error({ err: error, errorId: id, method: req.method, url: safeUrl(req) }, what);
  return new HttpError(500, `internal error (error id ${id})`);
}

const API_PREFLIGHT_HEADERS = { 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'authorization, content-type', 'access-control-max-age': '600' };

/** Wraps a request handler: malformed targets get a 400 before it runs, and nothing it throws escapes. */
export function guardRequests(handler: GuardedHandler, log: Logger): http.RequestListener {
  return (req, res) => {
    const target = parseTarget(req.url);
    if (!target) return sendText(res, 400, 'malformed request target\n');
    // The APIs (/api/...) answer everything in JSON, errors too, and any origin may call them: they take bearer tokens,
    // never cookies (the desktop app, app://whiteboard, creates rooms on other servers).
    const isApi = target.pathname.startsWith('/api/');
    if (isApi) res.setHeader('access-control-allow-origin', '*');
    if (isApi && req.method === 'OPTIONS') return void res.writeHead(204, API_PREFLIGHT_HEADERS).end();
    const fail = (error: unknown): void => {
      if (error instanceof BodyAborted) {
        log.info({ reason: error.message, url: safeUrl(req) }, 'a request ended before its body did');
        return void res.destroy();
      }
      const answer = res.headersSent ? null : answerFor(error, req, log, 'a request failed');
      if (answer && isApi) return sendJson(res, answer.status, { error: answer.message }, answer.headers);
      if (answer) return sendText(res, answer.status, `${answer.message}\n`, answer.headers);
      // Half an answer is out: the only honest ending is to cut the connection.
      log.warn({ err: error instanceof Error ? error.message : String(error), url: safeUrl(req) }, 'a request failed after its answer had begun');
      res.destroy();
    };
    new Promise<void>((resolve) => resolve(handler(req, res, target))).catch(fail); // runs it now, catching what it throws
  };
}

/** The request body, whole, within a size and a time limit: a body trickled a byte at a time would hold its socket. */
export function readBody(req: http.IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: Error | null): void => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) finish(new HttpError(413, 'request body too large', { connection: 'close' }));
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish(null);
    const onAborted = (): void => finish(new BodyAborted('the client closed the connection while sending its body'));
    const onError = (error: Error): void => finish(req.destroyed ? new BodyAborted(error.message) : error);
    const timer = setTimeout(() => finish(new HttpError(408, `the request body did not arrive within ${timeoutMs / 1000} s`, { connection: 'close' })), timeoutMs);
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  });
}

/** Answers an upgrade request on its raw socket (there is no response object yet) and closes it. */
export function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const reason = http.STATUS_CODES[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${message}\n`);
  socket.destroy();
}

export type GuardedUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer, target: RequestTarget) => Promise<void>;

/** The same guard for WebSocket upgrades: every failure answers on the socket and closes it. */
export function guardUpgrades(handler: GuardedUpgrade, log: Logger): (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    const target = parseTarget(req.url);
    if (!target) return rejectUpgrade(socket, 400, 'malformed request target');
    const fail = (error: unknown): void => {
      const answer = answerFor(error, req, log, 'admitting a connection failed');
      rejectUpgrade(socket, answer.status, answer.message);
    };
    new Promise<void>((resolve) => resolve(handler(req, socket, head, target))).catch(fail);
  };
}

/** The request's path for a log line: never its query, which may carry a token. */
function safeUrl(req: http.IncomingMessage): string {
  return (req.url ?? '').split('?', 1)[0]?.slice(0, 200) ?? '';
}
