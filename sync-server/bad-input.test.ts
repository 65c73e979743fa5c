/**
 * Bad input on the wire: malformed frames, refused messages, random garbage and mutated Yjs
 * updates, each sent by a raw socket to a real server while well-behaved clients watch. Every
 * abuse must close the abuser's connection with the documented code and nothing else: the
 * bystanders stay connected, nothing of a refused message reaches anyone, and the room still
 * syncs. Random tests are seeded; set BAD_INPUT_SEED to replay or explore another seed.
 */
import { isDeepStrictEqual } from 'node:util';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../protocol/close-code';
import { MessageType, SyncStep } from '../protocol/message-type';
import type { ServerLimits } from './constants';
import type { SyncServer } from './server';
import { connectClient, eventually, serverDoc, startTestServer, synced, type TestClient } from './testing/harness';
import { Opcode, RawSocket, type FrameSpec } from './testing/raw-socket';
import { message } from './testing/frames';
import { closeAfterEach } from './testing/cleanups';
import { seededRandom } from './testing/raw-http';

const SEED = Number(process.env.BAD_INPUT_SEED || 0x5eed);
const ROOM = 'abuse';
const OTHER_ROOM = 'elsewhere';
const LIMIT = 64 * 1024;

const { cleanups } = closeAfterEach();

const below = (rand: () => number, n: number): number => Math.floor(rand() * n);
function seededDoc(rand: () => number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = below(rand, 2 ** 32);
  return doc;
}

const isPong = (m: Uint8Array): boolean => m[0] === MessageType.Pong;
const PING = message(MessageType.Ping, new Uint8Array([7]));

type Official = TestClient & { closes: number[] };
/** An official client; its doc's client id comes from `rand`, so a seed replays exactly. */
function official(server: SyncServer, room: string, rand = Math.random): Official {
  const client = Object.assign(connectClient(server, room, seededDoc(rand)), { closes: [] as number[] });
  client.provider.on('connection-close', (event: CloseEvent | null) => client.closes.push(event?.code ?? -1));
  cleanups.push(() => client.destroy());
  return client;
}

/**
 * A raw connection that did what a client does on joining: it has had the server's sync step 1
 * (so the room is loaded and joined) and answered with its step 2 (it has nothing to add).
 */
async function rawJoin(server: SyncServer): Promise<RawSocket> {
  const socket = await RawSocket.connect(server.url, ROOM);
  cleanups.push(() => socket.destroy());
  await socket.waitForMessage((m) => m[0] === MessageType.Sync);
  socket.send(message(MessageType.Sync, SyncStep.Step2, Y.encodeStateAsUpdate(new Y.Doc())));
  return socket;
}

type Outcome = 'accepted' | number | null;
/** Sends `payload`, then a Ping: 'accepted' if the Pong comes back, else the close code. */
async function outcome(socket: RawSocket, payload: Uint8Array): Promise<Outcome> {
  const from = socket.messages.length;
  socket.send(payload);
  socket.send(PING);
  return socket.waitForMessage(isPong, from).then(() => 'accepted' as const, async () => (await socket.waitClosed(1_000)).code);
}
/** `outcome` on a connection of its own, which is then dropped. */
async function outcomeOnce(server: SyncServer, payload: Uint8Array): Promise<Outcome> {
  const socket = await rawJoin(server);
  return outcome(socket, payload).finally(() => socket.destroy());
}

function addShape(doc: Y.Doc, id: string, rand: () => number): void {
  const shape = new Y.Map<unknown>();
  const points = new Y.Array<number>();
  points.push(Array.from({ length: 6 }, () => below(rand, 1000)));
  shape.set('kind', 'stroke');
  shape.set('color', '#1e1e1e');
  shape.set('points', points);
  doc.getMap('shapes').set(id, shape);
}

const board = (doc: Y.Doc): unknown => ({ shapes: doc.getMap('shapes').toJSON(), title: doc.getText('title').toString() });

type Scene = Awaited<ReturnType<typeof scene>>;

/** A server with a drawn-on room watched by an official and a raw client, and a second room. */
async function scene(limits: Partial<ServerLimits> = {}) {
  const server = await startTestServer({ limits });
  cleanups.push(() => server.close());
  const rand = seededRandom(SEED);
  const bystander = official(server, ROOM, rand);
  const neighbour = official(server, OTHER_ROOM, rand);
  await Promise.all([synced(bystander), synced(neighbour)]);
  bystander.doc.transact(() => {
    for (let i = 0; i < 12; i++) addShape(bystander.doc, `s${i}`, rand);
    bystander.doc.getText('title').insert(0, 'Sprint retro: what went well');
  });
  neighbour.doc.getText('title').insert(0, 'another board');
  // The initial empty presence (clock 0) is never sent on by y-protocols: give it a field.
  bystander.provider.awareness.setLocalStateField('user', { name: 'bystander' });
  const rawBystander = await rawJoin(server);
  const fresh = official(server, ROOM);
  await eventually(() => fresh.doc.getMap('shapes').size === 12, 5_000, 'the board reaching the server');
  fresh.destroy();
  return { server, bystander, neighbour, rawBystander };
}

/** Everyone but the abuser is still connected and served, and the room still syncs both ways. */
async function expectStillServed({ server, bystander, neighbour, rawBystander }: Scene): Promise<void> {
  expect(rawBystander.open).toBe(true);
  expect(await outcome(rawBystander, message(MessageType.QueryAwareness))).toBe('accepted');
  for (const client of [bystander, neighbour]) {
    expect(client.provider.wsconnected).toBe(true);
    expect(client.closes).toEqual([]);
  }
  await eventually(() => server.connectionCount() === 3, 5_000, 'only the abuser to be gone');
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

  const fresh = official(server, ROOM);
  await synced(fresh);
  await eventually(() => isDeepStrictEqual(board(fresh.doc), board(bystander.doc)), 5_000).catch(() => undefined);
  expect(board(fresh.doc), 'a fresh client syncs what the bystander has').toEqual(board(bystander.doc));
  expect(fresh.doc.store.pendingStructs).toBeNull();
  fresh.doc.getText('title').insert(0, '>');
  bystander.doc.getMap('shapes').set('late', 'from the bystander');
  const flowed = (): boolean => bystander.doc.getText('title').toString().startsWith('>') && fresh.doc.getMap('shapes').has('late');
  await eventually(flowed, 5_000, 'edits flowing both ways');
  expect(neighbour.doc.getMap('shapes').size).toBe(0);
  expect(neighbour.doc.getText('title').toString()).toBe('another board');
  fresh.destroy();
}

/** Sends the abuse on a fresh raw connection and checks it alone is closed with `code`. */
async function expectRefused(s: Scene, abuse: (socket: RawSocket) => void, code: number): Promise<void> {
  const victim = await rawJoin(s.server);
  abuse(victim);
  expect((await victim.waitClosed()).code).toBe(code);
  await expectStillServed(s);
}

const binary = (bytes: number[]): FrameSpec => ({ opcode: Opcode.Binary, payload: new Uint8Array(bytes) });

describe('malformed WebSocket frames', () => {
  it.each<[string, number, FrameSpec]>([
    ['a text frame', CloseCode.UnsupportedData, { opcode: Opcode.Text, payload: new TextEncoder().encode('hello') }],
    ['unknown data opcode 0x3', CloseCode.ProtocolError, { opcode: 0x3, payload: new Uint8Array([0, 0]) }],
    ['unknown control opcode 0xB', CloseCode.ProtocolError, { opcode: 0xb }],
    ['RSV1 without a negotiated extension', CloseCode.ProtocolError, { ...binary([0, 0, 1, 0]), rsv: 0b100 }],
    ['RSV2 set', CloseCode.ProtocolError, { ...binary([0, 0, 1, 0]), rsv: 0b010 }],
    ['RSV3 set', CloseCode.ProtocolError, { ...binary([0, 0, 1, 0]), rsv: 0b001 }],
    ['an unmasked client frame', CloseCode.ProtocolError, { ...binary([0, 0, 1, 0]), mask: false }],
    ['a fragmented ping', CloseCode.ProtocolError, { opcode: Opcode.Ping, fin: false }],
    ['a continuation with nothing to continue', CloseCode.ProtocolError, { ...binary([0]), opcode: Opcode.Continuation }],
  ])('%s closes that connection only, with %i', async (_, code, frame) => {
    const s = await scene();
    await expectRefused(s, (socket) => socket.sendFrame(frame), code);
  });
});

describe(`frames over the ${LIMIT}-byte message limit`, () => {
  const big = (length: number): Uint8Array => new Uint8Array(length);
  it.each<[string, (socket: RawSocket) => void]>([
    ['a frame one byte over the limit', (socket) => socket.send(big(LIMIT + 1))],
    ['a frame announcing 1 GiB and sending 16 bytes', (socket) => socket.sendFrame({ opcode: Opcode.Binary, payload: big(16), announcedLength: 2 ** 30 })],
    ['a frame announcing 2^63 bytes', (socket) => socket.sendFrame({ opcode: Opcode.Binary, announcedLength: 2 ** 63 })],
    ['fragments adding up to over the limit', (socket) => {
      socket.sendFrame({ opcode: Opcode.Binary, payload: big(LIMIT / 2 + 1), fin: false });
      socket.sendFrame({ opcode: Opcode.Continuation, payload: big(LIMIT / 2) });
    }],
  ])('%s is refused with 1009', async (_, abuse) => {
    const s = await scene({ maxMessageBytes: LIMIT });
    await expectRefused(s, abuse, CloseCode.MessageTooBig);
  });

  it('a message of exactly the limit is still accepted', async () => {
    const s = await scene({ maxMessageBytes: LIMIT });
    const exact = new Uint8Array(LIMIT); // sync step 1 with an empty state vector, then padding
    exact.set(message(MessageType.Sync, SyncStep.Step1, new Uint8Array([0])));
    expect(await outcomeOnce(s.server, exact)).toBe('accepted');
    await expectStillServed(s);
  });
});

describe('refused messages', () => {
  it.each<[string, number, Uint8Array]>([
    ['an unknown message type 42', CloseCode.UnsupportedData, message(42, new Uint8Array([1, 2, 3]))],
    ['Auth, which only the server sends', CloseCode.UnsupportedData, message(MessageType.Auth, 0)],
    ['an empty binary message', CloseCode.ProtocolError, new Uint8Array(0)],
    ['a sync message without its step', CloseCode.ProtocolError, message(MessageType.Sync)],
    ['a sync update cut short', CloseCode.ProtocolError, message(MessageType.Sync, SyncStep.Update, 10, 1, 2)],
    ['a sync message with unknown step 7', CloseCode.ProtocolError, message(MessageType.Sync, 7, new Uint8Array([0, 0]))],
    ['an undecodable Yjs update', CloseCode.InvalidPayload, message(MessageType.Sync, SyncStep.Update, new Uint8Array([5, 200, 1]))],
  ])('%s closes that connection only, with %i', async (_, code, payload) => {
    const s = await scene();
    await expectRefused(s, (socket) => socket.send(payload), code);
  });

  it('an awareness update that is only partly valid leaves no presence behind', async () => {
    const s = await scene();
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 2);
    for (const [client, json] of [[424242, '{"user":{"name":"ghost"}}'], [434343, '{not json']] as const) {
      encoding.writeVarUint(update, client);
      encoding.writeVarUint(update, 1);
      encoding.writeVarString(update, json);
    }
    await expectRefused(s, (socket) => socket.send(message(MessageType.Awareness, encoding.toUint8Array(update))), CloseCode.InvalidPayload);
    const fresh = official(s.server, ROOM);
    await synced(fresh);
    await eventually(() => fresh.provider.awareness.getStates().has(s.bystander.doc.clientID), 5_000, 'presence sync');
    expect([...fresh.provider.awareness.getStates().keys()]).not.toContain(424242);
    expect([...s.bystander.provider.awareness.getStates().keys()]).not.toContain(424242);
  });
});

/** Random bytes, mostly shaped like a message so they get past the type byte. */
function garbage(rand: () => number): Uint8Array {
  const bytes = Array.from({ length: below(rand, 48) }, () => below(rand, 256));
  const types = [MessageType.Sync, MessageType.Sync, MessageType.Awareness, MessageType.QueryAwareness, MessageType.Ping, below(rand, 300)];
  switch (below(rand, 3)) {
    case 0: return new Uint8Array(bytes);
    case 1: return message(types[below(rand, types.length)]!, new Uint8Array(bytes));
    default: return message(MessageType.Sync, below(rand, 4), new Uint8Array(bytes));
  }
}

describe('random input', () => {
  it(`random binary messages (seed ${SEED}) are answered or refused, never crash the server`, async () => {
    const s = await scene();
    const rand = seededRandom(SEED);
    const tally = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const payload = garbage(rand);
      const result = await outcomeOnce(s.server, payload);
      expect(['accepted', 1002, 1003, 1007, 1008], `message ${i}: ${Buffer.from(payload).toString('hex')}`).toContain(result);
      tally.set(String(result), (tally.get(String(result)) ?? 0) + 1);
    }
    expect(tally.size, JSON.stringify([...tally])).toBeGreaterThan(2);
    await expectStillServed(s);
  }, 60_000);

  it(`mutated valid Yjs updates (seed ${SEED}) are refused with 1007 unless they integrate cleanly`, async () => {
    const s = await scene();
    const rand = seededRandom(SEED ^ 0x9e3779b9);
    const mismatches: string[] = [];
    const tally = { accepted: 0, refused: 0 };
    for (let i = 0; i < 300; i++) {
      // A client synced to the room makes a real edit; its update is then damaged.
      const state = Y.encodeStateAsUpdate(s.bystander.doc);
      const author = seededDoc(rand);
      Y.applyUpdate(author, state);
      const updates: Uint8Array[] = [];
      author.on('update', (update: Uint8Array) => updates.push(update));
      randomEdit(author, rand);
      const mutated = Uint8Array.from(Y.mergeUpdates(updates));
      for (let n = 1 + below(rand, 3); n > 0; n--) {
        const at = below(rand, mutated.length);
        mutated[at] = rand() < 0.5 ? mutated[at]! ^ (1 << below(rand, 8)) : below(rand, 256);
      }
      // What Yjs makes of it, on a copy of the room's state.
      const oracle = new Y.Doc();
      Y.applyUpdate(oracle, state);
      const integrates = appliesCleanly(oracle, mutated);
      const result = await outcomeOnce(s.server, message(MessageType.Sync, SyncStep.Update, mutated));
      tally[result === 'accepted' ? 'accepted' : 'refused']++;
      if (integrates ? result !== 'accepted' && result !== CloseCode.InvalidPayload : result !== CloseCode.InvalidPayload) {
        mismatches.push(`#${i} integrates=${integrates} got ${result}: ${Buffer.from(mutated).toString('hex')}`);
      }
      if (result === 'accepted') {
        // The first update after which the board synced afresh differs from the board live (the
        // culprit may be an earlier accepted update whose damage only this one makes visible).
        if (!mismatches.some((m) => m.includes('afresh')) && !roundTrips(oracle)) {
          mismatches.push(`after #${i} (${Buffer.from(mutated).toString('hex')}) the board synced afresh differs`);
        }
        const vector = Buffer.from(Y.encodeStateVector(oracle));
        await eventually(() => vector.equals(Y.encodeStateVector(s.bystander.doc)), 5_000, `update #${i} to reach the bystander`);
      }
      if (!s.bystander.provider.wsconnected || !s.neighbour.provider.wsconnected) mismatches.push(`#${i} disconnected a bystander`);
      author.destroy();
      oracle.destroy();
    }
    expect.soft(mismatches).toEqual([]);
    expect(tally.refused, JSON.stringify(tally)).toBeGreaterThan(0);
    const roomDoc = await serverDoc(s.server, ROOM);
    for (const doc of [s.bystander.doc, roomDoc]) expect([doc.store.pendingStructs, doc.store.pendingDs]).toEqual([null, null]);
    expect.soft(board(roomDoc), 'the server has what the bystander has').toEqual(board(s.bystander.doc));
    await expectStillServed(s);
  }, 120_000);

  it('an update that lies about its insert position is refused, so clients cannot diverge', async () => {
    const s = await scene();
    const title = s.bystander.doc.getText('title');
    const idAt = (index: number): Y.ID => Y.createRelativePositionFromTypeIndex(title, index).item!;
    // What the search above finds for some seeds: a flipped bit in the origin of a text insert.
    // Here 'X' claims char 10 as its left neighbour and char 3 as its right one: it decodes, it
    // depends on nothing missing, and Yjs integrates it.
    const update = encoding.createEncoder();
    const [origin, right] = [idAt(10), idAt(3)];
    for (const n of [1, 1, 777, 0]) encoding.writeVarUint(update, n); // 1 client, 1 struct, client 777, clock 0
    encoding.writeUint8(update, 0x80 | 0x40 | 4); // has origin, has right origin, string content
    for (const n of [origin.client, origin.clock, right.client, right.clock]) encoding.writeVarUint(update, n);
    encoding.writeVarString(update, 'X');
    encoding.writeVarUint(update, 0); // empty delete set
    const result = await outcomeOnce(s.server, message(MessageType.Sync, SyncStep.Update, encoding.toUint8Array(update)));
    if (result === 'accepted') await eventually(() => title.toString().includes('X'), 5_000, 'the update to reach the bystander');
    await expectStillServed(s);
    expect(result).toBe(CloseCode.InvalidPayload);
  });
});

/** Whether Yjs integrates `update` into `doc` completely: no exception, nothing left pending. */
function appliesCleanly(doc: Y.Doc, update: Uint8Array): boolean {
  try {
    Y.applyUpdate(doc, update);
  } catch {
    return false;
  }
  return doc.store.pendingStructs === null && doc.store.pendingDs === null;
}

/** Whether a document encoded and decoded again (what a fresh client gets) is the same. */
function roundTrips(doc: Y.Doc): boolean {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return isDeepStrictEqual(board(copy), board(doc)) && Y.equalSnapshots(Y.snapshot(copy), Y.snapshot(doc));
}

/** One realistic whiteboard edit, in one transaction. */
function randomEdit(doc: Y.Doc, rand: () => number): void {
  const shapes = doc.getMap<Y.Map<unknown>>('shapes');
  const keys = [...shapes.keys()].filter((key) => shapes.get(key) instanceof Y.Map);
  const shape = keys.length > 0 ? shapes.get(keys[below(rand, keys.length)]!) : undefined;
  const title = doc.getText('title');
  doc.transact(() => {
    const kind = shape ? below(rand, 6) : 0;
    if (kind === 0) addShape(doc, `n${below(rand, 1e9)}`, rand);
    else if (kind === 1 && shape!.get('points') instanceof Y.Array) (shape!.get('points') as Y.Array<number>).push([below(rand, 1000)]);
    else if (kind === 2) shape!.set('color', `#${below(rand, 0xffffff).toString(16).padStart(6, '0')}`);
    else if (kind === 3) title.insert(below(rand, title.length + 1), 'note ');
    else if (kind === 4 && title.length > 2) title.delete(below(rand, title.length - 1), 2);
    else shapes.delete(keys[below(rand, keys.length)]!);
  });
}
