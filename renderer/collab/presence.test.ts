import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CURSOR_INTERVAL_MS, Presence, readPresence } from './presence';

afterEach(() => vi.useRealTimers());

/** Two awareness instances wired to each other, as through a server. */
function pair(): [Awareness, Awareness] {
  const a = new Awareness(new Y.Doc());
  const b = new Awareness(new Y.Doc());
  const relay = (from: Awareness, to: Awareness) => ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin === 'remote') return;
    applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [...added, ...updated, ...removed]), 'remote');
  };
  a.on('update', relay(a, b));
  b.on('update', relay(b, a));
  return [a, b];
}

describe('Presence', () => {
  it('shows each person to the other with name, colour and cursor', () => {
    vi.useFakeTimers();
    const [a, b] = pair();
    const alice = new Presence(a, { name: 'Alice', color: '#e03131' });
    const bob = new Presence(b, { name: 'Bob', color: '#1971c2' });
    alice.setCursor({ x: 10, y: 20 });
    expect(bob.peers()).toEqual([
      { clientId: b.clientID, name: 'Bob', color: '#1971c2', cursor: null, viewport: null, focus: [], caret: null, isSelf: true },
      { clientId: a.clientID, name: 'Alice', color: '#e03131', cursor: { x: 10, y: 20 }, viewport: null, focus: [], caret: null, isSelf: false },
    ]);
  });

  it('throttles cursor updates but always delivers the last position', () => {
    vi.useFakeTimers();
    const [a, b] = pair();
    const alice = new Presence(a, { name: 'Alice', color: '#e03131' });
    const bob = new Presence(b, { name: 'Bob', color: '#1971c2' });
    let updates = 0;
    b.on('change', () => updates++);
    for (let i = 0; i < 20; i++) alice.setCursor({ x: i, y: i });
    expect(updates).toBe(1);
    vi.advanceTimersByTime(CURSOR_INTERVAL_MS);
    expect(updates).toBe(2);
    expect(bob.peers().find((p) => !p.isSelf)?.cursor).toEqual({ x: 19, y: 19 });
  });

  it.each([
    [{}, 'no user'],
    [{ user: { name: 'Mallory', color: 'red; background: url(x)' } }, 'a colour that is not ours'],
    [{ user: { name: '   ', color: '#e03131' } }, 'an empty name'],
    [{ user: { name: 42, color: '#e03131' } }, 'a name that is not text'],
  ] as Array<[Record<string, unknown>, string]>)('ignores a peer with %j (%s)', (state) => {
    expect(readPresence(7, state, 1)).toBeNull();
  });

  it('drops malformed cursor and viewport values but keeps the person', () => {
    const presence = readPresence(7, { user: { name: 'x'.repeat(80), color: '#e03131' }, cursor: { x: 'a', y: 1 }, viewport: { x: 0, y: 0, zoom: -1 } }, 1);
    expect(presence).toEqual({ clientId: 7, name: 'x'.repeat(40), color: '#e03131', cursor: null, viewport: null, focus: [], caret: null, isSelf: false });
  });

  it('shares the shapes a person focuses, keeping only well-formed ids', () => {
    const [a, b] = pair();
    const alice = new Presence(a, { name: 'Alice', color: '#e03131' });
    const bob = new Presence(b, { name: 'Bob', color: '#1971c2' });
    alice.setFocus(['s1', 's2']);
    expect(bob.peers().find((p) => !p.isSelf)?.focus).toEqual(['s1', 's2']);
    const read = readPresence(7, { user: { name: 'M', color: '#e03131' }, focus: ['ok', '<img>', 5, 'x'.repeat(65)] }, 1);
    expect(read?.focus).toEqual(['ok']);
  });

  it('carries a caret that stays on its character while a peer types before it', () => {
    const doc = new Y.Doc();
    // As on a board: the text of a note, inside the note's map.
    const text = new Y.Text('hello world');
    doc.getMap('shapes').set('note1', new Y.Map([['text', text]]));
    const [a, b] = pair();
    const alice = new Presence(a, { name: 'Alice', color: '#e03131' });
    const bob = new Presence(b, { name: 'Bob', color: '#1971c2' });
    // Alice's caret just before "world".
    const at = Y.createRelativePositionFromTypeIndex(text, 6);
    alice.setTextCaret({ id: 'note1', field: 'text', anchor: at, head: at });
    const seen = bob.peers().find((p) => !p.isSelf)?.caret;
    expect(seen).toMatchObject({ id: 'note1', field: 'text' });
    // Someone types at the start: the caret is still before "world".
    text.insert(0, 'oh, ');
    const index = Y.createAbsolutePositionFromRelativePosition(seen?.head as Y.RelativePosition, doc)?.index;
    expect(text.toString().slice(index)).toBe('world');
    // Ignored: a caret in something that is not a shape, or not a position.
    expect(readPresence(7, { user: { name: 'M', color: '#e03131' }, caret: { id: '../x', field: 'text', anchor: {}, head: {} } }, 1)?.caret).toBeNull();
    expect(readPresence(7, { user: { name: 'M', color: '#e03131' }, caret: { id: 'n', field: 'style', anchor: {}, head: {} } }, 1)?.caret).toBeNull();
    // A position naming a root type would create it when resolved: refused.
    const rooted = { tname: 'somethingElse', item: null, type: null, assoc: 0 };
    expect(readPresence(7, { user: { name: 'M', color: '#e03131' }, caret: { id: 'n', field: 'text', anchor: rooted, head: rooted } }, 1)?.caret).toBeNull();
  });
});
