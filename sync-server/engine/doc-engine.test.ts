/** The document engine through its output, with real Yjs on both sides. */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../protocol/close-code';
import { MessageType, SyncStep } from '../../protocol/message-type';
import { DEFAULT_LIMITS } from '../constants';
import { silentLogger } from '../testing/silent-logger';
import { MemoryClient, outOfOrderInsert } from '../testing/room-kit';
import { DocEngine, type EngineOutput } from './doc-engine';

type Event = { type: string; peer?: number | null; writes?: number; code?: number; update?: Uint8Array; frames?: readonly Uint8Array[]; remote?: boolean };

function engine(stored: Uint8Array[] = [], limits: Partial<typeof DEFAULT_LIMITS> = {}): { engine: DocEngine; events: Event[] } {
  const events: Event[] = [];
  const out: EngineOutput = {
    send: (peer, frames) => events.push({ type: 'send', peer, frames }),
    relay: (_frame, from) => events.push({ type: 'relay', peer: from }),
    change: (update, _frame, from, remote) => events.push({ type: 'change', update, ...(from === null ? {} : { peer: from }), remote }),
    synced: (peer) => events.push({ type: 'synced', peer }),
    written: (peer, writes) => events.push({ type: 'written', peer, writes }),
    refuse: (peer, code) => events.push({ type: 'refuse', peer, code }),
    corrupted: () => events.push({ type: 'corrupted' }),
    lost: () => events.push({ type: 'lost' }),
    cost: () => undefined,
  };
  const made = new DocEngine({ limits: { ...DEFAULT_LIMITS, ...limits }, heldBudget: null, storageFull: () => null, log: silentLogger() }, out, stored);
  return { engine: made, events };
}

function step1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** Applies the step 2s among `frames` to `doc`. */
function apply(doc: Y.Doc, frames: readonly Uint8Array[]): void {
  for (const frame of frames) {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) === MessageType.Sync) syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, null);
  }
}

const kinds = (events: Event[]): string[] => events.map((event) => event.type);

describe('the document engine', () => {
  it('builds the stored document and answers a joiner\u2019s step 1 with it', () => {
    const author = new Y.Doc();
    author.getArray('a').push([1, 2, 3]);
    const { engine: doc, events } = engine([Y.encodeStateAsUpdate(author)]);
    doc.join(1, true);
    const joiner = new Y.Doc();
    doc.receive(1, step1(joiner));
    apply(joiner, events.flatMap((event) => event.frames ?? []));
    expect(joiner.getArray('a').toArray()).toEqual([1, 2, 3]);
  });

  it('hands on an accepted change, then says the write is accepted', () => {
    const { engine: doc, events } = engine();
    doc.join(1, true);
    const client = new Y.Doc();
    client.getMap('m').set('k', 'v');
    doc.receive(1, MemoryClient.write(Y.encodeStateAsUpdate(client)));
    expect(kinds(events).slice(1)).toEqual(['change', 'synced', 'written']);
    expect(events.at(-1)).toMatchObject({ peer: 1, writes: 1 });
  });

  it('refuses a viewer\u2019s update with 1008, but takes its step 2 as a sync', () => {
    const { engine: doc, events } = engine();
    doc.join(2, false);
    const client = new Y.Doc();
    client.getMap('m').set('k', 'v');
    doc.receive(2, MemoryClient.write(Y.encodeStateAsUpdate(client)));
    expect(kinds(events).slice(1)).toEqual(['synced', 'written']);
    doc.receive(2, MemoryClient.write(Y.encodeStateAsUpdate(client), SyncStep.Update));
    expect(events.at(-1)).toMatchObject({ type: 'refuse', peer: 2, code: CloseCode.PolicyViolation });
  });

  it('holds an early update until the connection\u2019s step 2, and only then says its writes are accepted', () => {
    const { engine: doc, events } = engine();
    doc.join(1, true);
    const client = new Y.Doc();
    client.getText('t').insert(0, 'offline ');
    const offline = Y.encodeStateAsUpdate(client);
    let later: Uint8Array | null = null;
    client.once('update', (update: Uint8Array) => (later = update));
    client.getText('t').insert(8, 'later');
    doc.receive(1, MemoryClient.write(later as unknown as Uint8Array, SyncStep.Update));
    expect(kinds(events).filter((kind) => kind === 'written')).toEqual([]);
    doc.receive(1, MemoryClient.write(offline));
    expect(events.at(-1)).toMatchObject({ type: 'written', peer: 1, writes: 2 });
    const copy = new Y.Doc();
    for (const event of events) if (event.type === 'change') Y.applyUpdate(copy, event.update as Uint8Array);
    expect(copy.getText('t').toString()).toBe('offline later');
  });

  it('says it is corrupted when a refused message had already changed the document', () => {
    const author = new Y.Doc();
    author.getText('title').insert(0, 'a board title');
    const { engine: doc, events } = engine([Y.encodeStateAsUpdate(author)]);
    doc.join(1, true);
    doc.receive(1, MemoryClient.write(outOfOrderInsert(author.getText('title')), SyncStep.Update));
    expect(kinds(events)).toContain('corrupted');
    expect(events.find((event) => event.type === 'refuse')).toMatchObject({ code: CloseCode.InvalidPayload });
    expect(kinds(events)).not.toContain('change');
  });

  it('refuses an update past the room cap before applying it, after measuring the document afresh', () => {
    const { engine: doc, events } = engine([], { maxRoomBytes: 200_000 });
    doc.join(1, true);
    const client = new Y.Doc();
    client.getArray('a').push(Array.from({ length: 5_000 }, () => ({})));
    doc.receive(1, MemoryClient.write(Y.encodeStateAsUpdate(client)));
    expect(events.at(-1)).toMatchObject({ type: 'refuse', code: CloseCode.PolicyViolation });
    expect(kinds(events)).not.toContain('change');
  });

  it('applies a change from elsewhere and hands it on as remote', () => {
    const { engine: doc, events } = engine();
    const elsewhere = new Y.Doc();
    elsewhere.getMap('m').set('k', 1);
    const update = Y.encodeStateAsUpdate(elsewhere);
    doc.applyRemote(update, MemoryClient.write(update, SyncStep.Update));
    expect(events.filter((event) => event.type === 'change')).toMatchObject([{ remote: true }]);
  });
});
