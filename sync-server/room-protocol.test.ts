/** The room's half of the protocol, as pure functions: routing, presence, query, ping. */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../protocol/close-code';
import { MessageType } from '../protocol/message-type';
import { encodePing } from '../protocol/ping';
import { handleMessage, type MessageContext } from './room-protocol';
import { message } from './testing/frames';

function presence(entries: Array<[clientId: number, clock: number, state: unknown]>): Uint8Array {
  const scratch = new Awareness(new Y.Doc());
  for (const [clientId, clock, state] of entries) {
    if (state !== null) scratch.states.set(clientId, state as Record<string, unknown>);
    scratch.meta.set(clientId, { clock, lastUpdated: 0 });
  }
  const update = encodeAwarenessUpdate(scratch, entries.map(([clientId]) => clientId));
  scratch.destroy();
  return message(MessageType.Awareness, update);
}

function context(owners = new Map<number, unknown>(), origin: unknown = 'me'): MessageContext & { awareness: Awareness } {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalState(null);
  return {
    awareness,
    origin,
    presence: { ownerOf: (id) => owners.get(id) },
    presenceOwned: [...owners.values()].filter((owner) => owner === origin).length,
    claimPresence: (id) => owners.set(id, origin),
  };
}

function run(bytes: Uint8Array, ctx: MessageContext): { outcome: ReturnType<typeof handleMessage>; reply: Uint8Array } {
  const encoder = encoding.createEncoder();
  const outcome = handleMessage(decoding.createDecoder(bytes), encoder, ctx);
  return { outcome, reply: encoding.toUint8Array(encoder) };
}

describe('the room protocol', () => {
  it('hands Sync messages on to the document engine, untouched', () => {
    expect(run(message(MessageType.Sync, 0, new Uint8Array([0])), context()).outcome).toEqual({ type: 'sync' });
  });

  it('applies presence its sender announces first, and records the claim', () => {
    const owners = new Map<number, unknown>();
    const ctx = context(owners);
    expect(run(presence([[7, 1, { name: 'Ada' }]]), ctx).outcome).toEqual({ type: 'ok' });
    expect(ctx.awareness.getStates().get(7)).toEqual({ name: 'Ada' });
    expect(owners.get(7)).toBe('me');
  });

  it('reports presence for an id someone else owns as contested, and applies none of it', () => {
    const ctx = context(new Map([[7, 'them']]));
    const { outcome } = run(presence([[8, 1, { name: 'me' }], [7, 5, { name: 'Mallory' }]]), ctx);
    expect(outcome).toEqual({ type: 'contested', owners: ['them'] });
    expect(ctx.awareness.getStates().size).toBe(0);
  });

  it('lets an echo of someone else\u2019s presence pass: it changes nothing', () => {
    const ctx = context(new Map([[7, 'them']]));
    ctx.awareness.states.set(7, { name: 'Ada' });
    ctx.awareness.meta.set(7, { clock: 3, lastUpdated: 0 });
    expect(run(presence([[7, 3, { name: 'Ada' }]]), ctx).outcome).toEqual({ type: 'ok' });
    // A removal at the same clock (a client's own timeout) is taken out, not applied.
    expect(run(presence([[7, 3, null]]), ctx).outcome).toEqual({ type: 'ok' });
    expect(ctx.awareness.getStates().get(7)).toEqual({ name: 'Ada' });
  });

  it('refuses oversized presence and absurd clocks with 1008, and undecodable presence with 1007', () => {
    expect(run(presence([[7, 1, { name: 'x'.repeat(9000) }]]), context()).outcome).toMatchObject({ type: 'close', code: CloseCode.PolicyViolation });
    expect(run(presence([[7, Number.MAX_SAFE_INTEGER, {}]]), context()).outcome).toMatchObject({ type: 'close', code: CloseCode.PolicyViolation });
    expect(run(message(MessageType.Awareness, new Uint8Array([1, 7, 1, 3, 0x7b, 0x7b, 0x7b])), context()).outcome).toMatchObject({ type: 'close', code: CloseCode.InvalidPayload });
  });

  it('answers a query with every state, and a ping with its own payload', () => {
    const ctx = context();
    run(presence([[7, 1, { name: 'Ada' }]]), ctx);
    const { reply } = run(message(MessageType.QueryAwareness), ctx);
    expect(reply[0]).toBe(MessageType.Awareness);
    const ping = encodePing(12.5);
    const pong = run(ping, ctx).reply;
    expect(pong[0]).toBe(MessageType.Pong);
    expect([...pong.subarray(1)]).toEqual([...ping.subarray(1)]);
  });

  it('closes on what it cannot read: 1002 for broken framing, 1003 for unknown or server-only types', () => {
    expect(run(new Uint8Array([]), context()).outcome).toMatchObject({ type: 'close', code: CloseCode.ProtocolError });
    expect(run(message(MessageType.Awareness), context()).outcome).toMatchObject({ type: 'close', code: CloseCode.ProtocolError });
    expect(run(message(MessageType.Ping, new Uint8Array(40)), context()).outcome).toMatchObject({ type: 'close', code: CloseCode.ProtocolError });
    for (const type of [MessageType.Auth, MessageType.Pong, MessageType.Ack, 77]) {
      expect(run(message(type), context()).outcome).toMatchObject({ type: 'close', code: CloseCode.UnsupportedData });
    }
  });
});
