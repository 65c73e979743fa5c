/**
 * Liveness and limits on a real server with real sockets: dead peers are found by WebSocket
 * pings and their presence goes at once, the application-level ping answers, a reader that
 * stopped reading is dropped without hurting the room, floods and oversized boards are refused;
 * shutdown says goodbye with 1001 and keeps every acknowledged update; /metrics tells the truth.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { CloseCode } from '../protocol/close-code';
import { MessageType } from '../protocol/message-type';
import { encodePing } from '../protocol/ping';
import type { SyncServer } from './server';
import { SqliteStorage } from './storage/sqlite-storage';
import { connectClient, eventually, startTestServer, synced, type TestClient } from './testing/harness';
import { connectRaw, fetchMetrics, metricValue, type RawClient } from './testing/ws-client';
import { closeAfterEach } from './testing/cleanups';

const { cleanups, track } = closeAfterEach();

/** A Ping message with an arbitrary payload. */
function pingWithPayload(bytes: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Ping);
  encoding.writeVarUint8Array(encoder, new Uint8Array(bytes).fill(7));
  return encoding.toUint8Array(encoder);
}

describe('liveness', () => {
  it('terminates a peer that stops answering pings and removes its presence at once', async () => {
    const server = track(await startTestServer({ limits: { pingIntervalMs: 100 } }));
    const watcher = track(connectClient(server, 'presence'));
    watcher.provider.awareness.setLocalStateField('name', 'watcher');
    await synced(watcher);
    const dead = track(await connectRaw(server, 'presence', { autoPong: false, presence: { name: 'dead' } }));
    const healthy = track(await connectRaw(server, 'presence', { presence: { name: 'healthy' } }));
    const states = (): Map<number, Record<string, unknown>> => watcher.provider.awareness.getStates();
    await eventually(() => states().has(dead.doc.clientID) && states().has(healthy.doc.clientID), 5_000, 'presence seen');
    expect(states().get(dead.doc.clientID)).toEqual({ name: 'dead' });

    // Terminated without a closing handshake after its second unanswered ping.
    await eventually(() => dead.closeInfo !== null, 5_000, 'dead peer terminated');
    expect(dead.closeInfo?.code).toBe(1006);
    expect(dead.pingsReceived).toBeGreaterThanOrEqual(2);
    // Long before the 30 s awareness timeout: the server removed it when the socket went.
    await eventually(() => !states().has(dead.doc.clientID), 2_000, 'dead presence removed');

    // The healthy peer answers and stays, over many more ping rounds.
    const pingsBefore = healthy.pingsReceived;
    await eventually(() => healthy.pingsReceived >= pingsBefore + 8, 10_000, 'more ping rounds');
    expect(healthy.isOpen).toBe(true);
    expect(healthy.closeInfo).toBeNull();
    expect(watcher.provider.wsconnected).toBe(true);
    expect(server.connectionCount()).toBe(2);
    expect(states().get(healthy.doc.clientID)).toEqual({ name: 'healthy' });
    // ...and still syncs.
    healthy.doc.getMap<string>('m').set('still', 'here');
    await eventually(() => watcher.doc.getMap('m').get('still') === 'here', 5_000, 'healthy edit relayed');
  });

  it('answers an application-level Ping with a Pong echoing its payload', async () => {
    const server = track(await startTestServer());
    const client = track(await connectRaw(server, 'app-ping'));
    const sentAt = 1_700_000_000_123.25;
    expect(await client.ping(sentAt)).toBe(sentAt);
    expect(await client.ping(-1.5)).toBe(-1.5);
    expect(client.pongs).toEqual([sentAt, -1.5]);

    // 32 bytes is the largest payload: echoed (it is not one of our timestamps).
    const pong = client.nextMessage((type) => type === MessageType.Pong);
    client.send(pingWithPayload(32));
    const echoed = await pong;
    expect(echoed.length).toBe(2 + 32);
    expect([...echoed.subarray(2)]).toEqual(new Array(32).fill(7));

    // One byte more is not a ping.
    client.send(pingWithPayload(33));
    const closed = await client.waitClosed();
    expect(closed.code).toBe(CloseCode.ProtocolError);
    expect(client.pongs.length).toBe(3);
    // The room is fine for others.
    const other = track(await connectRaw(server, 'app-ping'));
    expect(await other.ping(42)).toBe(42);
  });

  it('drops a reader that stopped reading; the writer and the other readers go on', async () => {
    const maxBufferedBytes = 64 * 1024;
    const server = track(await startTestServer({ limits: { maxBufferedBytes } }));
    const writer = track(await connectRaw(server, 'slow'));
    const readers = [track(await connectRaw(server, 'slow')), track(await connectRaw(server, 'slow'))];
    const official = track(connectClient(server, 'slow'));
    await synced(official);
    const slow = track(await connectRaw(server, 'slow'));
    slow.pauseReading();

    const blobs = writer.doc.getArray<Uint8Array>('blobs');
    const UPDATE_BYTES = 256 * 1024;
    const MAX_UPDATES = 240; // 60 MB: far more than loopback socket buffers can hide
    let sent = 0;
    while (server.connectionCount() === 5 && sent < MAX_UPDATES) {
      for (let k = 0; k < 8; k++) blobs.push([new Uint8Array(UPDATE_BYTES).fill(sent++ % 251)]);
      // Paced by the healthy readers, so it is the slow reader's backlog that grows.
      await eventually(() => readers.every((r) => r.doc.getArray('blobs').length === sent), 20_000, 'readers keep up');
    }
    expect(server.connectionCount(), 'the slow reader was dropped').toBe(4);
    // A few more after the drop.
    for (let k = 0; k < 4; k++) blobs.push([new Uint8Array(UPDATE_BYTES).fill(sent++ % 251)]);

    const all = (c: { doc: { getArray: (name: string) => { length: number } } }): boolean => c.doc.getArray('blobs').length === sent;
    await eventually(() => readers.every(all) && all(official), 20_000, 'every update reached the healthy readers');
    for (const reader of [...readers, official]) {
      const got = reader.doc.getArray<Uint8Array>('blobs').toArray();
      expect(got.map((blob) => blob[0])).toEqual(blobs.toArray().map((blob) => blob[0]));
      expect(got.every((blob) => blob.length === UPDATE_BYTES)).toBe(true);
    }
    // The writer was neither closed nor throttled: it is open and still gets answers.
    expect(writer.closeInfo).toBeNull();
    expect(await writer.ping(1)).toBe(1);
    expect(official.provider.wsconnected).toBe(true);

    // The slow reader was cut off without a handshake, holding only part of the board.
    slow.resumeReading();
    await eventually(() => slow.closeInfo !== null, 10_000, 'slow reader sees the drop');
    expect(slow.closeInfo?.code).toBe(1006);
    expect(slow.doc.getArray('blobs').length).toBeLessThan(sent);
    const text = await fetchMetrics(server);
    expect(metricValue(text, 'whiteboard_connections_closed_by_server_total', { code: String(CloseCode.TryAgainLater) })).toBe(1);
  }, 60_000);

  it('closes a client that floods messages with 1008, and not the others', async () => {
    const server = track(await startTestServer({ limits: { messagesPerSecond: 10, messageBurst: 20 } }));
    const flooder = track(await connectRaw(server, 'flood'));
    const calm = track(await connectRaw(server, 'flood'));
    const official = track(connectClient(server, 'flood'));
    await synced(official);

    for (let i = 0; i < 500; i++) flooder.send(encodePing(i));
    const closed = await flooder.waitClosed();
    expect(closed.code).toBe(CloseCode.PolicyViolation);
    expect(flooder.pongs.length).toBeLessThan(500);

    // The others are untouched: open, and their (few) messages go through.
    expect(calm.isOpen).toBe(true);
    expect(await calm.ping(5)).toBe(5);
    calm.doc.getMap<number>('m').set('calm', 1);
    official.doc.getMap<number>('m').set('official', 2);
    await eventually(
      () => official.doc.getMap('m').get('calm') === 1 && calm.doc.getMap('m').get('official') === 2,
      5_000,
      'edits of well-behaved clients',
    );
    expect(official.provider.wsconnected).toBe(true);
    expect(server.connectionCount()).toBe(2);
  });

  it('refuses an update that would overflow the room, and keeps the room as it was', async () => {
    const server = track(await startTestServer({ limits: { maxRoomBytes: 50_000 } }));
    const writer = track(connectClient(server, 'capped'));
    await synced(writer);
    writer.doc.getMap<string>('shapes').set('s1', 'small');
    const observer = track(await connectRaw(server, 'capped'));
    await eventually(() => observer.doc.getMap('shapes').get('s1') === 'small', 5_000, 'first edit');
    const before = observer.doc.getMap('shapes').toJSON();

    const big = track(await connectRaw(server, 'capped'));
    big.doc.getArray<Uint8Array>('blob').push([new Uint8Array(100_000).fill(1)]);
    big.doc.getMap<string>('shapes').set('s-big', 'from the big client');
    const closed = await big.waitClosed();
    expect(closed.code).toBe(CloseCode.PolicyViolation);

    // Nobody got any of it, and a newcomer does not either.
    const late = track(await connectRaw(server, 'capped'));
    for (const doc of [observer.doc, writer.doc, late.doc]) {
      expect(doc.getArray('blob').length).toBe(0);
      expect(doc.getMap('shapes').toJSON()).toEqual(before);
    }
    // Small updates still work, for every client still connected.
    writer.doc.getMap<string>('shapes').set('s2', 'after');
    await eventually(
      () => observer.doc.getMap('shapes').get('s2') === 'after' && late.doc.getMap('shapes').get('s2') === 'after',
      5_000,
      'small edit after the refusal',
    );
    expect(observer.doc.getMap('shapes').toJSON()).toEqual({ s1: 'small', s2: 'after' });
    expect(writer.provider.wsconnected).toBe(true);
    expect(observer.isOpen && late.isOpen).toBe(true);
  });
});

describe('shutdown and metrics', () => {
  it('closes every client with 1001 on shutdown and keeps every acknowledged update', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-shutdown-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const server = track(await startTestServer({ storage: new SqliteStorage(dataDir) }));
    const writer = track(await connectRaw(server, 'shutdown'));
    const observer = track(await connectRaw(server, 'shutdown'));
    const elsewhere = track(await connectRaw(server, 'shutdown-2'));
    const official = track(connectClient(server, 'shutdown'));
    const officialCodes: number[] = [];
    official.provider.on('connection-close', (event) => {
      if (event) officialCodes.push(event.code);
    });
    await synced(official);

    const items = writer.doc.getArray<number>('items');
    for (let i = 0; i < 30; i++) items.push([i]);
    elsewhere.doc.getText('t').insert(0, 'other room');
    await eventually(() => observer.doc.getArray('items').length === 30, 5_000, 'first edits acknowledged');
    // More edits still in flight as the server shuts down.
    for (let i = 30; i < 60; i++) items.push([i]);
    await server.close();

    for (const client of [writer, observer, elsewhere]) {
      expect(client.closeInfo?.code).toBe(CloseCode.GoingAway);
    }
    await eventually(() => officialCodes.length > 0, 5_000, 'official client saw the close');
    expect(officialCodes[0]).toBe(CloseCode.GoingAway);
    official.provider.disconnect();

    // An update is acknowledged once another client received it: all of those must be back.
    const acknowledged = observer.doc.getArray<number>('items').toArray();
    expect(acknowledged.length).toBeGreaterThanOrEqual(30);
    const second = track(await startTestServer({ storage: new SqliteStorage(dataDir) }));
    const reader = track(await connectRaw(second, 'shutdown'));
    const restored = reader.doc.getArray<number>('items').toArray();
    expect(restored.slice(0, acknowledged.length)).toEqual(acknowledged);
    expect(restored).toEqual(items.toArray().slice(0, restored.length));
    const other = track(await connectRaw(second, 'shutdown-2'));
    expect(other.doc.getText('t').toString()).toBe('other room');
  });

  it('serves Prometheus metrics that follow the activity', async () => {
    const server = track(await startTestServer());
    const first = await fetch(`${server.url}/metrics`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/plain');
    const idle = await first.text();
    for (const name of ['whiteboard_rooms_loaded', 'whiteboard_connections', 'whiteboard_messages_received_total', 'whiteboard_storage_seconds']) {
      expect(idle).toContain(`# TYPE ${name} `);
    }
    expect(metricValue(idle, 'whiteboard_connections')).toBe(0);
    expect(metricValue(idle, 'whiteboard_rooms_loaded')).toBe(0);

    const a = track(await connectRaw(server, 'metrics-1'));
    const b = track(await connectRaw(server, 'metrics-1'));
    const c = track(connectClient(server, 'metrics-2'));
    await synced(c);
    expect(await a.ping(1)).toBe(1);
    a.doc.getMap<number>('m').set('k', 1);
    await eventually(() => b.doc.getMap('m').get('k') === 1, 5_000, 'edit relayed');

    const busy = await fetchMetrics(server);
    expect(metricValue(busy, 'whiteboard_connections')).toBe(3);
    expect(metricValue(busy, 'whiteboard_rooms_loaded')).toBe(2);
    // Every client opened with sync step 1; one ping.
    expect(metricValue(busy, 'whiteboard_messages_received_total', { type: '0' })).toBeGreaterThanOrEqual(4);
    expect(metricValue(busy, 'whiteboard_messages_received_total', { type: '100' })).toBe(1);
    expect(metricValue(busy, 'whiteboard_storage_seconds_count', { operation: 'load' })).toBe(2);
    expect(metricValue(busy, 'whiteboard_storage_seconds_count', { operation: 'append' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(busy, 'whiteboard_messages_sent_total')).toBeGreaterThan(0);

    await b.close();
    await eventually(() => server.connectionCount() === 2, 5_000, 'one client gone');
    expect(metricValue(await fetchMetrics(server), 'whiteboard_connections')).toBe(2);
    await a.close();
    c.destroy();
    await eventually(() => server.rooms.size === 0, 5_000, 'rooms unloaded');
    const after = await fetchMetrics(server);
    expect(metricValue(after, 'whiteboard_connections')).toBe(0);
    expect(metricValue(after, 'whiteboard_rooms_loaded')).toBe(0);
  });
});
