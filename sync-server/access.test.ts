/**
 * Access control, end to end over real sockets: invite tokens are checked at the HTTP upgrade
 * (before any WebSocket or room exists), viewers cannot change a room, and the room API creates
 * rooms, hands out links and revokes them.
 */
import { WebSocket } from 'ws';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../protocol/close-code';
import { parseInviteLink } from '../protocol/invite-link';
import { MessageType } from '../protocol/message-type';
import type { RoomLinksResponse } from '../protocol/room-api';
import { signToken } from './auth/tokens';
import type { SyncServer, SyncServerConfig } from './server';
import { MemoryStorage } from './testing/memory-storage';
import { TEST_SECRET, connectClient, eventually, serverDoc, startTestServer, synced, tokenFor, wsUrl, type TestClient } from './testing/harness';
import { connectRaw, type RawClient } from './testing/ws-client';
import { closeAfterEach } from './testing/cleanups';

const { cleanups, track } = closeAfterEach();

async function server(overrides: Partial<SyncServerConfig> = {}): Promise<SyncServer> {
  const started = await startTestServer(overrides);
  cleanups.push(() => started.close());
  return started;
}

/** Attempts an upgrade and resolves with the HTTP status of the refusal (101 if it opened). */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

describe('the upgrade refuses', () => {
  it.each([
    ['a missing token', () => '', 401],
    ['a malformed token', () => '?token=hello', 401],
    ['a forged token', () => `?token=${signToken(Buffer.alloc(32, 1), { room: 'r1', role: 'editor', generation: 0, expiresAt: null })}`, 401],
    ['an expired token', () => `?token=${signToken(TEST_SECRET, { room: 'r1', role: 'editor', generation: 0, expiresAt: nowSeconds() - 5 })}`, 401],
    ['another room\u2019s token', () => `?token=${tokenFor('r2')}`, 403],
  ])('%s, and creates no room', async (_name, query, status) => {
    const srv = await server();
    expect(await upgradeStatus(`${wsUrl(srv)}/r1${query()}`)).toBe(status);
    expect(srv.rooms.size).toBe(0);
    expect(srv.connectionCount()).toBe(0);
  });

  it('a revoked token, and creates no room', async () => {
    const srv = await server();
    await srv.access.revoke('r1');
    expect(await upgradeStatus(`${wsUrl(srv)}/r1?token=${tokenFor('r1')}`)).toBe(403);
    expect(srv.rooms.size).toBe(0);
  });

  it('a browser origin that is not allowed, and lets allowed and native clients in', async () => {
    const srv = await server({ access: { secret: TEST_SECRET, allowedOrigins: ['https://boards.example.org'], createKey: null } });
    const url = `${wsUrl(srv)}/r1?token=${tokenFor('r1')}`;
    expect(await upgradeStatus(url, { origin: 'https://evil.example' })).toBe(403);
    expect(srv.rooms.size).toBe(0);
    expect(await upgradeStatus(url, { origin: 'https://boards.example.org' })).toBe(101);
    expect(await upgradeStatus(url)).toBe(101);
  });

  it('nothing that is valid: an editor and a viewer both get in and are told their role', async () => {
    const srv = await server();
    const editor = track(await connectRaw(srv, 'r1'));
    const viewer = track(await connectRaw(srv, 'r1', { role: 'viewer' }));
    expect(editor.received.get(MessageType.Auth)).toBe(1);
    expect(viewer.received.get(MessageType.Auth)).toBe(1);
  });
});

describe('viewers', () => {
  it('cannot change the room: state vector and stored bytes stay as they were', async () => {
    const storage = new MemoryStorage();
    const srv = await server({ storage });
    const editor = track(connectClient(srv, 'board'));
    await synced(editor);
    editor.doc.getArray('shapes').push(['by editor']);
    await eventually(() => srv.rooms.size === 1);
    const viewer = track(await connectRaw(srv, 'board', { role: 'viewer', presence: { name: 'Vera' } }));
    await eventually(() => viewer.doc.getArray('shapes').length === 1, 5_000, 'viewer sees the editor\u2019s work');
    const vectorBefore = Y.encodeStateVector(await serverDoc(srv, 'board'));
    const storedBefore = (await storage.loadRoom('board')).reduce((n, u) => n + u.length, 0);

    // A hand-made update from the viewer's connection.
    const forged = await serverDoc(srv, 'board');
    let update: Uint8Array = new Uint8Array();
    forged.on('update', (u: Uint8Array) => (update = u));
    forged.getArray('shapes').push(['by viewer']);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    syncProtocol.writeUpdate(encoder, update);
    viewer.send(encoding.toUint8Array(encoder));
    expect((await viewer.closed).code).toBe(CloseCode.PolicyViolation);

    expect(Y.encodeStateVector(await serverDoc(srv, 'board'))).toEqual(vectorBefore);
    expect((await storage.loadRoom('board')).reduce((n, u) => n + u.length, 0)).toBe(storedBefore);
    expect(editor.doc.getArray('shapes').toArray()).toEqual(['by editor']);

    // The editor's edits still go through, and the editor stayed connected.
    editor.doc.getArray('shapes').push(['again by editor']);
    let onServer = 0;
    for (let tries = 0; tries < 100 && onServer < 2; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      onServer = (await serverDoc(srv, 'board')).getArray('shapes').length;
    }
    expect(onServer).toBe(2);
    expect(editor.provider.wsconnected).toBe(true);
  });

  it('still show their presence to the room', async () => {
    const srv = await server();
    const editor = track(connectClient(srv, 'seen'));
    await synced(editor);
    track(await connectRaw(srv, 'seen', { role: 'viewer', presence: { name: 'Vera' } }));
    await eventually(() => [...editor.provider.awareness.getStates().values()].some((s) => s.name === 'Vera'), 5_000, 'viewer presence');
  });

  it('are not punished for the sync step 2 every client sends, even the official one', async () => {
    const srv = await server();
    const viewer = track(connectClient(srv, 'watch', new Y.Doc(), 'viewer'));
    await synced(viewer);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(viewer.provider.wsconnected).toBe(true);
  });
});

describe('the room API', () => {
  async function post(srv: SyncServer, path: string, bearer?: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${srv.url}${path}`, {
      method: 'POST',
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  const tokenOf = (link: string | undefined): string => {
    const parsed = parseInviteLink(link ?? '');
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.invite.token;
  };

  it('creates a room with working editor and viewer links in both forms', async () => {
    const srv = await server();
    const { status, json } = await post(srv, '/api/rooms');
    expect(status).toBe(201);
    const created = json as unknown as RoomLinksResponse;
    expect(created.room).toMatch(/^[A-Za-z0-9_-]{22}$/);
    for (const role of ['editor', 'viewer'] as const) {
      const links = created.links[role];
      const web = parseInviteLink(links?.web ?? '');
      const desktop = parseInviteLink(links?.desktop ?? '');
      expect(web).toEqual(desktop);
      expect(web.ok && web.invite.room).toBe(created.room);
      expect(web.ok && web.invite.serverUrl).toBe(wsUrl(srv));
      expect(await upgradeStatus(`${wsUrl(srv)}/${created.room}?token=${tokenOf(links?.web)}`)).toBe(101);
    }
  });

  it('may be called from any origin: a preflight is answered, and so is every request, errors included', async () => {
    const srv = await server();
    const preflight = await fetch(`${srv.url}/api/rooms`, { method: 'OPTIONS', headers: { origin: 'app://whiteboard', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const refused = await fetch(`${srv.url}/api/rooms/nope/invites`, { method: 'POST', headers: { origin: 'https://elsewhere.example' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await refused.json()) as { error: string }).error).toMatch(/token is required/);
    expect((await fetch(`${srv.url}/healthz`)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('needs the creation key when the server has one', async () => {
    const srv = await server({ access: { secret: TEST_SECRET, allowedOrigins: null, createKey: 'open-sesame' } });
    expect((await post(srv, '/api/rooms')).status).toBe(401);
    expect((await post(srv, '/api/rooms', 'wrong-key')).status).toBe(401);
    expect((await post(srv, '/api/rooms', 'open-sesame')).status).toBe(201);
  });

  it('makes expiring links on request, and refuses absurd expiries', async () => {
    const srv = await server();
    const { json } = await post(srv, '/api/rooms', undefined, { expiresInSeconds: 3600 });
    const token = tokenOf((json as unknown as RoomLinksResponse).links.viewer.web);
    const claims = JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()) as { x: number };
    expect(claims.x).toBeGreaterThan(nowSeconds() + 3500);
    expect((await post(srv, '/api/rooms', undefined, { expiresInSeconds: 5 })).status).toBe(400);
    expect((await post(srv, '/api/rooms', undefined, 'a string, not an object')).status).toBe(400);
    expect((await fetch(`${srv.url}/api/rooms`, { method: 'POST', body: '{not json' })).status).toBe(400);
  });

  it('never issues a link that outlives the token it was asked with', async () => {
    const srv = await server();
    const expiring = signToken(TEST_SECRET, { room: 'r1', role: 'viewer', generation: 0, expiresAt: nowSeconds() + 120 });
    const claimsOf = (response: { json: Record<string, unknown> }) =>
      JSON.parse(Buffer.from(tokenOf((response.json as unknown as RoomLinksResponse).links.viewer.web).split('.')[0] as string, 'base64url').toString()) as { x?: number };
    expect(claimsOf(await post(srv, '/api/rooms/r1/invites', expiring)).x).toBeLessThanOrEqual(nowSeconds() + 120);
    expect(claimsOf(await post(srv, '/api/rooms/r1/invites', expiring, { expiresInSeconds: 86_400 })).x).toBeLessThanOrEqual(nowSeconds() + 120);
    expect(claimsOf(await post(srv, '/api/rooms/r1/invites', tokenFor('r1'))).x).toBeUndefined();
  });

  it('gives editors both links and viewers only the viewer link', async () => {
    const srv = await server();
    const editorView = await post(srv, '/api/rooms/r1/invites', tokenFor('r1'));
    expect(editorView.status).toBe(200);
    expect(Object.keys(editorView.json.links as object).sort()).toEqual(['editor', 'viewer']);
    const viewerView = await post(srv, '/api/rooms/r1/invites', tokenFor('r1', 'viewer'));
    expect(Object.keys(viewerView.json.links as object)).toEqual(['viewer']);
    expect((await post(srv, '/api/rooms/r1/invites')).status).toBe(401);
    expect((await post(srv, '/api/rooms/r1/invites', tokenFor('r2'))).status).toBe(403);
  });

  it('revokes: old links stop working, their open connections are closed, new links work', async () => {
    const srv = await server();
    const old = track(await connectRaw(srv, 'r1', { role: 'viewer' }));
    expect((await post(srv, '/api/rooms/r1/revoke', tokenFor('r1', 'viewer'))).status).toBe(403);
    const { status, json } = await post(srv, '/api/rooms/r1/revoke', tokenFor('r1'));
    expect(status).toBe(200);
    expect((await old.closed).code).toBe(CloseCode.LinkRevoked);
    expect(await upgradeStatus(`${wsUrl(srv)}/r1?token=${tokenFor('r1')}`)).toBe(403);
    const fresh = tokenOf((json as unknown as RoomLinksResponse).links.editor?.web);
    expect(await upgradeStatus(`${wsUrl(srv)}/r1?token=${fresh}`)).toBe(101);
  });
});
