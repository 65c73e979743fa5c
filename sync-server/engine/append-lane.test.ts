/** The fast lane for appended points: relayed before they are applied, and only when the update guard cannot refuse them. */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyncStep } from '../../protocol/message-type';
import { DEFAULT_LIMITS } from '../constants';
import { silentLogger } from '../testing/silent-logger';
import { seededRandom } from '../testing/raw-http';
import { MemoryClient } from '../testing/room-kit';
import { countUpdate } from '../update-cost';
import { applyGuardedUpdate } from '../update-guard';
import { APPEND_BATCH_MS, AppendBatch, REMOTE_BATCH_MS } from './append-lane';
import { DocEngine, type EngineOutput } from './doc-engine';

/** A writer with a stroke of one point, and its document as the server stored it. */
function stroke(clientId: number): { doc: Y.Doc; points: Y.Array<number>; next: () => Uint8Array } {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const points = new Y.Array<number>();
  doc.transact(() => {
    const shape = new Y.Map<unknown>();
    shape.set('points', points);
    doc.getMap('shapes').set(`pen-${clientId}`, shape);
    points.push([0, 0, 0.5]);
  });
  let last: Uint8Array | null = null;
  doc.on('update', (update: Uint8Array) => (last = update));
  let x = 0;
  return { doc, points, next: () => (points.push([(x += 3), x % 7, 0.5]), last as unknown as Uint8Array) };
}

type Event = { type: string; peer?: number | null; relayed?: boolean; remote?: boolean; update?: Uint8Array; writes?: number };

function engine(stored: Uint8Array[]): { engine: DocEngine; events: Event[] } {
  const events: Event[] = [];
  const out: EngineOutput = {
    send: () => undefined,
    relay: (_frame, from) => events.push({ type: 'relay', peer: from }),
    change: (update, _frame, from, remote, relayed) => events.push({ type: 'change', peer: from, relayed, remote, update }),
    synced: () => undefined,
    written: (peer, writes) => events.push({ type: 'written', peer, writes }),
    refuse: (peer) => events.push({ type: 'refuse', peer }),
    corrupted: () => events.push({ type: 'corrupted' }),
    lost: () => undefined,
    cost: () => undefined,
  };
  const made = new DocEngine({ limits: DEFAULT_LIMITS, heldBudget: null, storageFull: () => null, log: silentLogger() }, out, stored);
  return { engine: made, events };
}

/** The item at `index` of a list of one-value items. */
function itemAt(list: Y.Array<unknown>, index: number): Y.ID {
  let item = list._start;
  for (let i = 0; i < index; i++) item = (item as Y.Item).right;
  return (item as Y.Item).id;
}

/** An update of one new item holding two values (any content), after `origin`, before `right`, deleting `deletes`. */
function plainItem(client: number, clock: number, origin: Y.ID, right: Y.ID | null, deletes: Array<[client: number, clock: number, length: number]>, badText = false): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const n of [1, 1, client, clock]) encoding.writeVarUint(encoder, n);
  encoding.writeUint8(encoder, 0x80 | (right ? 0x40 : 0) | 8);
  for (const n of [origin.client, origin.clock, ...(right ? [right.client, right.clock] : [])]) encoding.writeVarUint(encoder, n);
  encoding.writeVarUint(encoder, 2);
  encoding.writeAny(encoder, 1.5);
  if (badText) {
    encoding.writeUint8(encoder, 119); // a string, of bytes that are not UTF-8
    encoding.writeVarUint8Array(encoder, Uint8Array.of(0xff, 0xfe));
  } else {
    encoding.writeAny(encoder, 2);
  }
  encoding.writeVarUint(encoder, deletes.length);
  for (const [who, at, length] of deletes) for (const n of [who, 1, at, length]) encoding.writeVarUint(encoder, n);
  return encoding.toUint8Array(encoder);
}

afterEach(() => void vi.useRealTimers());

describe('the append lane', () => {
  it('relays a stroke\u2019s points as they come, applies and stores the burst as one update, and acks it after', () => {
    vi.useFakeTimers();
    const a = stroke(1);
    const stored = Y.encodeStateAsUpdate(a.doc);
    const { engine: doc, events } = engine([stored]);
    doc.rejoin(1, true, true);
    for (let i = 0; i < 3; i++) doc.receive(1, MemoryClient.write(a.next(), SyncStep.Update));
    expect(events.map((event) => event.type)).toEqual(['relay', 'relay', 'relay']);
    vi.advanceTimersByTime(APPEND_BATCH_MS);
    expect(events.slice(3).map((event) => event.type)).toEqual(['change', 'written']);
    expect(events[3]).toMatchObject({ peer: 1, relayed: true });
    expect(events[4]).toMatchObject({ peer: 1, writes: 3 });
    // What was stored is the burst: the stored board plus it is the writer's.
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, stored);
    Y.applyUpdate(rebuilt, events[3]?.update as Uint8Array);
    expect(rebuilt.store.pendingStructs).toBeNull();
    expect((rebuilt.getMap('shapes').get('pen-1') as Y.Map<Y.Array<number>>).get('points')?.toArray()).toEqual(a.points.toArray());
  });

  it('batches two writers drawing separate strokes, each stored as theirs; anything else applies the batch first', () => {
    vi.useFakeTimers();
    const [a, b] = [stroke(1), stroke(2)];
    const { engine: doc, events } = engine([Y.encodeStateAsUpdate(a.doc), Y.encodeStateAsUpdate(b.doc)]);
    doc.rejoin(1, true, true);
    doc.rejoin(2, true, true);
    doc.receive(1, MemoryClient.write(a.next(), SyncStep.Update));
    doc.receive(2, MemoryClient.write(b.next(), SyncStep.Update));
    doc.receive(1, MemoryClient.write(a.next(), SyncStep.Update));
    expect(events.map((event) => event.type)).toEqual(['relay', 'relay', 'relay']);
    a.doc.getMap('shapes').set('note', 'a string: not a plain append');
    doc.receive(1, MemoryClient.write(Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)), SyncStep.Update));
    const changes = events.filter((event) => event.type === 'change');
    expect(changes.map((event) => [event.peer, event.relayed])).toEqual([[1, true], [2, true], [1, false]]);
    expect(events.some((event) => event.type === 'refuse' || event.type === 'corrupted')).toBe(false);
  });

  it('relays points drawn on another instance to every peer here at once and applies them later together, unstored, beside the points drawn here', async () => {
    vi.useFakeTimers();
    const [a, b] = [stroke(1), stroke(2)];
    const { engine: doc, events } = engine([Y.encodeStateAsUpdate(a.doc), Y.encodeStateAsUpdate(b.doc)]);
    doc.rejoin(2, true, true);
    const remote = (update: Uint8Array): void => doc.applyRemote(update, MemoryClient.write(update, SyncStep.Update));
    const first = a.next();
    remote(first);
    remote(a.next());
    expect(events).toMatchObject([{ type: 'relay', peer: null }, { type: 'relay', peer: null }]);
    vi.advanceTimersByTime(APPEND_BATCH_MS);
    expect(events).toHaveLength(2);
    vi.advanceTimersByTime(REMOTE_BATCH_MS - APPEND_BATCH_MS);
    expect(events.slice(2)).toMatchObject([{ type: 'change', peer: null, remote: true, relayed: true }]);
    // A change it already has (a stream read again after a load) is neither relayed nor handed on.
    remote(first);
    expect(events).toHaveLength(3);
    // A point drawn here is relayed at once too: neither lane applies the other's points first.
    remote(a.next());
    doc.receive(2, MemoryClient.write(b.next(), SyncStep.Update));
    remote(a.next());
    expect(events.slice(3).map((event) => [event.type, event.peer])).toEqual([['relay', null], ['relay', 2], ['relay', null]]);
    const state = doc.encodeState();
    expect(events.slice(6).map((event) => [event.type, event.peer, event.remote, event.relayed])).toEqual([
      ['change', null, true, true],
      ['change', 2, false, true],
      ['written', 2, undefined, undefined],
    ]);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, await state);
    const points = (name: string): unknown => (copy.getMap('shapes').get(name) as Y.Map<Y.Array<number>>).get('points')?.toArray();
    expect([points('pen-1'), points('pen-2')]).toEqual([a.points.toArray(), b.points.toArray()]);
    expect(events.some((event) => event.type === 'refuse' || event.type === 'corrupted')).toBe(false);
  });

  it('takes no update the guard would refuse or hold, nor a second chain after the same item', () => {
    const server = new Y.Doc();
    // Separate items (two writers alternating, so none merge): a short list, and one 10,002 items long.
    const fill = (name: string, count: number): void => {
      for (let i = 0; i < count; i++) {
        server.clientID = 1 + (i % 2);
        server.getArray(name).push([i]);
      }
    };
    fill('a', 12);
    fill('long', 10_002);
    const id = (name: string, index: number): Y.ID => itemAt(server.getArray(name), index);
    const last = id('a', 11);
    const cases: Array<[what: string, update: Uint8Array, guard: string]> = [
      ['placed out of order (its right origin before its origin)', plainItem(777, 0, last, id('a', 3), []), 'refused'],
      ['after an item followed by 10,001 others', plainItem(777, 0, id('long', 0), null, []), 'refused'],
      ['deleting what the board lacks', plainItem(777, 0, last, null, [[999, 0, 1]]), 'incomplete'],
      ['after an item the board lacks', plainItem(777, 0, Y.createID(555, 0), null, []), 'incomplete'],
      ['from a clock past its writer\u2019s', plainItem(777, 5, last, null, []), 'incomplete'],
      ['holding text that is not UTF-8', plainItem(777, 0, last, null, [], true), 'refused'],
    ];
    const batch = new AppendBatch(() => undefined);
    for (const [what, update, guard] of cases) {
      expect(batch.take(server, 1, update, countUpdate(update)!), what).toBe(false);
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
      expect(applyGuardedUpdate(copy, update, 1).type, what).toBe(guard);
    }
    const plain = plainItem(777, 0, last, null, []);
    expect(batch.take(server, 1, plain, countUpdate(plain)!)).toBe(true);
    // Another writer's item after the same one: it would no longer end the list once the batch is in.
    const rival = plainItem(888, 0, last, null, []);
    expect(batch.take(server, 2, rival, countUpdate(rival)!)).toBe(false);
    const elsewhere = plainItem(888, 0, id('long', 10_001), null, []);
    expect(batch.take(server, 2, elsewhere, countUpdate(elsewhere)!)).toBe(true);
    batch.flush();
  });

  it('leaves the writers and starting items of the other lane alone, so that either lane may apply first', () => {
    const server = new Y.Doc();
    server.clientID = 1;
    server.getArray('a').push([0]);
    server.getArray('b').push([0]);
    const [endA, endB] = [itemAt(server.getArray('a'), 0), itemAt(server.getArray('b'), 0)];
    const here = new AppendBatch(() => undefined);
    const elsewhere = new AppendBatch(() => undefined, REMOTE_BATCH_MS);
    const take = (lane: AppendBatch, other: AppendBatch, update: Uint8Array): boolean => lane.take(server, 1, update, countUpdate(update)!, other);
    expect(take(elsewhere, here, plainItem(777, 0, endA, null, []))).toBe(true);
    // After the same item: once the other lane is in, it would no longer end its list.
    expect(take(here, elsewhere, plainItem(888, 0, endA, null, []))).toBe(false);
    // The same writer's item (the same clock, sent again) after another list's end.
    expect(take(here, elsewhere, plainItem(777, 0, endB, null, []))).toBe(false);
    // Another writer after another list's end: taken, and the other lane now leaves that item alone.
    expect(take(here, elsewhere, plainItem(888, 0, endB, null, []))).toBe(true);
    expect(take(elsewhere, here, plainItem(999, 0, endB, null, []))).toBe(false);
    here.flush();
    elsewhere.flush();
  });

  it('takes only updates the update guard then applies whole (20,000 mutated appends)', () => {
    const seed = Number(process.env.BAD_INPUT_SEED ?? 2012);
    const rand = seededRandom(seed);
    const a = stroke(1);
    const stored = Y.encodeStateAsUpdate(a.doc);
    const valid = a.next();
    let taken = 0;
    for (let i = 0; i < 20_000; i++) {
      const mutant = valid.slice();
      for (let m = 1 + Math.floor(rand() * 3); m > 0; m--) mutant[Math.floor(rand() * mutant.length)] = Math.floor(rand() * 256);
      const server = new Y.Doc();
      Y.applyUpdate(server, stored);
      const counts = countUpdate(mutant);
      if (!counts) continue;
      if (!new AppendBatch(() => undefined).take(server, 1, mutant, counts)) continue;
      taken++;
      expect(applyGuardedUpdate(server, mutant, 1), `seed ${seed}, mutant ${i}: ${Array.from(mutant).join(',')}`).toEqual({ type: 'applied' });
    }
    expect(taken).toBeGreaterThan(100);
  });
});
