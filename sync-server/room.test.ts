/**
 * The room core through its interfaces: peers on in-memory sockets, real Yjs documents on both
 * sides, memory storage (or storage a test controls), the in-process fan-out.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../protocol/close-code';
import { MessageType, SyncStep } from '../protocol/message-type';
import { Role } from '../protocol/role';
import { InProcessFanOut } from './fan-out';
import { Room } from './room';
import { MemoryStorage } from './testing/memory-storage';
import { MemoryClient, outOfOrderInsert, roomContext, settle } from './testing/room-kit';

/** Memory storage whose appends wait until the test lets them land (or fail). */
class HeldStorage extends MemoryStorage {
  readonly pending: Array<{ land: () => void; fail: () => void }> = [];

  override appendUpdate(room: string, update: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({
        land: () => void super.appendUpdate(room, update).then(resolve),
        fail: () => reject(new Error('disk full')),
      });
    });
  }
}

/** Joins `client` and completes its handshake (the room's step 1 and the client's step 2). */
async function join(room: Room, client: MemoryClient): Promise<void> {
  room.addPeer(client.peer);
  await settle();
  for (const reply of client.pump()) room.receive(client.peer, reply);
  await settle();
  client.pump();
}

function edit(client: MemoryClient, change: (doc: Y.Doc) => void): Uint8Array {
  let update: Uint8Array | null = null;
  const capture = (u: Uint8Array): void => void (update = u);
  client.doc.once('update', capture);
  change(client.doc);
  return MemoryClient.write(update as unknown as Uint8Array, SyncStep.Update);
}

async function loaded(ctx = roomContext(), id = 'board'): Promise<Room> {
  const room = new Room(id, ctx);
  await room.load();
  return room;
}

describe('a room', () => {
  it('greets a joiner with its role, then step 1', async () => {
    const room = await loaded();
    const first = new MemoryClient();
    await join(room, first);
    const viewer = new MemoryClient(Role.Viewer);
    room.addPeer(viewer.peer);
    await settle();
    const types = viewer.socket.frames.map((frame) => [frame[0], frame[1]]);
    expect(types[0]).toEqual([MessageType.Auth, 1]);
    expect(types[1]).toEqual([MessageType.Sync, 0]);
  });

  it('relays a change to the other peers at once, and acknowledges it only once it is stored', async () => {
    const storage = new HeldStorage();
    const room = await loaded(roomContext({ storage }));
    const writer = new MemoryClient(Role.Editor, true);
    const reader = new MemoryClient();
    await join(room, writer);
    storage.pending.splice(0).forEach((append) => append.land());
    await settle();
    await join(room, reader);
    const acksBefore = writer.pump().length + writer.acks.length;

    room.receive(writer.peer, edit(writer, (doc) => doc.getText('t').insert(0, 'hello')));
    await settle();
    reader.pump();
    // Relayed ahead of storage...
    expect(reader.doc.getText('t').toString()).toBe('hello');
    writer.pump();
    expect(writer.acks.length).toBe(acksBefore);
    // ...and acknowledged when it lands.
    storage.pending.splice(0).forEach((append) => append.land());
    await settle();
    writer.pump();
    expect(writer.acks.at(-1)).toBe(2);
    expect((await storage.loadRoom('board')).length).toBeGreaterThan(0);
  });

  it('closes everyone with 1011 and acknowledges nothing when a change cannot be stored', async () => {
    const storage = new HeldStorage();
    const room = await loaded(roomContext({ storage }));
    const writer = new MemoryClient(Role.Editor, true);
    const reader = new MemoryClient();
    await join(room, writer);
    await join(room, reader);
    const acked = [...writer.acks];
    room.receive(writer.peer, edit(writer, (doc) => doc.getText('t').insert(0, 'lost')));
    await settle();
    storage.pending.splice(0).forEach((append) => append.fail());
    await settle();
    writer.pump();
    expect(writer.acks).toEqual(acked);
    expect(writer.socket.closed?.code).toBe(CloseCode.InternalError);
    expect(reader.socket.closed?.code).toBe(CloseCode.InternalError);
    expect(room.broken).toBe(true);
  });

  it('keeps what arrives while it loads in one queue, in order', async () => {
    let release: () => void = () => {};
    class SlowStorage extends MemoryStorage {
      override async loadRoom(room: string): Promise<Uint8Array[]> {
        await new Promise<void>((resolve) => (release = resolve));
        return super.loadRoom(room);
      }
    }
    const storage = new SlowStorage();
    const seed = new Y.Doc();
    seed.getArray('log').push(['stored']);
    await storage.appendUpdate('board', Y.encodeStateAsUpdate(seed));
    const room = new Room('board', roomContext({ storage }));
    const loading = room.load();
    const client = new MemoryClient();
    client.doc.getArray('log').push(['mine']);
    room.addPeer(client.peer);
    room.receive(client.peer, MemoryClient.write(Y.encodeStateAsUpdate(client.doc)));
    expect(client.socket.frames).toEqual([]);
    release();
    await loading;
    await settle();
    for (const reply of client.pump()) room.receive(client.peer, reply);
    await settle();
    const server = new Y.Doc();
    Y.applyUpdate(server, await room.encodeState());
    expect(server.getArray('log').toArray().sort()).toEqual(['mine', 'stored']);
  });

  it('answers a new room from an empty document until its first write, which makes the document', async () => {
    const opened: number[] = [];
    const ctx = roomContext();
    const engines = ctx.engines;
    ctx.engines = { open: (id, stored, size, out, log) => (opened.push(size), engines.open(id, stored, size, out, log)) };
    const room = await loaded(ctx);
    const viewer = new MemoryClient(Role.Viewer);
    await join(room, viewer);
    expect(viewer.peer.synced).toBe(true);
    expect(opened).toEqual([]);
    const writer = new MemoryClient();
    writer.doc.getText('t').insert(0, 'x'.repeat(1000));
    await join(room, writer);
    // Its step 2 carried the board: the document was made for that size.
    expect(opened).toHaveLength(1);
    expect(opened[0]).toBeGreaterThan(1000);
    viewer.pump();
    expect(viewer.doc.getText('t').length).toBe(1000);
  });

  it('rebuilds its document from storage when a refused update had changed it; the others stay', async () => {
    const room = await loaded();
    const honest = new MemoryClient();
    const other = new MemoryClient();
    await join(room, honest);
    await join(room, other);
    room.receive(honest.peer, edit(honest, (doc) => doc.getText('title').insert(0, 'a board title')));
    await settle();
    const attacker = new MemoryClient();
    await join(room, attacker);
    room.receive(attacker.peer, MemoryClient.write(outOfOrderInsert(honest.doc.getText('title')), SyncStep.Update));
    await settle();
    await settle();
    expect(attacker.socket.closed?.code).toBe(CloseCode.InvalidPayload);
    expect(honest.socket.closed).toBeNull();
    room.receive(honest.peer, edit(honest, (doc) => doc.getText('title').insert(0, 'still ')));
    await settle();
    other.pump();
    expect(other.doc.getText('title').toString()).toBe('still a board title');
    const server = new Y.Doc();
    Y.applyUpdate(server, await room.encodeState());
    expect(server.getText('title').toString()).toBe('still a board title');
  });

  it('applies and relays what the room elsewhere changed, without storing it again', async () => {
    const fanOut = new InProcessFanOut();
    const storage = new MemoryStorage();
    const here = await loaded(roomContext({ storage, fanOut }));
    const there = await loaded(roomContext({ storage, fanOut }));
    const local = new MemoryClient();
    const remote = new MemoryClient();
    await join(here, local);
    await join(there, remote);
    there.receive(remote.peer, edit(remote, (doc) => doc.getMap('m').set('from', 'there')));
    await settle();
    local.pump();
    expect(local.doc.getMap('m').get('from')).toBe('there');
    // Stored once, by the room it was made in.
    expect(await storage.loadRoom('board')).toHaveLength(1);
  });
});
