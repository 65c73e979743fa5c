/**
 * TLS built in: the server speaks https and wss with a certificate made by Debian's openssl, a
 * client that trusts that certificate syncs through it, invite links name the scheme and the
 * public URL, and bad TLS files stop the server with a message that says what is wrong.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RoomLinksResponse } from '../protocol/room-api';
import { TEST_SECRET_TEXT, eventually, startTestServer, synced, tokenFor, type TestClient } from './testing/harness';
import { startCliServer, runCli, type CliServer } from './testing/cli-server';
import { postJson } from './testing/https-post';
import { makeSelfSignedCert, type SelfSigned } from './testing/self-signed';
import { connectWssClient } from './testing/wss-client';
import type { SyncServer } from './server';
import { TlsConfigError, loadTlsCredentials } from './tls';

let dir: string;
let cert: SelfSigned;
let other: SelfSigned;
const cleanups: Array<() => unknown> = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-tls-'));
  cert = makeSelfSignedCert(dir, 'server');
  other = makeSelfSignedCert(dir, 'other');
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function track<T extends TestClient | CliServer | SyncServer>(thing: T): T {
  cleanups.push(() => ('destroy' in thing ? thing.destroy() : 'stop' in thing ? thing.stop() : thing.close()));
  return thing;
}

/** Whether a wss handshake to `url` trusting `ca` succeeds (true) or is refused (the error). */
function handshake(url: string, ca: Buffer): Promise<true | Error> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^https/, 'wss')}/tls-probe?token=${tokenFor('tls-probe')}`, { ca });
    ws.once('open', () => {
      ws.close();
      resolve(true);
    });
    ws.once('error', (error) => resolve(error));
  });
}

describe('loadTlsCredentials', () => {
  it('reads a matching certificate and key', () => {
    const credentials = loadTlsCredentials({ certFile: cert.certFile, keyFile: cert.keyFile });
    expect(credentials.cert.toString()).toContain('BEGIN CERTIFICATE');
  });

  it.each([
    ['a missing file', () => ({ certFile: path.join(dir, 'nope.crt'), keyFile: cert.keyFile }), /cannot read the TLS certificate .*nope\.crt: no such file/],
    ['a key given as the certificate', () => ({ certFile: cert.keyFile, keyFile: cert.keyFile }), /is not a PEM file/],
    ['the key of another certificate', () => ({ certFile: cert.certFile, keyFile: other.keyFile }), /the key does not belong to the certificate/],
  ])('refuses %s with a clear message', (_what, files, message) => {
    expect(() => loadTlsCredentials(files())).toThrow(TlsConfigError);
    expect(() => loadTlsCredentials(files())).toThrow(message);
  });
});

describe('the CLI with --tls-cert and --tls-key', () => {
  it('serves wss with a self-signed certificate, and clients sync through it', async () => {
    const server = track(await startCliServer({ dataDir: path.join(dir, 'cli-data'), args: ['--tls-cert', cert.certFile, '--tls-key', cert.keyFile] }));
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const wss = server.url.replace(/^https/, 'wss');

    const room = 'tls-room';
    const alice = track(connectWssClient(wss, room, { ca: cert.cert, token: tokenFor(room) }));
    const bob = track(connectWssClient(wss, room, { ca: cert.cert, token: tokenFor(room) }));
    await Promise.all([synced(alice), synced(bob)]);
    alice.doc.getMap('m').set('from', 'alice');
    await eventually(() => bob.doc.getMap('m').get('from') === 'alice', 5_000, 'alice\'s edit to reach bob over wss');
    bob.doc.getMap('m').set('reply', 'bob');
    await eventually(() => alice.doc.getMap('m').get('reply') === 'bob', 5_000, 'bob\'s edit to reach alice over wss');

    // A client that does not trust the certificate is refused by TLS itself.
    expect(await handshake(server.url, other.cert)).toBeInstanceOf(Error);
  });

  it('puts https links behind --public-url, not the bind address', async () => {
    const server = track(await startCliServer({
      dataDir: path.join(dir, 'cli-public'),
      args: ['--tls-cert', cert.certFile, '--tls-key', cert.keyFile, '--public-url', 'https://boards.example.org'],
    }));
    const { status, body } = await postJson(`${server.url}/api/rooms`, cert.cert);
    expect(status).toBe(201);
    const links = (body as RoomLinksResponse).links;
    expect(links.editor?.web).toMatch(/^https:\/\/boards\.example\.org\/r\//);
    expect(links.viewer.desktop).toContain(encodeURIComponent('wss://boards.example.org'));
  });

  it('stops with a clear message when the key does not belong to the certificate', async () => {
    const result = await runCli(['--host', '127.0.0.1', '--port', '0', '--data', path.join(dir, 'cli-bad'), '--secret', TEST_SECRET_TEXT, '--tls-cert', cert.certFile, '--tls-key', other.keyFile]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/whiteboard-server: cannot use .*server\.crt with .*other\.key: the key does not belong to the certificate/);
  });
});

describe('a TLS server without a public URL', () => {
  it('links to https on the address the request was made to', async () => {
    const server = track(await startTestServer({ tls: loadTlsCredentials(cert) }));
    const { status, body } = await postJson(`${server.url}/api/rooms`, cert.cert);
    expect(status).toBe(201);
    expect((body as RoomLinksResponse).links.editor?.web.startsWith(`${server.url}/r/`)).toBe(true);
  });

  it('takes a renewed certificate for new connections without a restart', async () => {
    const server = track(await startTestServer({ tls: loadTlsCredentials(cert) }));
    expect(await handshake(server.url, cert.cert)).toBe(true);
    server.setTlsCredentials(loadTlsCredentials(other));
    expect(await handshake(server.url, other.cert)).toBe(true);
    expect(await handshake(server.url, cert.cert)).toBeInstanceOf(Error);
  });
});
