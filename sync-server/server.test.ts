import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncServer } from './server';
import { SqliteStorage } from './storage/sqlite-storage';
import { connectClient, eventually, startTestServer, synced, type TestClient } from './testing/harness';
import { closeAfterEach } from './testing/cleanups';

const { cleanups, track } = closeAfterEach();

describe('sync server with official y-websocket clients', () => {
  it('relays edits between two clients in a room, and keeps rooms apart', async () => {
    const server = track(await startTestServer());
    const a = track(connectClient(server, 'room-1'));
    const b = track(connectClient(server, 'room-1'));
    const other = track(connectClient(server, 'room-2'));
    await Promise.all([synced(a), synced(b), synced(other)]);

    a.doc.getMap('shapes').set('s1', 'from a');
    b.doc.getMap('shapes').set('s2', 'from b');
    await eventually(() => a.doc.getMap('shapes').size === 2 && b.doc.getMap('shapes').size === 2, 5_000, 'convergence');
    expect(a.doc.getMap('shapes').toJSON()).toEqual(b.doc.getMap('shapes').toJSON());
    expect(other.doc.getMap('shapes').size).toBe(0);
  });

  it('sends a late joiner everything so far', async () => {
    const server = track(await startTestServer());
    const a = track(connectClient(server, 'late'));
    await synced(a);
    a.doc.getArray('log').push(['one', 'two', 'three']);
    const b = track(connectClient(server, 'late'));
    await eventually(() => b.doc.getArray('log').length === 3, 5_000, 'late join');
    expect(b.doc.getArray('log').toArray()).toEqual(['one', 'two', 'three']);
  });

  it('brings a room back from SQLite after a restart, with nothing duplicated', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-server-test-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));

    const first = await startTestServer({ storage: new SqliteStorage(dataDir) });
    const writer = connectClient(first, 'persist');
    await synced(writer);
    for (let i = 0; i < 20; i++) writer.doc.getArray<number>('items').push([i]);
    writer.doc.getText('title').insert(0, 'Retro');
    const expected = writer.doc.getArray<number>('items').toArray();
    await eventually(() => first.rooms.size === 1);
    writer.destroy();
    await first.close();

    const second = track(await startTestServer({ storage: new SqliteStorage(dataDir) }));
    const reader = track(connectClient(second, 'persist'));
    await synced(reader);
    await eventually(() => reader.doc.getArray('items').length >= 20, 5_000, 'restored content');
    expect(reader.doc.getArray<number>('items').toArray()).toEqual(expected);
    expect(reader.doc.getText('title').toString()).toBe('Retro');
  });

  it('answers /healthz', async () => {
    const server = track(await startTestServer());
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', rooms: 0, connections: 0 });
  });

  it('refuses a WebSocket on an invalid room path before upgrading', async () => {
    const server = track(await startTestServer());
    const { WebSocket } = await import('ws');
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/bad%20room`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(400);
    expect(server.rooms.size).toBe(0);
  });

  it('unloads a room after its last client leaves', async () => {
    const server = track(await startTestServer({ limits: { roomUnloadGraceMs: 20 } }));
    const a = connectClient(server, 'transient');
    await synced(a);
    expect(server.rooms.size).toBe(1);
    a.destroy();
    await eventually(() => server.rooms.size === 0, 5_000, 'room unload');
  });
});
