/**
 * Lifecycle of rooms and connections on a real server with real sockets: many joins and leaves
 * leave nothing behind, official clients converge across an offline period, and rooms that
 * were unloaded come back from storage with their content.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Room } from './room';
import type { SyncServer } from './server';
import { SqliteStorage } from './storage/sqlite-storage';
import { connectClient, eventually, startTestServer, synced, type TestClient } from './testing/harness';
import { activeResources, connectRaw, fetchMetrics, metricValue, RawClient } from './testing/ws-client';
import { closeAfterEach } from './testing/cleanups';

const { cleanups, track } = closeAfterEach();

/** A full garbage collection, or null if V8 refuses to expose one. */
function exposeGc(): (() => void) | null {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('room and connection lifecycle', () => {
  it('leaves nothing behind after 1,000 join/leave cycles over 20 rooms', async () => {
    const server = track(await startTestServer({ limits: { roomUnloadGraceMs: 15 } }));
    const gc = exposeGc();
    expect(gc, 'a full GC is needed to check that rooms are collected').not.toBeNull();
    // The fewest seen over a few samples: the test runner has short-lived timers of its own.
    const baseline = { timeouts: Infinity, sockets: Infinity };
    for (let sample = 0; sample < 5; sample++) {
      await tick(10);
      baseline.timeouts = Math.min(baseline.timeouts, activeResources('Timeout'));
      baseline.sockets = Math.min(baseline.sockets, activeResources('TCPSocketWrap'));
    }
    const processListeners = process.listenerCount('exit');

    const CYCLES = 1_000;
    const ROOMS = 20;
    const WORKERS = 8;
    const roomRefs: Array<WeakRef<Room>> = [];
    const WARM_UP = 200;
    let limit = 0;
    let next = 0;
    let official = 0;
    // Clients still connected, for the cleanup should the test fail half-way (not kept after).
    const live = new Set<{ close?: () => unknown; destroy?: () => unknown }>();
    cleanups.push(async () => {
      for (const client of live) await (client.destroy ?? client.close)?.call(client);
    });
    const worker = async (): Promise<void> => {
      while (next < limit) {
        const i = next++;
        const room = `cycle-${i % ROOMS}`;
        if (i % 50 === 7) {
          // Now and then an official client, which also announces presence.
          const client = connectClient(server, room);
          live.add(client);
          client.provider.awareness.setLocalStateField('name', `official-${i}`);
          await synced(client);
          client.doc.getMap<number>('joins').set(`official-${i}`, i);
          client.destroy();
          live.delete(client);
          official++;
          continue;
        }
        if (i % 50 === 11) {
          // Gone while the room may still be loading, without a closing handshake.
          const early = await RawClient.connect(server, room);
          early.ws.terminate();
          await early.close();
          continue;
        }
        const client = await connectRaw(server, room, i % 3 === 0 ? { presence: { name: `raw-${i}` } } : {});
        live.add(client);
        if (i % 2 === 0) client.doc.getMap<number>('joins').set(`raw-${i}`, i);
        if (i % 40 === 3) {
          // Sample the live room: it must be collectable once unloaded.
          const hold = server.rooms.acquire(room);
          roomRefs.push(new WeakRef(hold.room));
          hold.release();
        }
        // Most leave with a closing handshake, some just drop the connection.
        if (i % 7 === 5) client.ws.terminate();
        await client.close();
        live.delete(client);
      }
    };
    // A first run warms up (code, caches), then the heap is measured around the rest.
    const heapAfterGc = async (): Promise<number> => {
      for (let k = 0; k < 3; k++) {
        await tick(20);
        gc!();
      }
      return process.memoryUsage().heapUsed;
    };
    limit = WARM_UP;
    await Promise.all(Array.from({ length: WORKERS }, worker));
    await eventually(() => server.rooms.size === 0, 10_000, 'rooms unloaded after the warm-up');
    const heapBefore = await heapAfterGc();
    limit = CYCLES;
    await Promise.all(Array.from({ length: WORKERS }, worker));
    expect(next).toBe(CYCLES);
    expect(official).toBe(20);
    expect(roomRefs.length).toBe(25);

    await eventually(() => server.connectionCount() === 0, 10_000, 'every connection closed');
    await eventually(() => server.rooms.size === 0, 10_000, 'every room unloaded');
    // The official clients' reconnect timers (at most maxBackoffTime) and the sockets' close
    // timers run out or are cleared; nothing of the server's may stay.
    await eventually(() => activeResources('Timeout') <= baseline.timeouts, 10_000, 'timers back to baseline');
    await eventually(() => activeResources('TCPSocketWrap') <= baseline.sockets, 10_000, 'sockets back to baseline');
    expect(process.listenerCount('exit')).toBe(processListeners);
    // The heap does not pile up: ~1.5 MB of warm-up noise over these 800 cycles, against
    // ~14 MB when each connection's server-side socket is leaked.
    const growth = (await heapAfterGc()) - heapBefore;
    expect(growth / (CYCLES - WARM_UP), 'heap bytes kept per join/leave cycle').toBeLessThan(7_500);

    const text = await fetchMetrics(server);
    expect(metricValue(text, 'whiteboard_rooms_loaded')).toBe(0);
    expect(metricValue(text, 'whiteboard_connections')).toBe(0);

    // Every room instance the cycles created can be collected: the registry, timers and
    // sockets hold none of them once unloaded.
    // (`deref` keeps its target alive until the current job ends, so collect in a fresh job.)
    for (let attempt = 0; attempt < 5; attempt++) {
      await tick(10);
      gc!();
      await tick(10);
      if (roomRefs.every((ref) => ref.deref() === undefined)) break;
    }
    expect(roomRefs.filter((ref) => ref.deref() !== undefined).length).toBe(0);
  }, 60_000);

  it('converges two official clients after one of them edited while offline', async () => {
    const server = track(await startTestServer());
    const a = track(connectClient(server, 'offline'));
    const b = track(connectClient(server, 'offline'));
    await Promise.all([synced(a), synced(b)]);
    a.doc.getText('title').insert(0, 'Plan');
    await eventually(() => b.doc.getText('title').toString() === 'Plan', 5_000, 'initial sync');

    a.provider.disconnect();
    expect(a.provider.wsconnected).toBe(false);
    const aLog = a.doc.getArray<string>('log');
    const bLog = b.doc.getArray<string>('log');
    for (let i = 0; i < 6; i++) {
      aLog.push([`a${i}`]);
      a.doc.getMap<number>('shapes').set(`a${i}`, i);
    }
    a.doc.getText('title').insert(4, ' (offline)');
    a.doc.getMap<string>('shapes-meta').set('color', 'red');
    for (let i = 0; i < 3; i++) bLog.push([`b${i}`]);
    b.doc.getText('title').insert(0, 'Q3 ');
    b.doc.getMap<string>('shapes-meta').set('color', 'blue');
    // Once the online edits reached the server (a fresh connection sees them), the offline
    // client still must not have them.
    const probe = track(await connectRaw(server, 'offline'));
    await eventually(() => probe.doc.getArray('log').length === 3, 5_000, 'online edits stored');
    expect(aLog.toArray()).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5']);

    a.provider.connect();
    const same = (): boolean =>
      Buffer.from(Y.encodeStateVector(a.doc)).equals(Buffer.from(Y.encodeStateVector(b.doc))) &&
      aLog.length === 9 && bLog.length === 9;
    await eventually(same, 10_000, 'convergence after reconnect');

    for (const doc of [a.doc, b.doc, probe.doc]) {
      doc.getArray('log');
      doc.getMap('shapes');
      doc.getMap('shapes-meta');
      doc.getText('title');
    }
    expect(a.doc.toJSON()).toEqual(b.doc.toJSON());
    expect([...aLog.toArray()].sort()).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'b0', 'b1', 'b2']);
    expect(a.doc.getMap('shapes').toJSON()).toEqual({ a0: 0, a1: 1, a2: 2, a3: 3, a4: 4, a5: 5 });
    const title = a.doc.getText('title').toString();
    expect(title).toContain('Q3 ');
    expect(title).toContain(' (offline)');
    expect(title.replace('Q3 ', '').replace(' (offline)', '')).toBe('Plan');
    expect(['red', 'blue']).toContain(a.doc.getMap('shapes-meta').get('color'));
    // The server holds the merged state too.
    await eventually(() => probe.doc.getArray('log').length === 9, 5_000, 'server has the offline edits');
    expect(probe.doc.toJSON()).toEqual(a.doc.toJSON());
  });

  it('reloads unloaded rooms from SQLite with their content, nothing duplicated', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-lifecycle-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const server = track(await startTestServer({ storage: new SqliteStorage(dataDir), limits: { roomUnloadGraceMs: 20 } }));
    const loads = async (): Promise<number> =>
      metricValue(await fetchMetrics(server), 'whiteboard_storage_seconds_count', { operation: 'load' }) ?? 0;

    const expected: number[] = [];
    for (let round = 0; round < 4; round++) {
      const loadsBefore = await loads();
      const client = track(connectClient(server, 'reloaded'));
      await synced(client);
      const items = client.doc.getArray<number>('items');
      // What earlier rounds wrote came back from storage, in order and once.
      expect(items.toArray()).toEqual(expected);
      expect(client.doc.getText('notes').toString()).toBe('x'.repeat(round));
      expect(await loads()).toBe(loadsBefore + 1);
      for (let i = 0; i < 5; i++) items.push([round * 10 + i]);
      client.doc.getText('notes').insert(0, 'x');
      expected.push(...[0, 1, 2, 3, 4].map((i) => round * 10 + i));
      // A second connection that sees the edits proves the server accepted and stored them.
      const probe = track(await connectRaw(server, 'reloaded'));
      await eventually(() => probe.doc.getArray('items').length === expected.length, 5_000, 'edits stored');
      await probe.close();
      client.destroy();
      await eventually(() => server.rooms.size === 0 && server.connectionCount() === 0, 5_000, 'room unloaded');
    }

    // The same content from a fresh server on the same directory (compacted snapshot).
    await server.close();
    const second = track(await startTestServer({ storage: new SqliteStorage(dataDir) }));
    const reader = track(await connectRaw(second, 'reloaded'));
    expect(reader.doc.getArray<number>('items').toArray()).toEqual(expected);
    expect(reader.doc.getText('notes').toString()).toBe('xxxx');
  });
});
