import * as decoding from 'lib0/decoding';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageType } from '../protocol/message-type';
import { Role } from '../protocol/role';
import { silentLogger } from './testing/silent-logger';
import { Metrics } from './metrics';
import { Peer, type SocketLike } from './peer';
import { PresenceRelay } from './presence-relay';
import { RoomPeers } from './room-peers';

/** A socket that keeps what it is sent. */
class RecordingSocket implements SocketLike {
  readonly frames: Uint8Array[] = [];
  readonly bufferedAmount = 0;
  send(data: Uint8Array): void {
    this.frames.push(data);
  }
  close(): void {}
  terminate(): void {}
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const relays: PresenceRelay[] = [];

afterEach(() => {
  for (const relay of relays.splice(0)) relay.destroy();
});

/** A room's awareness with `count` peers, and the relay between them. */
function room(count: number): { awareness: Awareness; peers: Peer[]; sockets: RecordingSocket[]; relay: PresenceRelay } {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalState(null);
  const roomPeers = new RoomPeers('room', { log: silentLogger(), metrics: new Metrics(), limits: { maxBufferedBytes: 1 << 20, maxRoomBytes: 1 << 20 } });
  const sockets = Array.from({ length: count }, () => new RecordingSocket());
  const peers = sockets.map((socket, i) => new Peer(socket, Role.Editor, 0, `peer ${i}`, false));
  for (const peer of peers) roomPeers.add(peer);
  const relay = new PresenceRelay(awareness, roomPeers, { log: silentLogger(), metrics: new Metrics(), probeMs: 1_000, publish: () => undefined });
  relays.push(relay);
  return { awareness, peers, sockets, relay };
}

/** What a client of `peer`'s makes of a cursor move: one awareness update, as it would send it. */
function cursorMove(clientId: number, clock: number, x: number): Uint8Array {
  const client = new Awareness(new Y.Doc());
  client.clientID = clientId;
  client.states.set(clientId, { cursor: { x } });
  client.meta.set(clientId, { clock, lastUpdated: 0 });
  const update = encodeAwarenessUpdate(client, [clientId]);
  client.destroy();
  return update;
}

/** Applies every awareness frame a socket received to a fresh client awareness. */
function replay(socket: RecordingSocket): Map<number, unknown> {
  const client = new Awareness(new Y.Doc());
  for (const frame of socket.frames) {
    const decoder = decoding.createDecoder(frame);
    expect(decoding.readVarUint(decoder)).toBe(MessageType.Awareness);
    applyAwarenessUpdate(client, decoding.readVarUint8Array(decoder), 'server');
  }
  const states = new Map(client.getStates());
  client.destroy();
  return states;
}

describe('PresenceRelay', () => {
  it('sends a change in a quiet room at the end of its turn, without waiting for a timer', async () => {
    const { awareness, peers, sockets } = room(50);
    applyAwarenessUpdate(awareness, cursorMove(1, 1, 10), peers[0]);
    expect(sockets[1]?.frames).toHaveLength(0);
    await nextTurn();
    expect(sockets[1]?.frames).toHaveLength(1);
    expect(replay(sockets[1] as RecordingSocket).get(1)).toEqual({ cursor: { x: 10 } });
  });

  it('coalesces a storm of cursor moves in a large room into a few messages, ending on the latest', async () => {
    const { awareness, peers, sockets } = room(50);
    // Ten people each move their cursor five times, every move in an event-loop turn of its own.
    let moves = 0;
    for (let clock = 1; clock <= 5; clock++) {
      for (let person = 0; person < 10; person++) {
        applyAwarenessUpdate(awareness, cursorMove(100 + person, clock, clock * 10 + person), peers[person]);
        moves++;
        await nextTurn();
      }
    }
    await sleep(2 * 50 * 0.05 + 20);
    for (const socket of sockets) {
      // Per-turn batching alone would send one message per move.
      expect(socket.frames.length).toBeLessThan(moves / 4);
      const states = replay(socket);
      for (let person = 0; person < 10; person++) expect(states.get(100 + person)).toEqual({ cursor: { x: 50 + person } });
    }
  });

  it('sends nothing after it is destroyed', async () => {
    const { awareness, peers, sockets, relay } = room(50);
    applyAwarenessUpdate(awareness, cursorMove(1, 1, 10), peers[0]);
    await nextTurn();
    applyAwarenessUpdate(awareness, cursorMove(1, 2, 20), peers[0]);
    relay.destroy();
    await sleep(20);
    expect(sockets[1]?.frames).toHaveLength(1);
  });
});
