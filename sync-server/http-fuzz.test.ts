/**
 * Fuzzes the HTTP parser and every route of the real server process with random request lines
 * and headers, for a bounded time, and checks that the process never exits and still answers.
 * The seed is printed with any failure, so a run can be replayed (FUZZ_SEED=…).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from './testing/cleanups';
import { rawRequest, seededRandom } from './testing/raw-http';
import { startServerProcess } from './testing/server-process';

const { cleanups, track } = closeAfterEach();

const FUZZ_MS = Number(process.env.FUZZ_MS ?? 4_000);
const CONCURRENCY = 12;

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE', 'PRI', 'M-SEARCH', 'get', ''];
const PATHS = ['/', '/r/', '/healthz', '/metrics', '/api/rooms', '/api/rooms/', '/assets/', '/index.html', '/favicon.ico', '', '*', 'http://', '//'];
const PIECES = ['%', '%f', '%ff', '%00', '%2e%2e/', '..', '/', '?', '#', '&', '=', 'token=', 'acks=1', '[', ']', ':', '@', '\\', ' ', '\t', 'room-1', '/invites', '/revoke', 'é', '\u{1f600}'];
const HEADERS = ['Host', 'Upgrade', 'Connection', 'Content-Length', 'Transfer-Encoding', 'Authorization', 'Origin', 'Range', 'X-Forwarded-For', 'X-Forwarded-Proto', 'X-Forwarded-Host', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'Expect', 'Cookie'];
const VALUES = ['websocket', 'Upgrade', 'close', 'keep-alive', '0', '-1', '99999999999999999999', 'chunked', 'Bearer ', 'bytes=5-1', 'bytes=0-', 'null', '13', '100-continue', '[::1', '', 'dGhlIHNhbXBsZSBub25jZQ=='];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function randomBytes(random: () => number, max: number): string {
  let text = '';
  const length = Math.floor(random() * max);
  for (let i = 0; i < length; i++) text += String.fromCharCode(Math.floor(random() * 256));
  return text;
}

/** One random request: mostly plausible pieces, with random bytes mixed in anywhere. */
function randomRequest(random: () => number): string {
  const noise = (): string => (random() < 0.15 ? randomBytes(random, 12) : '');
  let target = pick(random, PATHS);
  for (let n = Math.floor(random() * 5); n > 0; n--) target += pick(random, PIECES) + noise();
  const version = random() < 0.85 ? 'HTTP/1.1' : pick(random, ['HTTP/1.0', 'HTTP/2.0', 'HTTP/1.', 'HTTPS/1.1', randomBytes(random, 8)]);
  let text = `${pick(random, METHODS)}${noise()} ${target} ${version}\r\n`;
  for (let n = Math.floor(random() * 6); n > 0; n--) {
    text += `${pick(random, HEADERS)}${noise()}: ${pick(random, VALUES)}${noise()}\r\n`;
  }
  if (random() < 0.9) text += 'Connection: close\r\n';
  text += '\r\n';
  if (random() < 0.2) text += randomBytes(random, 64);
  return text;
}

describe('HTTP fuzzing', () => {
  it(`random request lines and headers for ${FUZZ_MS} ms never stop the server process`, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-http-fuzz-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const server = track(await startServerProcess({ dataDir, logLevel: 'error' }));
    const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const random = seededRandom(seed);

    let sent = 0;
    let answered = 0;
    const deadline = Date.now() + FUZZ_MS;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (Date.now() < deadline && server.child.exitCode === null) {
          const answer = await rawRequest(server.port, randomRequest(random), 3_000);
          sent++;
          if (answer.status !== null) answered++;
        }
      }),
    );

    const context = `seed ${seed}, ${sent} requests; server output:\n${server.output().slice(-2_000)}`;
    expect(server.child.exitCode, context).toBeNull();
    expect(server.child.signalCode, context).toBeNull();
    expect(sent, context).toBeGreaterThan(100);
    // Most random requests are malformed; each still gets a status line of its own.
    expect(answered / sent, context).toBeGreaterThan(0.9);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status, context).toBe(200);
  });
});
