/**
 * Large rooms, whose documents live in pool threads: a real server with its storage and pool
 * threads (built as `npm run build:server` builds them), a small threshold, and real clients.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import pino from 'pino';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../protocol/close-code';
import { MessageType, SyncStep } from '../../protocol/message-type';
import { Role } from '../../protocol/role';
import type { ServerLimits } from '../constants';
import type { SyncServer } from '../server';
import { SqliteStorage } from '../storage/sqlite-storage';
import { closeAfterEach } from '../testing/cleanups';
import { message } from '../testing/frames';
import { eventually, startTestServer } from '../testing/harness';
import { threadUrl } from '../testing/threads';
import { RawClient, connectRaw, fetchMetrics, metricValue, wsRoomUrl } from '../testing/ws-client';

const ROOM = 'large';
/** Rooms from this size on live in the pool, in these tests. */
const THRESHOLD = 4096;
const { cleanups, track } = closeAfterEach();

async function poolServer(options: { limits?: Partial<ServerLimits>; lines?: string[]; dataDir?: string } = {}): Promise<{ server: SyncServer; storage: SqliteStorage; dataDir: string }> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wb-pool-'));
  if (!options.dataDir) cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const storage = new SqliteStorage(dataDir, await threadUrl('storage/sqlite-thread.ts'));
  const lines = options.lines;
  const server = await startTestServer({
    storage,
    ...(lines ? { logger: pino({ level: 'info' }, { write: (line: string) => lines.push(line) }) } : {}),
    engineThreads: { url: await threadUrl('engine/engine-thread.ts'), threads: 1 },
    limits: { roomThreadBytes: THRESHOLD, ...options.limits },
  });
  cleanups.push(() => server.close());
  return { server, storage, dataDir };
}

function inPool(server: SyncServer): boolean {
  return server.rooms.loaded(ROOM)?.inPool ?? false;
}

/** A server with a large room already stored, and that room loaded. */
async function storedLargeRoom(): Promise<{ server: SyncServer; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-pool-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const seed = new SqliteStorage(dataDir);
  const doc = new Y.Doc();
  doc.getText('big').insert(0, 'y'.repeat(THRESHOLD * 2));
  await seed.appendUpdate(ROOM, Y.encodeStateAsUpdate(doc));
  await seed.close();
  const { server } = await poolServer({ dataDir });
  return { server, dataDir };
}

async function stored(dataDir: string): Promise<Y.Doc> {
  const reopened = new SqliteStorage(dataDir);
  const doc = new Y.Doc();
  for (const update of await reopened.loadRoom(ROOM)) Y.applyUpdate(doc, update);
  await reopened.close();
  return doc;
}

describe('large rooms in the pool', () => {
  it('places a new room by its first write: a large upload lives in the pool, and everyone syncs both ways with presence and acks', async () => {
    const { server, dataDir } = await poolServer();
    const uploader = new Y.Doc();
    uploader.getText('big').insert(0, 'y'.repeat(THRESHOLD * 2));
    const a = track(await connectRaw(server, ROOM, { doc: uploader, presence: { name: 'a' }, acks: true }));
    await eventually(() => inPool(server), 5_000, 'the document in the pool');
    const b = track(await connectRaw(server, ROOM, { presence: { name: 'b' } }));
    await eventually(() => b.doc.getText('big').length === THRESHOLD * 2 && b.awareness.getStates().has(a.doc.clientID), 5_000, 'the board and presence at b');
    b.doc.getText('t').insert(0, 'from b');
    a.doc.getText('u').insert(0, 'from a');
    await eventually(() => a.doc.getText('t').toString() === 'from b' && b.doc.getText('u').toString() === 'from a', 5_000, 'edits both ways');
    await eventually(() => a.acked === 2, 5_000, 'acks from the pool room');
    expect(metricValue(await fetchMetrics(server), 'whiteboard_rooms_in_pool')).toBe(1);
    await server.close();
    const copy = await stored(dataDir);
    expect([copy.getText('big').length, copy.getText('t').toString(), copy.getText('u').toString()]).toEqual([THRESHOLD * 2, 'from b', 'from a']);
  });

  it('places a new room by its first write with content, not by a joiner\u2019s empty step 2 before it, which is still acknowledged', async () => {
    const { server } = await poolServer();
    const early = track(await connectRaw(server, ROOM, { acks: true }));
    await eventually(() => early.acked === 1, 5_000, 'its empty step 2 acknowledged at once');
    expect(server.rooms.loaded(ROOM)?.inPool).toBe(false);
    const uploader = new Y.Doc();
    uploader.getText('big').insert(0, 'y'.repeat(THRESHOLD * 2));
    track(await connectRaw(server, ROOM, { doc: uploader }));
    await eventually(() => inPool(server), 5_000, 'the document in the pool');
    await eventually(() => early.doc.getText('big').length === THRESHOLD * 2, 5_000, 'the board at the early joiner');
    early.doc.getText('t').insert(0, 'hello');
    await eventually(() => early.acked === 2, 5_000, 'its step 2 and its edit acknowledged');
  });

  it('keeps a room that grows past the threshold in small edits where it was loaded', async () => {
    const { server } = await poolServer();
    const a = track(await connectRaw(server, ROOM));
    const b = track(await connectRaw(server, ROOM));
    for (let i = 0; i < 60; i++) {
      a.doc.getArray<string>('lines').push(['z'.repeat(100)]);
      await eventually(() => b.doc.getArray('lines').length === i + 1, 5_000, `edit ${i}`);
    }
    expect(inPool(server)).toBe(false);
  });

  it('loads a large stored room straight into the pool', async () => {
    const { server } = await storedLargeRoom();
    const a = track(await connectRaw(server, ROOM));
    expect(a.doc.getText('big').length).toBe(THRESHOLD * 2);
    expect(inPool(server)).toBe(true);
  });

  it('refuses a viewer (1008) and a malformed update (1007) in a pool room, and no one else', async () => {
    const { server } = await storedLargeRoom();
    const editor = track(await connectRaw(server, ROOM));
    const watcher = track(await connectRaw(server, ROOM));
    const viewer = track(await connectRaw(server, ROOM, { role: Role.Viewer }));
    viewer.doc.getText('t').insert(0, 'not allowed');
    expect((await viewer.waitClosed()).code).toBe(CloseCode.PolicyViolation);
    const abuser = track(await connectRaw(server, ROOM));
    abuser.send(message(MessageType.Sync, SyncStep.Update, new Uint8Array([5, 200, 1])));
    expect((await abuser.waitClosed()).code).toBe(CloseCode.InvalidPayload);
    editor.doc.getText('t').insert(0, 'still here');
    await eventually(() => watcher.doc.getText('t').toString() === 'still here', 5_000, 'the room to go on');
    expect([editor.isOpen, watcher.isOpen]).toEqual([true, true]);
    const metrics = await fetchMetrics(server);
    expect(metricValue(metrics, 'whiteboard_updates_refused_total', { reason: String(CloseCode.PolicyViolation) })).toBe(1);
    expect(metricValue(metrics, 'whiteboard_updates_refused_total', { reason: String(CloseCode.InvalidPayload) })).toBe(1);
  });

  it('drops a reader of a pool room that stopped reading, and the others go on', async () => {
    const { server } = await storedLargeRoom();
    const writer = track(await connectRaw(server, ROOM));
    const reader = track(await connectRaw(server, ROOM));
    const slow = track(await connectRaw(server, ROOM));
    slow.pauseReading();
    const blobs = writer.doc.getArray<Uint8Array>('blobs');
    const UPDATE_BYTES = 256 * 1024;
    // Far more than the limit plus what loopback socket buffers can hide.
    const maxUpdates = Math.ceil((server.limits.maxBufferedBytes * 4) / UPDATE_BYTES);
    let sent = 0;
    while (server.connectionCount() === 3 && sent < maxUpdates) {
      for (let k = 0; k < 4; k++) blobs.push([new Uint8Array(UPDATE_BYTES).fill(sent++ % 251)]);
      await eventually(() => reader.doc.getArray('blobs').length === sent, 20_000, 'the reader keeps up');
    }
    expect(server.connectionCount(), 'the slow reader was dropped').toBe(2);
    blobs.push([new Uint8Array(8).fill(1)]);
    await eventually(() => reader.doc.getArray('blobs').length === sent + 1, 5_000, 'the room to go on');
  });

  it('does not drop clients for a board larger than the send limit that they are still being sent', async () => {
    const maxBufferedBytes = 1024 * 1024;
    const BOARD_BYTES = 12 * maxBufferedBytes;
    const { server, storage } = await poolServer({ limits: { maxBufferedBytes } });
    const board = new Y.Doc();
    board.getText('big').insert(0, 'b'.repeat(BOARD_BYTES));
    await storage.appendUpdate(ROOM, Y.encodeStateAsUpdate(board));
    const editor = track(await connectRaw(server, ROOM));
    // They stop reading before the server answers their step 1 with the board (loopback takes
    // some of it into kernel buffers; with two, at least one keeps it in the server's buffer).
    const joiners = await Promise.all([RawClient.connect(server, ROOM), RawClient.connect(server, ROOM)]);
    for (const joiner of joiners) track(joiner).pauseReading();
    await eventually(() => server.connectionCount() === 3, 5_000, 'the joins');
    const notes = editor.doc.getArray<string>('notes');
    for (let i = 0; i < 3; i++) notes.push([`note ${i}`]);
    await server.rooms.loaded(ROOM)?.flush();
    for (const joiner of joiners) joiner.resumeReading();
    const served = (joiner: RawClient): boolean => joiner.synced && joiner.doc.getArray('notes').length === 3;
    await eventually(() => joiners.every(served), 20_000, 'both joiners to get everything');
    for (const joiner of joiners) expect([joiner.isOpen, joiner.doc.getText('big').length]).toEqual([true, BOARD_BYTES]);
  });

  it('holds an early update in a pool room until the connection’s step 2, then applies it', async () => {
    const { server } = await storedLargeRoom();
    const other = track(await connectRaw(server, ROOM));
    const client = new Y.Doc();
    client.getText('notes').insert(0, 'offline ');
    const offline = Y.encodeStateAsUpdate(client);
    let later: Uint8Array | null = null;
    client.once('update', (update: Uint8Array) => (later = update));
    client.getText('notes').insert(8, 'later');
    // A bare socket: it sends its step 2 only when the test says.
    const ws = new WebSocket(wsRoomUrl(server, ROOM));
    cleanups.push(() => ws.terminate());
    await once(ws, 'open');
    ws.send(message(MessageType.Sync, SyncStep.Update, later as unknown as Uint8Array));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(other.doc.getText('notes').toString()).toBe('');
    ws.send(message(MessageType.Sync, SyncStep.Step2, offline));
    await eventually(() => other.doc.getText('notes').toString() === 'offline later', 5_000, 'the held update applied');
    expect(ws.readyState).toBe(WebSocket.OPEN);
  });

  it('closes the connections of revoked links in a pool room with 4403', async () => {
    const { server } = await storedLargeRoom();
    const a = track(await connectRaw(server, ROOM));
    const generation = await server.access.revoke(ROOM);
    server.rooms.closeRevoked(ROOM, generation);
    expect((await a.waitClosed()).code).toBe(CloseCode.LinkRevoked);
  });

  it('takes the document out of the pool when the room unloads', async () => {
    const { server } = await storedLargeRoom();
    const a = await connectRaw(server, ROOM);
    expect(server.pool?.engineCount).toBe(1);
    await a.close();
    await eventually(() => server.rooms.size === 0 && server.pool?.engineCount === 0, 5_000, 'the unload');
  });

  it('closes a room\u2019s connections with 1011 when its pool thread dies; a rejoin loads everything stored on a new one', async () => {
    const { server } = await storedLargeRoom();
    const a = track(await connectRaw(server, ROOM));
    const b = track(await connectRaw(server, ROOM));
    a.doc.getText('t').insert(0, 'stored before the crash');
    await eventually(() => b.doc.getText('t').length > 0, 5_000, 'the edit to be relayed');
    await server.rooms.loaded(ROOM)?.flush();
    const [thread] = server.pool?.workers ?? [];
    await thread?.terminate();
    expect((await a.waitClosed()).code).toBe(CloseCode.InternalError);
    expect((await b.waitClosed()).code).toBe(CloseCode.InternalError);
    const c = track(await connectRaw(server, ROOM));
    expect(c.doc.getText('t').toString()).toBe('stored before the crash');
    const d = track(await connectRaw(server, ROOM));
    d.doc.getText('t').insert(0, '> ');
    await eventually(() => c.doc.getText('t').toString() === '> stored before the crash', 5_000, 'the new thread to relay');
    expect(server.pool?.workers[0]).not.toBe(thread);
  });

  it('reports a room its thread cannot load: the client gets 1011, and the log says why', async () => {
    const lines: string[] = [];
    const { server, storage } = await poolServer({ lines });
    await storage.appendUpdate(ROOM, new Uint8Array(THRESHOLD * 2).fill(255));
    const a = track(new RawClient(wsRoomUrl(server, ROOM)));
    expect((await a.waitClosed()).code).toBe(CloseCode.InternalError);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.some((record) => record.msg === 'the room could not be loaded' && record.level === 50)).toBe(true);
  });

  it('relays points drawn in a pool room at once, acks them once stored, and a flush stores a batch still waiting', async () => {
    const { server, dataDir } = await storedLargeRoom();
    const a = track(await connectRaw(server, ROOM, { acks: true }));
    const b = track(await connectRaw(server, ROOM));
    const points = new Y.Array<number>();
    a.doc.getMap('shapes').set('pen', points);
    points.push([0, 0, 0.5]);
    const line = (): number => (b.doc.getMap('shapes').get('pen') as Y.Array<number> | undefined)?.length ?? 0;
    await eventually(() => line() === 3, 5_000, 'the stroke');
    await eventually(() => a.acked === 3, 5_000, 'its step 2 and the stroke to be acknowledged');
    // Appended points: the append lane (append-lane.ts) in the pool thread.
    for (let i = 1; i <= 5; i++) points.push([i, i, 0.5]);
    await eventually(() => line() === 18, 5_000, 'the points');
    await eventually(() => a.acked === 8, 5_000, 'the points to be acknowledged');
    points.push([9, 9, 0.5]);
    await eventually(() => line() === 21, 5_000, 'the last point to be relayed');
    // Flushing the room (as a backup or a restore does) stores a batch still waiting, with everyone connected.
    await server.rooms.loaded(ROOM)?.flush();
    expect(((await stored(dataDir)).getMap('shapes').get('pen') as Y.Array<number>).length).toBe(21);
  });

  it('shuts down gracefully with a pool room: 1001, and everything stored', async () => {
    const { server, dataDir } = await storedLargeRoom();
    const a = track(await connectRaw(server, ROOM));
    const b = track(await connectRaw(server, ROOM));
    a.doc.getText('t').insert(0, 'last words');
    await eventually(() => b.doc.getText('t').length > 0, 5_000, 'the edit to be relayed');
    const [thread] = server.pool?.workers ?? [];
    const exited = thread ? once(thread, 'exit') : Promise.resolve();
    await server.close();
    expect((await a.waitClosed()).code).toBe(CloseCode.GoingAway);
    await exited;
    expect((await stored(dataDir)).getText('t').toString()).toBe('last words');
  });
});
