import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { attribute, decodeShares, type Author } from './attribution';
import { undoChanges } from './revert';
import { foldLog, type LogEntry } from './segments';

/** Three people editing one board, their updates logged in the order a server would store them. */
function room() {
  const log: LogEntry[] = [];
  const people = new Map<string, Y.Doc>();
  let seq = 0;
  const person = (name: string): Y.Doc => {
    const doc = new Y.Doc();
    for (const other of people.values()) Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'peer') return;
      log.push({ seq: ++seq, data: update, author: { name, color: '#e03131' } });
      for (const other of people.values()) if (other !== doc) Y.applyUpdate(other, update, 'peer');
    });
    people.set(name, doc);
    return doc;
  };
  return { log, person, now: () => seq };
}

function shape(doc: Y.Doc, id: string, fields: Record<string, unknown>): void {
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(fields)) map.set(key, value);
    doc.getMap<Y.Map<unknown>>('shapes').set(id, map);
  });
}

/** Reverts `name`'s changes after log position `since`, from segments cut at `versions`; the board after it. */
function revert(log: LogEntry[], versions: number[], since: number, name: string | null): Y.Doc {
  const segments = foldLog(log, versions);
  const after = segments.filter((s) => s.seq > since).flatMap((s) => decodeShares(s.shares)).filter((s) => name === null || s.author?.name === name);
  const created = Y.mergeUpdates(after.map((s) => s.created));
  const deleted = Y.mergeUpdates(after.map((s) => s.deleted));
  const parts = segments.map((s) => s.data);
  const change = undoChanges(parts, created, deleted);
  const doc = new Y.Doc();
  for (const part of parts) Y.applyUpdate(doc, part);
  if (change) Y.applyUpdate(doc, change);
  return doc;
}

const shapesOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('shapes');

describe('undoing one person\u2019s changes', () => {
  it('removes what they drew, brings back what they deleted, and leaves everyone else\u2019s work', () => {
    const { log, person, now } = room();
    const alice = person('Alice');
    const bob = person('Bob');
    const carol = person('Carol');
    shape(alice, 'a1', { type: 'rect', x: 1 });
    shape(bob, 'b1', { type: 'rect', x: 2 });
    const version = now();
    shape(carol, 'c1', { type: 'stroke', x: 3 });
    carol.transact(() => shapesOf(carol).delete('a1'));
    shape(alice, 'a2', { type: 'ellipse', x: 4 });
    const board = revert(log, [version], version, 'Carol');
    expect([...shapesOf(board).keys()].sort()).toEqual(['a1', 'a2', 'b1']);
    expect(shapesOf(board).get('a1')?.get('x')).toBe(1);
  });

  it('puts back a value they overwrote, unless someone changed it again after them', () => {
    const { log, person, now } = room();
    const alice = person('Alice');
    const carol = person('Carol');
    shape(alice, 'a1', { type: 'rect', x: 1, y: 1 });
    const version = now();
    carol.transact(() => {
      shapesOf(carol).get('a1')?.set('x', 500);
      shapesOf(carol).get('a1')?.set('y', 500);
    });
    alice.transact(() => shapesOf(alice).get('a1')?.set('y', 7));
    const board = revert(log, [version], version, 'Carol');
    expect(shapesOf(board).get('a1')?.get('x')).toBe(1);
    expect(shapesOf(board).get('a1')?.get('y')).toBe(7);
  });

  it('takes out text they typed and keeps what another person typed after it', () => {
    const { log, person, now } = room();
    const alice = person('Alice');
    const carol = person('Carol');
    alice.transact(() => {
      const note = new Y.Map<unknown>();
      note.set('text', new Y.Text('Plan'));
      shapesOf(alice).set('n1', note);
    });
    const version = now();
    (shapesOf(carol).get('n1')?.get('text') as Y.Text).insert(4, ' XXX');
    (shapesOf(alice).get('n1')?.get('text') as Y.Text).insert(8, ' today');
    const board = revert(log, [version], version, 'Carol');
    expect((shapesOf(board).get('n1')?.get('text') as Y.Text).toString()).toBe('Plan today');
  });

  it('only reverts what came after the chosen version', () => {
    const { log, person, now } = room();
    const carol = person('Carol');
    shape(carol, 'early', { type: 'rect' });
    const first = now();
    shape(carol, 'late', { type: 'rect' });
    const second = now();
    shape(carol, 'latest', { type: 'rect' });
    const board = revert(log, [first, second], second, 'Carol');
    expect([...shapesOf(board).keys()].sort()).toEqual(['early', 'late']);
  });

  it('with everyone\u2019s changes, brings the board back to the version (a restore)', () => {
    const { log, person, now } = room();
    const alice = person('Alice');
    const bob = person('Bob');
    shape(alice, 'a1', { type: 'rect', x: 1 });
    shape(bob, 'b1', { type: 'rect', x: 2 });
    const version = now();
    bob.transact(() => {
      for (const id of [...shapesOf(bob).keys()]) shapesOf(bob).delete(id);
    });
    shape(alice, 'a2', { type: 'rect' });
    const board = revert(log, [version], version, null);
    expect([...shapesOf(board).keys()].sort()).toEqual(['a1', 'b1']);
  });

  it('changes nothing when the person changed nothing since', () => {
    const { log, person, now } = room();
    const alice = person('Alice');
    shape(alice, 'a1', { type: 'rect' });
    const version = now();
    const segments = foldLog(log, [version]);
    const nothing = attribute([]);
    expect(nothing).toEqual([]);
    expect(undoChanges(segments.map((s) => s.data), Y.mergeUpdates([]), Y.mergeUpdates([]))).toBeNull();
  });
});

describe('attribution', () => {
  it('keeps one share per author, in order of first change', () => {
    const { log, person } = room();
    const alice = person('Alice');
    const bob = person('Bob');
    shape(alice, 'a', {});
    shape(bob, 'b', {});
    shape(alice, 'c', {});
    const [segment] = foldLog(log, []);
    expect(segment?.authors.map((a: Author) => a.name)).toEqual(['Alice', 'Bob']);
    expect(decodeShares(segment?.shares ?? new Uint8Array()).map((s) => s.author?.name)).toEqual(['Alice', 'Bob']);
  });
});
