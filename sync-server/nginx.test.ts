/**
 * Behind a real reverse proxy: Debian's nginx runs the sample site (deploy/nginx/whiteboard.conf)
 * on loopback, terminating TLS with a certificate made by openssl, with proxy_read_timeout cut to
 * a few seconds. A board connection left idle for several times that timeout is still the same
 * open connection and still syncs, because the server's pings cross the proxy; a server that
 * does not ping loses its connection to the same timeout (so the timeout is real). The server
 * logs the client's real address from X-Forwarded-For, believed only from the trusted proxy,
 * and links made through the proxy say https.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebsocketProvider } from 'y-websocket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomLinksResponse } from '../protocol/room-api';
import { eventually, synced, tokenFor, type TestClient } from './testing/harness';
import { startCliServer, type CliServer } from './testing/cli-server';
import { postJson } from './testing/https-post';
import { startNginx, type RunningNginx } from './testing/nginx';
import { makeSelfSignedCert, type SelfSigned } from './testing/self-signed';
import { connectWssClient } from './testing/wss-client';

/** nginx closes a proxied connection after this long without data from the server. */
const PROXY_TIMEOUT_SECONDS = 3;
/** A third of the proxy timeout (the CLI's smallest interval is 1 s): a ping that comes late on a busy machine still arrives in time. */
const PING_INTERVAL_MS = 1_000;
/** Idle for three proxy timeouts: without pings nginx cuts the connection in each of them. */
const IDLE_MS = 3 * PROXY_TIMEOUT_SECONDS * 1_000;
/** The CLI's largest ping interval: in effect, a server that never pings during the test. */
const NO_PING_INTERVAL_MS = 3_600_000;
/** nginx's address towards the server (proxy_bind); the only one the server trusts. */
const PROXY_ADDRESS = '127.0.0.3';
/** The client's own address; Linux answers on all of 127.0.0.0/8. */
const CLIENT_ADDRESS = '127.0.0.2';
/** What a client claims in its own X-Forwarded-For; the server must not believe it. */
const SPOOFED_ADDRESS = '203.0.113.7';

let dir: string;
let cert: SelfSigned;
const stops: Array<() => unknown> = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-nginx-'));
  cert = makeSelfSignedCert(dir);
});

afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function serverBehindNginx(name: string, pingIntervalMs: number): Promise<{ server: CliServer; nginx: RunningNginx }> {
  const server = await startCliServer({
    dataDir: path.join(dir, `${name}-data`),
    args: ['--trust-proxy', PROXY_ADDRESS, '--ping-interval', String(pingIntervalMs)],
  });
  stops.push(() => server.stop());
  const nginxDir = path.join(dir, `${name}-nginx`);
  fs.mkdirSync(nginxDir);
  const nginx = await startNginx({
    dir: nginxDir,
    upstreamPort: server.port,
    certFile: cert.certFile,
    keyFile: cert.keyFile,
    proxyTimeoutSeconds: PROXY_TIMEOUT_SECONDS,
    proxyBindAddress: PROXY_ADDRESS,
  });
  stops.push(() => nginx.stop());
  return { server, nginx };
}

function throughNginx(nginx: RunningNginx, room: string): TestClient {
  const client = connectWssClient(nginx.url.replace(/^https/, 'wss'), room, {
    ca: cert.cert,
    token: tokenFor(room),
    localAddress: CLIENT_ADDRESS,
    headers: { 'X-Forwarded-For': SPOOFED_ADDRESS },
  });
  stops.push(() => client.destroy());
  return client;
}

/** Counts the connection's closes: WebsocketProvider reconnects by itself, so a drop would hide. */
function countCloses(provider: WebsocketProvider): () => number {
  let closes = 0;
  provider.on('connection-close', () => closes++);
  return () => closes;
}

describe('the sync server behind nginx', () => {
  it('keeps an idle connection open through proxy_read_timeout, and logs the real client', async () => {
    const [pinging, silent] = await Promise.all([serverBehindNginx('pinging', PING_INTERVAL_MS), serverBehindNginx('silent', NO_PING_INTERVAL_MS)]);

    const room = 'idle-room';
    const alice = throughNginx(pinging.nginx, room);
    // Bob talks to the server directly: he checks that alice's edits still arrive.
    const bob = connectWssClient(pinging.server.url.replace(/^http/, 'ws'), room, { ca: cert.cert, token: tokenFor(room) });
    stops.push(() => bob.destroy());
    const control = throughNginx(silent.nginx, room);
    await Promise.all([synced(alice), synced(bob), synced(control)]);

    const aliceSocket = alice.provider.ws;
    const aliceCloses = countCloses(alice.provider);
    const controlCloses = countCloses(control.provider);

    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));

    // Without pings, nginx cut the control connection: the timeout really applies to board connections.
    expect(controlCloses()).toBeGreaterThan(0);
    // With pings, alice's connection is the very same open socket, never closed.
    expect(aliceCloses()).toBe(0);
    expect(alice.provider.ws).toBe(aliceSocket);
    expect(alice.provider.wsconnected).toBe(true);

    alice.doc.getMap('m').set('after-idle', 'alice');
    await eventually(() => bob.doc.getMap('m').get('after-idle') === 'alice', 5_000, 'alice\'s edit after the idle time to reach bob');
    bob.doc.getMap('m').set('reply', 'bob');
    await eventually(() => alice.doc.getMap('m').get('reply') === 'bob', 5_000, 'bob\'s edit to reach alice through nginx');
    expect(aliceCloses()).toBe(0);

    const opened = pinging.server.logRecords().filter((record) => record.msg === 'connection opened' && record.room === room);
    const remotes = opened.map((record) => record.remote);
    // Alice through nginx: her own address, not nginx's, and not the one she made up.
    expect(opened).toContainEqual(expect.objectContaining({ remote: CLIENT_ADDRESS, proto: 'https' }));
    expect(remotes).not.toContain(PROXY_ADDRESS);
    expect(remotes).not.toContain(SPOOFED_ADDRESS);
    // Bob, directly: the socket's peer, over plain http.
    expect(opened).toContainEqual(expect.objectContaining({ remote: '127.0.0.1', proto: 'http' }));
    // The sample site logs Alice's WebSocket request (when it ends) without its query: no
    // invite token on disk.
    alice.provider.disconnect();
    await eventually(() => pinging.nginx.accessLog().includes(`GET /${room} HTTP/1.1`), 5_000, 'the access log line');
    expect(pinging.nginx.accessLog()).not.toContain('token=');
  });

  it('makes https links through the proxy', async () => {
    const { nginx } = await serverBehindNginx('links', PING_INTERVAL_MS);
    const { status, body } = await postJson(`${nginx.url}/api/rooms`, cert.cert);
    expect(status).toBe(201);
    const links = (body as RoomLinksResponse).links;
    expect(links.editor?.web.startsWith(`${nginx.url}/r/`)).toBe(true);
    expect(links.viewer.desktop).toContain(encodeURIComponent(nginx.url.replace(/^https/, 'wss')));
  });
});
