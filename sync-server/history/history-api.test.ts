/**
 * The history API against a real server on a loopback port, with official y-websocket clients whose presence names
 * them: versions and their authors, fetching a version, restoring and reverting for everyone, and viewers refused.
 */
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeHistoryParts, type HistoryChangeResponse, type HistoryListResponse, type VersionInfo } from '../../protocol/history';
import { Role } from '../../protocol/role';
import { connectClient, eventually, serverDoc, startTestServer, synced, tokenFor, type TestClient } from '../testing/harness';
import type { SyncServer } from '../server';
import { SqliteStorage } from '../storage/sqlite-storage';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const servers: SyncServer[] = [];
const clients: TestClient[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of servers.splice(0)) await server.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A server whose versions are made only by hand (no timers firing mid-test). */
async function server(): Promise<SyncServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-history-api-'));
  dirs.push(dir);
  const started = await startTestServer({ storage: new SqliteStorage(dir), history: { policy: { quietMs: 3_600_000, handoffMs: 3_600_000, maxIntervalMs: 3_600_000 } } });
  servers.push(started);
  return started;
}

async function person(srv: SyncServer, room: string, name: string, role: Role = Role.Editor): Promise<TestClient> {
  const client = connectClient(srv, room, new Y.Doc(), role);
  client.provider.awareness.setLocalStateField('user', { name, color: '#2f9e44' });
  clients.push(client);
  await synced(client);
  return client;
}

const shapes = (client: TestClient) => client.doc.getMap<Y.Map<unknown>>('shapes');

function draw(client: TestClient, id: string): void {
  client.doc.transact(() => {
    const shape = new Y.Map<unknown>();
    shape.set('type', 'rect');
    shapes(client).set(id, shape);
  });
}

async function api(srv: SyncServer, room: string, rest: string, role: Role | null = Role.Editor, init: RequestInit = {}): Promise<Response> {
  const headers: Record<string, string> = role ? { authorization: `Bearer ${tokenFor(room, role)}` } : {};
  return fetch(`${srv.url}/api/rooms/${room}/history${rest}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
}

const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

/** Waits until the server stored what the clients sent, then names a version. */
async function nameVersion(srv: SyncServer, room: string, name: string): Promise<VersionInfo> {
  await serverDoc(srv, room);
  const response = await api(srv, room, '', Role.Editor, post({ name }));
  expect(response.status).toBe(201);
  return (await response.json()) as VersionInfo;
}

async function serverShapes(srv: SyncServer, room: string): Promise<string[]> {
  return [...(await serverDoc(srv, room)).getMap('shapes').keys()].sort();
}

describe('history API', () => {
  it('lists versions with who changed the board, and serves a version and the changes behind it', async () => {
    const srv = await server();
    const alice = await person(srv, 'room1', 'Alice');
    draw(alice, 'a1');
    const first = await nameVersion(srv, 'room1', 'First sketch');
    expect(first.authors).toEqual([{ name: 'Alice', color: '#2f9e44' }]);
    const bob = await person(srv, 'room1', 'Bob');
    draw(bob, 'b1');
    await nameVersion(srv, 'room1', 'With Bob');

    const list = (await (await api(srv, 'room1', '', Role.Viewer)).json()) as HistoryListResponse;
    expect(list.role).toBe(Role.Viewer);
    expect(list.versions.map((v) => [v.name, v.authors.map((a) => a.name)])).toEqual([
      ['First sketch', ['Alice']],
      ['With Bob', ['Bob']],
    ]);
    expect(list.limits).toMatchObject({ maxBytes: 128 * 1024 * 1024, keepDays: null });

    const state = await api(srv, 'room1', `/${first.id}`, Role.Viewer);
    expect(state.headers.get('content-type')).toBe('application/octet-stream');
    const old = new Y.Doc();
    Y.applyUpdate(old, new Uint8Array(await state.arrayBuffer()));
    expect([...old.getMap('shapes').keys()]).toEqual(['a1']);

    const parts = decodeHistoryParts(new Uint8Array(await (await api(srv, 'room1', `/changes?upto=${first.id}`, Role.Viewer)).arrayBuffer()));
    const rebuilt = new Y.Doc();
    for (const part of parts) Y.applyUpdate(rebuilt, part.update);
    expect(parts.every((part) => part.end <= first.id)).toBe(true);
    expect([...rebuilt.getMap('shapes').keys()]).toEqual(['a1']);
    // A client holding those asks for what came after them: together they make the newest version.
    const later = decodeHistoryParts(new Uint8Array(await (await api(srv, 'room1', `/changes?after=${parts[parts.length - 1]?.end}`, Role.Viewer)).arrayBuffer()));
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((part) => part.end > first.id)).toBe(true);
    for (const part of later) Y.applyUpdate(rebuilt, part.update);
    expect([...rebuilt.getMap('shapes').keys()].sort()).toEqual(['a1', 'b1']);
  });

  it('restores a version for everyone at once, and marks the board as it was before', async () => {
    const srv = await server();
    const alice = await person(srv, 'room2', 'Alice');
    const bob = await person(srv, 'room2', 'Bob');
    draw(alice, 'a1');
    draw(alice, 'a2');
    const before = await nameVersion(srv, 'room2', 'Good');
    bob.doc.transact(() => {
      for (const id of [...shapes(bob).keys()]) shapes(bob).delete(id);
    });
    await eventually(() => shapes(alice).size === 0, 5_000, 'the deletion reaching Alice');
    const response = await api(srv, 'room2', `/${before.id}/restore`, Role.Editor, post({ by: { name: 'Alice', color: '#e03131' } }));
    expect(response.status).toBe(200);
    const result = (await response.json()) as HistoryChangeResponse;
    expect(result.changed).toBe(true);
    expect(result.before?.name).toBe('Before Alice restored an earlier version');
    await eventually(() => shapes(alice).size === 2 && shapes(bob).size === 2, 5_000, 'the restore reaching everyone');
    expect(await serverShapes(srv, 'room2')).toEqual(['a1', 'a2']);
    // The restore is Alice's change: the next version names her.
    const next = await nameVersion(srv, 'room2', 'After');
    expect(next.authors.map((a) => a.name)).toEqual(['Alice']);
  });

  it('reverts one person\u2019s changes since a version and leaves everyone else\u2019s', async () => {
    const srv = await server();
    const alice = await person(srv, 'room3', 'Alice');
    const bob = await person(srv, 'room3', 'Bob');
    const carol = await person(srv, 'room3', 'Carol');
    draw(alice, 'a1');
    draw(bob, 'b1');
    const version = await nameVersion(srv, 'room3', 'Before Carol');
    draw(carol, 'c1');
    draw(carol, 'c2');
    carol.doc.transact(() => shapes(carol).delete('a1'));
    draw(bob, 'b2');
    await eventually(() => shapes(alice).size === 4, 5_000, 'everything reaching Alice');
    const response = await api(srv, 'room3', `/${version.id}/revert`, Role.Editor, post({ author: 'Carol', by: { name: 'Alice' } }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as HistoryChangeResponse).changed).toBe(true);
    for (const client of [alice, bob, carol]) await eventually(() => [...shapes(client).keys()].sort().join() === 'a1,b1,b2', 5_000, 'the revert reaching everyone');
    expect(await serverShapes(srv, 'room3')).toEqual(['a1', 'b1', 'b2']);
  });

  it('lets a viewer list and fetch, and refuses a viewer\u2019s restore, revert and naming with 403, changing nothing', async () => {
    const srv = await server();
    const alice = await person(srv, 'room4', 'Alice');
    draw(alice, 'a1');
    const version = await nameVersion(srv, 'room4', 'One');
    draw(alice, 'a2');
    await serverDoc(srv, 'room4');
    expect((await api(srv, 'room4', '', Role.Viewer)).status).toBe(200);
    expect((await api(srv, 'room4', `/${version.id}`, Role.Viewer)).status).toBe(200);
    const listBefore = await (await api(srv, 'room4', '')).text();
    for (const [rest, body] of [[`/${version.id}/restore`, {}], [`/${version.id}/revert`, { author: 'Alice' }], ['', { name: 'Mine' }]] as const) {
      const response = await api(srv, 'room4', rest, Role.Viewer, post(body));
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: string }).error).toBe('viewers can look at the history of a board but not change the board');
    }
    expect(await serverShapes(srv, 'room4')).toEqual(['a1', 'a2']);
    expect(await (await api(srv, 'room4', '')).text()).toBe(listBefore);
  });

  it('answers mistakes with the status and a reason', async () => {
    const srv = await server();
    const alice = await person(srv, 'room5', 'Alice');
    draw(alice, 'a1');
    const version = await nameVersion(srv, 'room5', 'One');
    const expectError = async (response: Response, status: number, error: RegExp): Promise<void> => {
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: string }).error).toMatch(error);
    };
    await expectError(await api(srv, 'room5', '', null), 401, /token/);
    await expectError(await api(srv, 'room5', '/999999'), 404, /no such version/);
    await expectError(await api(srv, 'room5', `/${version.id}`, Role.Editor, post({})), 405, /use GET/);
    await expectError(await api(srv, 'room5', `/${version.id}/restore`), 405, /use POST/);
    await expectError(await api(srv, 'room5', `/${version.id}/revert`, Role.Editor, post({})), 400, /author is required/);
    await expectError(await api(srv, 'room5', '', Role.Editor, post({ name: '' })), 400, /name must be a text/);
    await expectError(await api(srv, 'room5', '', Role.Editor, { method: 'POST', body: 'nope' }), 400, /not JSON/);
    await expectError(await api(srv, 'other', '', Role.Editor, post({ name: 'x' })), 409, /nothing to name/);
    const preflight = await fetch(`${srv.url}/api/rooms/room5/history`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST');
  });
});
