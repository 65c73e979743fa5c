import { describe, expect, it } from 'vitest';
import { Role } from '../protocol/role';
import { Peer, type SocketLike } from './peer';
import { SendBacklog } from './send-backlog';

/** A socket whose buffer only drains when the test says so, like a client that stopped reading. */
class StalledSocket implements SocketLike {
  bufferedAmount = 0;
  private readonly writes: Array<{ bytes: number; done?: () => void }> = [];
  send(data: Uint8Array, done?: () => void): void {
    this.bufferedAmount += data.length;
    this.writes.push({ bytes: data.length, done });
  }
  /** The oldest frame is written out. */
  drainOne(): void {
    const write = this.writes.shift();
    if (!write) return;
    this.bufferedAmount -= write.bytes;
    write.done?.();
  }
  close(): void {}
  terminate(): void {}
}

const LIMIT = 1000;
const BULK = 400;

function peerWith(socket: StalledSocket): Peer {
  return new Peer(socket, Role.Editor, 0, '127.0.0.1', false);
}

describe('SendBacklog', () => {
  it('sets boards aside while they are written, but counts what queues behind them', () => {
    const backlog = new SendBacklog(LIMIT, BULK, 10 * LIMIT);
    const socket = new StalledSocket();
    const peer = peerWith(socket);
    // Two boards, each larger than the limit (an upload's broadcast, then the step 2).
    backlog.send(peer, new Uint8Array(3 * LIMIT));
    expect(backlog.isOver(peer)).toBe(false);
    backlog.send(peer, new Uint8Array(3 * LIMIT));
    expect(backlog.isOver(peer)).toBe(false);
    for (let i = 0; i < 10; i++) backlog.send(peer, new Uint8Array(100));
    expect(backlog.isOver(peer)).toBe(false);
    backlog.send(peer, new Uint8Array(100));
    expect(backlog.isOver(peer), 'over the limit behind the boards').toBe(true);
    // The first board is written out: it no longer counts either way.
    socket.drainOne();
    expect(backlog.isOver(peer)).toBe(true);
    for (let i = 0; i < 11; i++) socket.drainOne();
    expect(backlog.isOver(peer)).toBe(false);
  });

  it('counts frames under the board size, and boards beyond the cap, as backlog', () => {
    const small = new StalledSocket();
    const backlog = new SendBacklog(LIMIT, BULK, 4 * LIMIT);
    const smallPeer = peerWith(small);
    for (let i = 0; i < 3; i++) backlog.send(smallPeer, new Uint8Array(BULK - 1));
    expect(backlog.isOver(smallPeer)).toBe(true);
    const big = new StalledSocket();
    const bigPeer = peerWith(big);
    backlog.send(bigPeer, new Uint8Array(3 * LIMIT));
    backlog.send(bigPeer, new Uint8Array(3 * LIMIT));
    expect(backlog.isOver(bigPeer), 'the second board is past the cap').toBe(true);
  });
});
