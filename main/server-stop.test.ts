/**
 * Stopping the built-in server, against the real built server (dist/sync-server/cli.js) started
 * with the arguments and environment hosting.ts gives it, its parent port played by Node's IPC
 * channel (testing/hosted-server.ts says why that is a fair stand-in).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { parseInviteLink, type Invite } from '../protocol/invite-link';
import type { RoomLinksResponse } from '../protocol/room-api';
import { SERVER_STOP_TIMEOUT_MS, StopOutcome, stopServer, type StoppableServer } from './server-stop';
import { startHostedServer as startServer, type HostedServer } from './testing/hosted-server';

/** Electron's UtilityProcess.kill(): SIGTERM, then SIGKILL this long after (Chromium's BackgroundReaper). */
const ELECTRON_KILL_GRACE_MS = 2_000;
const ROOM_COUNT = 3;
const SYNC_TIMEOUT_MS = 10_000;

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-host-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function startHostedServer(dataDir: string): Promise<HostedServer> {
  const server = await startServer(dataDir);
  cleanups.push(() => server.dispose());
  return server;
}

/** Creates a room through the room API, as the app does when it moves a board onto the server. */
async function createRoom(port: number): Promise<Invite> {
  const response = await fetch(`http://127.0.0.1:${port}/api/rooms`, { method: 'POST' });
  expect(response.status).toBe(201);
  const body = (await response.json()) as RoomLinksResponse;
  const parsed = parseInviteLink(body.links.editor?.desktop ?? '');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.invite;
}

function connect(port: number, invite: Invite): { doc: Y.Doc; provider: WebsocketProvider } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, invite.room, doc, {
    params: { token: invite.token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  cleanups.push(() => {
    provider.destroy();
    doc.destroy();
  });
  return { doc, provider };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A WebSocket client that completes the upgrade and then never answers anything, not even the
 * close: the server's shutdown waits its full time for it, as it would for a peer on a
 * stalled network.
 */
async function connectUnresponsivePeer(port: number, invite: Invite): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  cleanups.push(() => void socket.destroy());
  socket.on('error', () => {});
  socket.write(
    `GET /${invite.room}?token=${invite.token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('data', (chunk: Buffer) => (chunk.toString('latin1').startsWith('HTTP/1.1 101') ? resolve() : reject(new Error(chunk.toString('latin1')))));
  });
  socket.pause();
}

describe('stopServer with the real server process', () => {
  it(
    'stores every room before the process exits, waiting out a shutdown longer than Electron would have',
    async () => {
      const dataDir = tempDataDir();
      const server = await startHostedServer(dataDir);
      const rooms = await Promise.all(Array.from({ length: ROOM_COUNT }, () => createRoom(server.port)));
      const writers = rooms.map((invite) => connect(server.port, invite));
      const watchers = rooms.map((invite) => connect(server.port, invite));
      await until(() => [...writers, ...watchers].every(({ provider }) => provider.synced), 'every client to sync');
      await connectUnresponsivePeer(server.port, rooms[0] as Invite);

      writers.forEach(({ doc }, i) => doc.getArray<string>('items').push(Array.from({ length: 50 }, (_, n) => `room${i}-item${n}`)));
      // The server has every edit in memory once it has relayed it to the other client in its room.
      await until(() => watchers.every(({ doc }) => doc.getArray('items').length === 50), 'the edits to be relayed');

      const started = Date.now();
      const outcome = await stopServer(server.stoppable, server.exited);
      const took = Date.now() - started;
      expect(outcome).toBe(StopOutcome.Stopped);
      expect(server.stoppable.kills).toBe(0);
      expect(await server.exited).toEqual({ code: 0, signal: null });
      // It waited for the unresponsive peer before storing: Electron's kill() would have ended it first.
      expect(took).toBeGreaterThan(ELECTRON_KILL_GRACE_MS);
      expect(took).toBeLessThan(SERVER_STOP_TIMEOUT_MS);

      for (const { provider } of [...writers, ...watchers]) provider.destroy();
      const restarted = await startHostedServer(dataDir);
      const readers = rooms.map((invite) => connect(restarted.port, invite));
      await until(() => readers.every(({ provider }) => provider.synced), 'the restarted server to sync');
      readers.forEach(({ doc }, i) => expect(doc.getArray<string>('items').toArray()).toEqual(Array.from({ length: 50 }, (_, n) => `room${i}-item${n}`)));
      expect(await stopServer(restarted.stoppable, restarted.exited)).toBe(StopOutcome.Stopped);
    },
    SERVER_STOP_TIMEOUT_MS + 30_000,
  );

  it('kills a server that does not stop, only after the timeout', async () => {
    const server = await startHostedServer(tempDataDir());
    // Frozen: it cannot read the stop message, let alone act on it.
    process.kill(server.child.pid as number, 'SIGSTOP');
    const timeoutMs = 1_000;
    const started = Date.now();
    let killedAfterMs: number | null = null;
    const stoppable: StoppableServer = {
      postMessage: (message) => server.stoppable.postMessage(message),
      kill: () => {
        killedAfterMs = Date.now() - started;
        return server.stoppable.kill();
      },
    };
    const outcome = await stopServer(stoppable, server.exited, timeoutMs);
    expect(outcome).toBe(StopOutcome.Killed);
    expect(killedAfterMs).toBeGreaterThanOrEqual(timeoutMs - 5);
    expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
  });
});

describe('stopServer', () => {
  it('asks once and never kills a server that exits in time', async () => {
    const sent: unknown[] = [];
    let kills = 0;
    let exit!: () => void;
    const exited = new Promise<void>((resolve) => (exit = resolve));
    const stopping = stopServer({ postMessage: (message) => sent.push(message), kill: () => (kills++, true) }, exited, 200);
    setTimeout(exit, 50);
    expect(await stopping).toBe(StopOutcome.Stopped);
    expect(sent).toEqual([{ type: 'stop' }]);
    expect(kills).toBe(0);
  });

  it('still waits for the exit when the parent port is already closed', async () => {
    const outcome = await stopServer(
      {
        postMessage: () => {
          throw new Error('port closed');
        },
        kill: () => true,
      },
      Promise.resolve(),
      200,
    );
    expect(outcome).toBe(StopOutcome.Stopped);
  });
});
