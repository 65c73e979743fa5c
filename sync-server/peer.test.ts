import { describe, expect, it } from 'vitest';
import { Role } from '../protocol/role';
import { Peer, type SocketLike } from './peer';

const socket: SocketLike = { bufferedAmount: 0, send() {}, close() {}, terminate() {} };

describe('a peer holding updates that wait for its step 2', () => {
  it('keeps them in order up to the limit and hands them over once', () => {
    const peer = new Peer(socket, Role.Editor, 0, '127.0.0.1', false);
    expect(peer.hold([new Uint8Array(3)], 10)).toBe(true);
    expect(peer.hold([new Uint8Array(4), new Uint8Array(3)], 10)).toBe(true);
    expect(peer.heldBytes).toBe(10);
    expect(peer.takeHeld().map((part) => part.length)).toEqual([3, 4, 3]);
    expect([peer.held, peer.heldBytes]).toEqual([[], 0]);
    expect(peer.takeHeld()).toEqual([]);
  });

  it('refuses, and keeps nothing, once they pass the limit', () => {
    const peer = new Peer(socket, Role.Editor, 0, '127.0.0.1', false);
    expect(peer.hold([new Uint8Array(8)], 10)).toBe(true);
    expect(peer.hold([new Uint8Array(3)], 10)).toBe(false);
    expect([peer.held, peer.heldBytes]).toEqual([[], 0]);
  });
});
