/**
 * The limits that keep one client from taking the server's memory or disk: the room cap counts
 * memory, the server has a memory budget for loaded rooms, updates held for a missing step 2
 * have a time and a server-wide bound, the storage has a data limit, and boards are created at
 * a bounded rate per address. Each refusal is the documented one, and everyone else goes on.
 */
import { Writable } from 'node:stream';
import net from 'node:net';
import * as encoding from 'lib0/encoding';
import pino from 'pino';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { MessageType, SyncStep } from '../protocol/message-type';
import { closeAfterEach } from './testing/cleanups';
import { message } from './testing/frames';
import { connectClient, eventually, startTestServer, synced } from './testing/harness';
import { connectRaw, wsRoomUrl } from './testing/ws-client';
import { updateCostBytes } from './update-cost';

const { track, cleanups } = closeAfterEach();

/**
 * The hostile update from the probe, written byte by byte: one item in the root array `a`
 * holding `count` empty objects. Two bytes each on the wire, ~70 bytes each once decoded.
 */
function emptyObjectsUpdate(count: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1); // one client
  encoding.writeVarUint(encoder, 1); // one struct
  encoding.writeVarUint(encoder, 123456); // client id
  encoding.writeVarUint(encoder, 0); // first clock
  encoding.writeUint8(encoder, 8); // an item of `any` content, no origins
  encoding.writeVarUint(encoder, 1); // its parent is a root type...
  encoding.writeVarString(encoder, 'a'); // ...named "a"
  encoding.writeVarUint(encoder, count);
  for (let i = 0; i < count; i++) {
    encoding.writeUint8(encoder, 118); // an object...
    encoding.writeVarUint(encoder, 0); // ...of no keys
  }
  encoding.writeVarUint(encoder, 0); // an empty delete set
  return encoding.toUint8Array(encoder);
}

/** A WebSocket that sends only what the test tells it to (no sync step 2 of its own). */
async function bareSocket(url: string): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(url);
  ws.on('error', () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise((resolve) => ws.once('open', resolve));
  cleanups.push(() => ws.terminate());
  return { ws, closed };
}

/** An edit sent before the connection's step 2, on top of offline edits that step 2 would bring. */
function earlyEdit(text: string): Uint8Array {
  const client = new Y.Doc();
  client.getText('notes').insert(0, 'offline ');
  let later: Uint8Array | null = null;
  client.once('update', (update: Uint8Array) => (later = update));
  client.getText('notes').insert(8, text);
  return later as unknown as Uint8Array;
}

describe('memory', () => {
  it('refuses the 15.6 MB update of empty objects before decoding it, under the default room cap', async () => {
    const server = track(await startTestServer());
    const update = emptyObjectsUpdate(7_800_000);
    expect(update.length).toBeGreaterThan(15_000_000);
    // What it would cost once applied: far past the default cap of 256 MB.
    expect(updateCostBytes(update)).toBeGreaterThan(500 * 1024 * 1024);
    const watcher = track(connectClient(server, 'board'));
    await synced(watcher);
    const attacker = track(await connectRaw(server, 'board'));
    attacker.send(message(MessageType.Sync, SyncStep.Update, update));
    const closed = await attacker.waitClosed(10_000);
    expect(closed).toEqual({ code: 1008, reason: 'the board is full: it has reached the size limit' });
    expect(watcher.doc.getArray('a').length).toBe(0);
    expect(server.rooms.costBytes).toBeLessThan(64 * 1024);
    // The room goes on.
    watcher.doc.getMap('shapes').set('s1', 'after');
    const reader = track(connectClient(server, 'board'));
    await eventually(() => reader.doc.getMap('shapes').get('s1') === 'after', 5_000, 'an edit after the refusal');
  });

  it('counts what a room costs in memory, not its bytes: a small update of many objects is refused at a small cap', async () => {
    const server = track(await startTestServer({ limits: { maxRoomBytes: 4 * 1024 * 1024 } }));
    const update = emptyObjectsUpdate(200_000);
    expect(update.length).toBeLessThan(1024 * 1024);
    const attacker = track(await connectRaw(server, 'board'));
    attacker.send(message(MessageType.Sync, SyncStep.Update, update));
    expect((await attacker.waitClosed()).code).toBe(1008);
    // Well under the cap in memory: accepted.
    const honest = track(await connectRaw(server, 'board'));
    honest.send(message(MessageType.Sync, SyncStep.Update, emptyObjectsUpdate(1_000)));
    await eventually(() => server.rooms.costBytes > 70_000, 5_000, 'the small update stored');
    expect(honest.isOpen).toBe(true);
  });

  it('with the memory budget used up, refuses to load another room with 1013 while the loaded ones go on', async () => {
    const server = track(await startTestServer({ limits: { maxMemoryBytes: 2 * 1024 * 1024 } }));
    const writer = track(connectClient(server, 'big'));
    const reader = track(connectClient(server, 'big'));
    await Promise.all([synced(writer), synced(reader)]);
    writer.doc.transact(() => {
      const shapes = writer.doc.getMap('shapes');
      for (let i = 0; i < 10_000; i++) shapes.set(`s${i}`, { x: i });
    });
    await eventually(() => server.rooms.costBytes >= 2 * 1024 * 1024, 5_000, 'the budget used');

    const refused = track(await import('./testing/ws-client').then(({ RawClient }) => RawClient.connect(server, 'other')));
    const closed = await refused.waitClosed();
    expect(closed.code).toBe(1013);
    expect(closed.reason).toMatch(/memory limit/);
    expect(server.rooms.size).toBe(1);
    // The loaded room goes on.
    writer.doc.getMap('shapes').set('late', { x: -1 });
    await eventually(() => reader.doc.getMap('shapes').has('late'), 5_000, 'an edit in the loaded room');
    // Once it unloads, the other room can be opened.
    writer.destroy();
    reader.destroy();
    await eventually(() => server.rooms.size === 0, 5_000, 'the big room unloaded');
    const later = track(connectClient(server, 'other'));
    await synced(later);
  });
});

describe('updates held for a missing step 2', () => {
  it('closes a connection whose step 2 does not come within the time limit', async () => {
    const server = track(await startTestServer({ limits: { maxHeldMs: 300 } }));
    const { ws, closed } = await bareSocket(wsRoomUrl(server, 'held'));
    const start = performance.now();
    ws.send(message(MessageType.Sync, SyncStep.Update, earlyEdit('later')));
    expect(await closed).toEqual({ code: 1008, reason: 'the sync did not complete within 0.3 s' });
    expect(performance.now() - start).toBeGreaterThanOrEqual(250);
  });

  it('bounds what all connections hold together', async () => {
    const single = earlyEdit('x'.repeat(400));
    const server = track(await startTestServer({ limits: { maxHeldBytesTotal: Math.floor(single.length * 1.5) } }));
    const first = await bareSocket(wsRoomUrl(server, 'held'));
    first.ws.send(message(MessageType.Sync, SyncStep.Update, single));
    const second = await bareSocket(wsRoomUrl(server, 'held'));
    second.ws.send(message(MessageType.Sync, SyncStep.Update, earlyEdit('y'.repeat(400))));
    expect(await second.closed).toEqual({ code: 1008, reason: 'the server holds too many changes waiting for their sync; reconnect' });
    expect(first.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe('storage', () => {
  it('past the data limit, refuses new boards (507) and new changes (1013), and still serves what is stored', async () => {
    const server = track(await startTestServer({ limits: { maxDataBytes: 4_000 } }));
    const writer = track(await connectRaw(server, 'board'));
    writer.doc.getText('t').insert(0, 'a'.repeat(3_000));
    await eventually(() => writer.isOpen && server.rooms.costBytes > 3_000, 5_000, 'the first write');
    writer.doc.getText('t').insert(0, 'b'.repeat(2_000));
    writer.doc.getText('t').insert(0, 'c');
    const closed = await writer.waitClosed();
    expect(closed.code).toBe(1013);
    expect(closed.reason).toMatch(/storage limit \(4000 bytes\) is reached/);
    const created = await fetch(`${server.url}/api/rooms`, { method: 'POST' });
    expect(created.status).toBe(507);
    // Reading goes on.
    const reader = track(connectClient(server, 'board'));
    await synced(reader);
    expect(reader.doc.getText('t').toString().length).toBeGreaterThanOrEqual(3_000);
  });

  it('limits how many boards one address creates without a creation key, not with one', async () => {
    const server = track(await startTestServer({ limits: { newBoardsBurst: 3, newBoardsPerHour: 1 } }));
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${server.url}/api/rooms`, { method: 'POST' })).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const refused = await fetch(`${server.url}/api/rooms`, { method: 'POST' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3_000);
    expect((await refused.json()) as { error: string }).toMatchObject({ error: expect.stringMatching(/too many new boards/) });

    const keyed = track(await startTestServer({ access: { secret: Buffer.from('k'.repeat(40)), allowedOrigins: null, createKey: 'the-key' }, limits: { newBoardsBurst: 3, newBoardsPerHour: 1 } }));
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${keyed.url}/api/rooms`, { method: 'POST', headers: { authorization: 'Bearer the-key' } });
      expect(response.status).toBe(201);
    }
  });
});

describe('request bodies', () => {
  it('answers a body trickled past the time limit with 408, and logs an aborted body at info without a stack', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const server = track(await startTestServer({ logger: pino({ level: 'info' }, sink), limits: { requestBodyTimeoutMs: 300 } }));

    const trickle = net.connect(server.port, '127.0.0.1');
    cleanups.push(() => trickle.destroy());
    let answer = '';
    trickle.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    trickle.write('POST /api/rooms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 40\r\n\r\n{');
    const dripping = setInterval(() => trickle.write(' '), 100);
    cleanups.push(() => clearInterval(dripping));
    await eventually(() => answer.includes('\r\n\r\n'), 5_000, 'an answer to the slow body');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);

    const aborted = net.connect(server.port, '127.0.0.1');
    aborted.write('POST /api/rooms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 40\r\n\r\n{"exp');
    await new Promise((resolve) => setTimeout(resolve, 50));
    aborted.destroy();
    await eventually(() => lines.some((line) => line.msg === 'a request ended before its body did'), 5_000, 'the aborted body logged');
    const logged = lines.find((line) => line.msg === 'a request ended before its body did');
    expect(logged?.level).toBe(30);
    expect(JSON.stringify(logged)).not.toContain('stack');
    expect(lines.filter((line) => (line.level as number) >= 50)).toEqual([]);
  });
});
