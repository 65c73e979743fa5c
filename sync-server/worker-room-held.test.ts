/**
 * A promotion while a connection has updates held back (they depend on its sync step 2, which
 * has not arrived yet): the held updates move to the worker with the connection and are applied
 * there once the step 2 comes. Regression guard for the reconnect race of the in-thread room
 * (room.ts: an early update depending on offline edits), now across a thread boundary.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { MessageType, SyncStep } from '../protocol/message-type';
import { encodePing } from '../protocol/ping';
import { message } from './testing/frames';
import { eventually } from './testing/harness';
import { connectRaw, wsRoomUrl } from './testing/ws-client';
import { TEST_WORKER_THRESHOLD_BYTES, workerServer } from './testing/worker-rooms';
import { closeAfterEach } from './testing/cleanups';

const ROOM = 'held-room';
const { cleanups } = closeAfterEach();

describe('promoting a room with held updates', () => {
  it('moves a connection\u2019s held updates to the worker and applies them after its step 2', async () => {
    const { server } = await workerServer(cleanups);
    const other = await connectRaw(server, ROOM);
    cleanups.push(() => other.close());
    const handle = await server.rooms.acquire(ROOM);
    cleanups.push(() => server.rooms.release(ROOM));

    // A client that edited offline: `offline` is what its step 2 will carry, `later` an edit
    // made on top of it and sent before that step 2, so the server must hold it.
    const client = new Y.Doc();
    client.getText('notes').insert(0, 'offline ');
    const offline = Y.encodeStateAsUpdate(client);
    let later: Uint8Array | null = null;
    client.once('update', (update: Uint8Array) => (later = update));
    client.getText('notes').insert(8, 'later');
    expect(later).not.toBeNull();

    const ws = new WebSocket(wsRoomUrl(server, ROOM));
    cleanups.push(() => ws.close());
    const pongs: number[] = [];
    ws.on('message', (data: Buffer) => {
      if (data[0] === MessageType.Pong) pongs.push(pongs.length);
    });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(message(MessageType.Sync, SyncStep.Update, later as unknown as Uint8Array));
    // A round trip: the server has handled (held) the early update before the promotion.
    ws.send(encodePing(Date.now()));
    await eventually(() => pongs.length === 1, 5_000, 'the pong');
    expect(handle.workerThread).toBeNull();

    // Someone uploads a large board: the room moves to a worker, the held update with it.
    other.doc.getText('big').insert(0, 'y'.repeat(TEST_WORKER_THRESHOLD_BYTES * 2));
    await eventually(() => handle.workerThread !== null, 5_000, 'the promotion');

    // The step 2 arrives in the worker: the offline edits, then what was held on top of them.
    ws.send(message(MessageType.Sync, SyncStep.Step2, offline));
    await eventually(() => other.doc.getText('notes').toString() === 'offline later', 5_000, 'the held update to be applied');
    expect(ws.readyState).toBe(WebSocket.OPEN);
  });
});
