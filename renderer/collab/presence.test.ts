import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PRESENCE_MAX_ENTRY_BYTES } from '../../protocol/limits';
import { CURSOR_INTERVAL_MS, MAX_FOCUS_SHAPES, MAX_LASER_POINTS, Presence, readPresence } from './presence';

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
      { clientId: b.clientID, name: 'Bob', color: '#1971c2', cursor: null, viewport: null, focus: [], caret: null, laser: null, away: false, following: null, spotlight: null, slide: null, isSelf: true },
      { clientId: a.clientID, name: 'Alice', color: '#e03131', cursor: { x: 10, y: 20 }, viewport: null, focus: [], caret: null, laser: null, away: false, following: null, spotlight: null, slide: null, isSelf: false },
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
    expect(presence).toEqual({ clientId: 7, name: 'x'.repeat(40), color: '#e03131', cursor: null, viewport: null, focus: [], caret: null, laser: null, away: false, following: null, spotlight: null, slide: null, isSelf: false });
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

describe('Presence for presenting', () => {
  it('sends a laser trail as a short list of its newest points, at most once per cursor interval', () => {
    vi.useFakeTimers();
    const [a, b] = pair();
    const alice = new Presence(a, { name: 'Alice', color: '#e03131' });
    const bob = new Presence(b, { name: 'Bob', color: '#1971c2' });
    let messages = 0;
    b.on('change', () => messages++);
    const points: number[] = [];
    for (let i = 0; i < 10; i++) {
      points.push(i * 10, 5);
      alice.setLaser({ run: 1, end: i + 1, points: points.slice(-2 * MAX_LASER_POINTS) });
    }
    expect(messages).toBe(1);
    vi.advanceTimersByTime(CURSOR_INTERVAL_MS);
    expect(messages).toBe(2);
    const seen = bob.peers().find((p) => !p.isSelf)?.laser;
    expect(seen?.end).toBe(10);
    expect(seen?.points.slice(-2)).toEqual([90, 5]);
  });

  it('carries away, following, spotlight and slide, and drops malformed ones', () => {
    const [a, b] = pair();
    const alice = new Presence(a, { name: 'Alice', color: '#e03131' });
    const bob = new Presence(b, { name: 'Bob', color: '#1971c2' });
    alice.setAway(true);
    alice.setFollowing(b.clientID);
    alice.setSpotlight('s1');
    alice.setSlide('frame1');
    expect(bob.peers().find((p) => !p.isSelf)).toMatchObject({ away: true, following: b.clientID, spotlight: 's1', slide: 'frame1' });
    const bad = readPresence(7, {
      user: { name: 'M', color: '#e03131' },
      away: 'yes',
      following: -3,
      spotlight: '<script>',
      slide: { id: 'x' },
      laser: { run: 1, end: 2, points: [1, 2, 3] },
      viewport: { x: 0, y: 0, zoom: 1, w: -5, h: 10 },
    }, 1);
    expect(bad).toMatchObject({ away: false, following: null, spotlight: null, slide: null, laser: null, viewport: { x: 0, y: 0, zoom: 1 } });
    expect(bad?.viewport).not.toHaveProperty('w');
    expect(readPresence(7, { user: { name: 'M', color: '#e03131' }, laser: { run: 1, end: 1, points: Array(2 * MAX_LASER_POINTS + 2).fill(1) } }, 1)?.laser).toBeNull();
    expect(readPresence(7, { user: { name: 'M', color: '#e03131' }, laser: { run: 1, end: 1, points: [1, Number.NaN] } }, 1)?.laser).toBeNull();
  });

  it('keeps the largest state it can send well under the server’s limit per presence entry', () => {
    vi.useFakeTimers();
    const doc = new Y.Doc();
    const text = new Y.Text('x'.repeat(100));
    doc.getMap('shapes').set('note1', new Y.Map([['text', text]]));
    const awareness = new Awareness(new Y.Doc());
    const presence = new Presence(awareness, { name: 'W'.repeat(80), color: '#e03131' });
    // Every field at its largest, with coordinates as long as numbers get.
    const far = -123456789.12345678;
    presence.setCursor({ x: far, y: far });
    presence.setViewport({ x: far, y: far, zoom: 0.123456789012345, w: 99999.5, h: 99999.5 });
    presence.setFocus(Array.from({ length: MAX_FOCUS_SHAPES + 50 }, (_, i) => `${String(i).padStart(4, '0')}${'A'.repeat(12)}`));
    const at = Y.createRelativePositionFromTypeIndex(text, 50);
    presence.setTextCaret({ id: 'abcdefghijklmnop', field: 'label', anchor: at, head: at });
    presence.setLaser({ run: Number.MAX_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER, points: Array(2 * MAX_LASER_POINTS).fill(far) });
    presence.setAway(true);
    presence.setFollowing(Number.MAX_SAFE_INTEGER);
    presence.setSpotlight('S'.repeat(32));
    presence.setSlide('abcdefghijklmnop');
    vi.advanceTimersByTime(1_000);
    const bytes = new TextEncoder().encode(JSON.stringify(presence.localState())).length;
    expect(bytes).toBeGreaterThan(4_000);
    expect(bytes).toBeLessThan(PRESENCE_MAX_ENTRY_BYTES * 0.8);
  });
});
