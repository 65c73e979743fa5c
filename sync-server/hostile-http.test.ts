/**
 * Malformed HTTP, as a hostile client sends it: every request gets an answer for itself alone,
 * and the server, and every room on it, goes on. (One `GET /r/%ff` used to stop the process.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from './testing/cleanups';
import { connectClient, eventually, startTestServer, synced, tokenFor } from './testing/harness';
import { rawRequest, type RawAnswer } from './testing/raw-http';

const { cleanups, track } = closeAfterEach();

/** A built client to serve: index.html and one hashed asset, so sirv's routes are exercised. */
function staticDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-hostile-static-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>board</title>');
  fs.writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log("board");'.repeat(20));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const ROUTES = ['/', '/r/room-1', '/healthz', '/metrics', '/api/rooms', '/api/rooms/room-1/invites', '/api/rooms/room-1/revoke', '/assets/app-abc123.js', '/room-1'];

/** Ways to break a route's request target. */
const TARGETS: ReadonlyArray<(route: string) => string> = [
  (route) => `${route}%ff`,
  (route) => `${route.replace('room-1', '%ff')}`,
  (route) => `${route.replace('room-1', '%E0%A4%A')}/%`,
  (route) => `${route}/%zz%`,
  (route) => `${route}?token=%ff&acks=%%&x=%E0%A4%A`,
  (route) => `http://evil.example${route}`,
  (route) => `http://[::1${route}`,
  (route) => `http://a:99999${route}%ff`,
  (route) => `//evil.example${route}`,
  (route) => `${route}/../../../etc/passwd`,
  () => 'example.com:443',
  () => '*',
];

const UPGRADE = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n';

function request(method: string, target: string, headers: string, upgrade: boolean, body = ''): string {
  const connection = upgrade ? UPGRADE : 'Connection: close\r\n';
  return `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${connection}${headers}\r\n${body}`;
}

interface Case {
  name: string;
  bytes: string;
  /** The status this request must get, when one is certain. */
  expect?: number;
}

function malformedCases(): Case[] {
  const cases: Case[] = [];
  for (const route of ROUTES) {
    for (const [i, target] of TARGETS.entries()) {
      for (const upgrade of [false, true]) {
        const method = route.startsWith('/api/') && !upgrade ? 'POST' : 'GET';
        cases.push({ name: `${method} target #${i} on ${route}${upgrade ? ' (upgrade)' : ''}`, bytes: request(method, target(route), '', upgrade) });
      }
    }
    for (const method of ['PUT', 'DELETE', 'PATCH', 'FOO', 'get', 'G ET', 'CONNECT', 'PROPFIND', 'TRACE']) {
      cases.push({ name: `${method} on ${route}`, bytes: request(method, route, '', false) });
    }
  }
  const headerCases: Array<[string, string]> = [
    ['no Host', ''],
    ['bad Host', 'Host: [::1\r\n'],
    ['control byte in a header', 'Authorization: Bearer \x01\x02\r\n'],
    ['a very long bearer token', `Authorization: Bearer ${'x'.repeat(3000)}\r\n`],
    ['garbage X-Forwarded-For', 'X-Forwarded-For: ,,,garbage,::ffff:,\r\nX-Forwarded-Proto: gopher\r\nX-Forwarded-Host: [\r\n'],
    ['non-numeric Content-Length', 'Content-Length: abc\r\n'],
    ['Content-Length with Transfer-Encoding', 'Content-Length: 5\r\nTransfer-Encoding: chunked\r\n'],
    ['a header line without a colon', 'this is not a header\r\n'],
    ['a space in a header name', 'Bad Header: x\r\n'],
    ['a 20 KB header', `X-Big: ${'y'.repeat(20_000)}\r\n`],
    ['Origin: null', 'Origin: null\r\n'],
    ['a reversed byte range', 'Range: bytes=9-1\r\n'],
    ['a multi-range', 'Range: bytes=0-1,3-4\r\n'],
    ['bad Expect', 'Expect: 999-nonsense\r\n'],
    ['bad WebSocket version', 'Sec-WebSocket-Version: 99\r\n'],
    ['non-ASCII in a header value', 'X-Name: \xff\xfe\xc3\x28\r\n'],
  ];
  for (const route of ['/assets/app-abc123.js', '/api/rooms', '/room-1', '/r/room-1']) {
    for (const [name, header] of headerCases) {
      for (const upgrade of [false, true]) {
        const bytes = name === 'no Host'
          ? `GET ${route} HTTP/1.1\r\n${upgrade ? UPGRADE : 'Connection: close\r\n'}\r\n`
          : request(route === '/api/rooms' && !upgrade ? 'POST' : 'GET', route, header, upgrade);
        cases.push({ name: `${name} on ${route}${upgrade ? ' (upgrade)' : ''}`, bytes });
      }
    }
  }
  // Requests whose answer is certain.
  cases.push(
    { name: 'GET /r/%ff', bytes: request('GET', '/r/%ff', '', false), expect: 400 },
    { name: 'GET /r/%ff (upgrade)', bytes: request('GET', '/%ff', '', true), expect: 400 },
    { name: 'POST /api/rooms/%ff/invites', bytes: request('POST', '/api/rooms/%ff/invites', '', false), expect: 400 },
    { name: 'authority-form', bytes: request('GET', 'example.com:443', '', false), expect: 400 },
    { name: 'unsatisfiable range', bytes: request('GET', '/assets/app-abc123.js', 'Range: bytes=9-1\r\n', false), expect: 416 },
    { name: 'oversized header', bytes: request('GET', '/', `X-Big: ${'y'.repeat(20_000)}\r\n`, false), expect: 431 },
    { name: 'unknown method', bytes: request('FOO', '/', '', false), expect: 400 },
    { name: 'bad token on upgrade', bytes: request('GET', '/room-1?token=%ff', '', true), expect: 401 },
    { name: 'a body that never comes', bytes: request('POST', '/api/rooms', 'Content-Length: 50\r\n', false, '{"exp'), expect: 408 },
  );
  return cases;
}

async function sendAll(port: number, cases: Case[], concurrency: number): Promise<Array<[Case, RawAnswer]>> {
  const results: Array<[Case, RawAnswer]> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < cases.length) {
        const item = cases[next++] as Case;
        results.push([item, await rawRequest(port, item.bytes)]);
      }
    }),
  );
  return results;
}

describe('hostile HTTP requests', () => {
  it('answers every one of hundreds of malformed requests, on every route, while a room goes on undisturbed', async () => {
    const server = track(await startTestServer({ staticDir: staticDir(), limits: { requestBodyTimeoutMs: 500, newBoardsBurst: 10_000 } }));
    const a = track(connectClient(server, 'calm'));
    const b = track(connectClient(server, 'calm'));
    await Promise.all([synced(a), synced(b)]);
    const drops: string[] = [];
    for (const [name, client] of [['a', a], ['b', b]] as const) client.provider.on('connection-close', () => drops.push(name));

    const cases = malformedCases();
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const results = await sendAll(server.port, cases, 16);

    const unanswered = results.filter(([, answer]) => answer.status === null).map(([item, answer]) => `${item.name}: ${answer.timedOut ? 'no answer' : 'closed without an answer'}`);
    expect(unanswered).toEqual([]);
    const wrong = results.filter(([item, answer]) => item.expect !== undefined && answer.status !== item.expect).map(([item, answer]) => `${item.name}: ${answer.status}, expected ${item.expect}`);
    expect(wrong).toEqual([]);
    // No server error: a malformed request is the client's mistake.
    const errors = results.filter(([, answer]) => (answer.status ?? 0) >= 500 && answer.status !== 503).map(([item, answer]) => `${item.name}: ${answer.status}`);
    expect(errors).toEqual([]);

    // The room never noticed.
    expect(drops).toEqual([]);
    a.doc.getMap('shapes').set('after', 'still here');
    await eventually(() => b.doc.getMap('shapes').get('after') === 'still here', 5_000, 'an edit after the storm');
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', connections: 2 });
  });

  it('serves /metrics to HEAD and with a query string', async () => {
    const server = track(await startTestServer());
    const head = await fetch(`${server.url}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toContain('text/plain');
    expect(await head.text()).toBe('');
    const query = await fetch(`${server.url}/metrics?x=1`);
    expect(query.status).toBe(200);
    expect(await query.text()).toContain('whiteboard_connections');
    const post = await fetch(`${server.url}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers a room API error in JSON, and a malformed room id with 400, not a crash', async () => {
    const server = track(await startTestServer());
    const response = await fetch(`${server.url}/api/rooms/%ff/invites`, { method: 'POST', headers: { authorization: `Bearer ${tokenFor('x')}` } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid room id' });
  });
});
