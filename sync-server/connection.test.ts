/**
 * Connections on real sockets: a WebSocket server on port 0 whose sockets are attached to a room
 * registry of in-memory rooms, and `ws` clients (testing/ws-client.ts) on the other end.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readAuthMessage } from '../protocol/auth-message';
import { CloseCode } from '../protocol/close-code';
import { MessageType } from '../protocol/message-type';
import { Role } from '../protocol/role';
import * as decoding from 'lib0/decoding';
import { DEFAULT_LIMITS } from './constants';
import { Connections, type ConnectionInfo } from './connection';
import { RoomRegistry } from './room-registry';
import { closeAfterEach } from './testing/cleanups';
import { eventually } from './testing/harness';
import { roomContext } from './testing/room-kit';
import { RawClient } from './testing/ws-client';

const { track } = closeAfterEach();

async function listen(options: { version?: number | null; maxMemoryBytes?: number; limits?: Partial<typeof DEFAULT_LIMITS> } = {}): Promise<{ url: string; connections: Connections; rooms: RoomRegistry; sockets: WebSocket[] }> {
  const ctx = roomContext();
  const rooms = new RoomRegistry(ctx, 20, options.maxMemoryBytes ?? Infinity);
  const connections = new Connections({ rooms, log: ctx.log, metrics: ctx.metrics, limits: { ...DEFAULT_LIMITS, ...options.limits } });
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  const sockets: WebSocket[] = [];
  wss.on('connection', (ws) => {
    sockets.push(ws);
    const info: ConnectionInfo = { roomId: 'board', role: Role.Editor, generation: 0, remoteAddress: '127.0.0.1', wantsAcks: false, expiresAt: null, version: options.version === undefined ? 1 : options.version };
    connections.attach(ws, info);
  });
  await new Promise((resolve) => wss.once('listening', resolve));
  track({ close: () => new Promise<void>((resolve) => wss.close(() => resolve())) });
  const address = wss.address() as { port: number };
  return { url: `ws://127.0.0.1:${address.port}/board`, connections, rooms, sockets };
}

async function client(url: string, options: ConstructorParameters<typeof RawClient>[1] = {}): Promise<RawClient> {
  const raw = track(new RawClient(url, options));
  await raw.opened;
  return raw;
}

describe('a connection', () => {
  it('hands binary messages to its room, which syncs the client', async () => {
    const { url } = await listen();
    const doc = new Y.Doc();
    doc.getArray('a').push(['hello']);
    const writer = await client(url, { doc });
    const reader = await client(url);
    await eventually(() => reader.doc.getArray('a').length === 1, 5_000, 'the writer\u2019s board at the reader');
    expect(writer.isOpen).toBe(true);
  });

  it('closes a text frame with 1003 and a flood with 1008, and nobody else', async () => {
    const { url } = await listen({ limits: { messagesPerSecond: 10, messageBurst: 20 } });
    const bystander = await client(url);
    const texter = await client(url);
    texter.ws.send('hello');
    expect((await texter.waitClosed()).code).toBe(CloseCode.UnsupportedData);
    const flooder = await client(url);
    for (let i = 0; i < 50; i++) flooder.send(new Uint8Array([MessageType.QueryAwareness]));
    expect((await flooder.waitClosed()).code).toBe(CloseCode.PolicyViolation);
    expect(bystander.isOpen).toBe(true);
  });

  it('tells a client whose protocol version it does not serve, then closes it with 4426', async () => {
    const { url } = await listen({ version: 99 });
    const notices: unknown[] = [];
    const raw = track(new RawClient(url));
    raw.ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) === MessageType.Auth) notices.push(readAuthMessage(decoder));
    });
    expect((await raw.waitClosed()).code).toBe(CloseCode.VersionUnsupported);
    expect(notices).toEqual([{ type: 'version', range: { min: 1, max: 1 } }]);
  });

  it('is refused with 1013 when its room is not loaded and the memory budget is used up', async () => {
    const { url } = await listen({ maxMemoryBytes: 0 });
    const raw = track(new RawClient(url));
    const closed = await raw.waitClosed();
    expect(closed.code).toBe(CloseCode.TryAgainLater);
    expect(closed.reason).toMatch(/memory limit/);
  });

  it('lets go of its room when it closes, so the room unloads', async () => {
    const { url, rooms } = await listen();
    const raw = await client(url);
    await eventually(() => raw.synced, 5_000, 'synced');
    expect(rooms.size).toBe(1);
    await raw.close();
    await eventually(() => rooms.size === 0, 5_000, 'the room unloaded');
  });

  it('probes its client: true on a pong, false when none comes in time', async () => {
    const { url, connections, sockets } = await listen();
    await client(url);
    await client(url, { autoPong: false });
    await eventually(() => sockets.length === 2, 5_000, 'both attached');
    const [answering, silent] = sockets.map((ws) => connections.connectionOf(ws));
    expect(await answering?.probe(1_000)).toBe(true);
    expect(await silent?.probe(200)).toBe(false);
  });
});
