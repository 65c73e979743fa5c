import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { shapesMap, type StrokeShape } from '../../protocol/board-schema';
import { MAX_STROKE_POINTS } from '../../protocol/limits';
import { Board } from './board';

const style = { color: '#1f2328', width: 4 };

/** Two boards whose documents exchange updates directly, as through a server. */
function linkedBoards(): [Board, Board] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, update, 'remote'));
  b.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, update, 'remote'));
  return [new Board(a), new Board(b)];
}

describe('Board', () => {
  it('begins and extends a stroke, and reports the changed shape', () => {
    const board = new Board(new Y.Doc());
    const changes: string[][] = [];
    board.observe((ids) => changes.push([...ids]));
    const id = board.beginStroke([10, 20, 0.5], style);
    expect(board.extendStroke(id, [11, 21, 0.5, 12, 22, 0.6])).toBe(true);
    expect(board.get(id)).toMatchObject({ type: 'stroke', points: [10, 20, 0.5, 11, 21, 0.5, 12, 22, 0.6], ...style });
    expect(changes).toEqual([[id], [id]]);
  });

  it('stacks each new shape above the others', () => {
    const board = new Board(new Y.Doc());
    const ids = [0, 1, 2].map((i) => board.beginStroke([i, i, 0.5], style));
    expect(board.all().map((s) => s.id)).toEqual(ids);
  });

  it('shows a peer the stroke growing point by point', () => {
    const [alice, bob] = linkedBoards();
    const id = alice.beginStroke([0, 0, 0.5], style);
    expect((bob.get(id) as StrokeShape).points).toEqual([0, 0, 0.5]);
    alice.extendStroke(id, [5, 5, 0.5]);
    expect((bob.get(id) as StrokeShape).points).toEqual([0, 0, 0.5, 5, 5, 0.5]);
  });

  it('keeps both peers\u2019 strokes when they draw at the same time', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const alice = new Board(a);
    const bob = new Board(b);
    alice.beginStroke([0, 0, 0.5], style);
    bob.beginStroke([9, 9, 0.5], style);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(alice.all()).toEqual(bob.all());
    expect(alice.all()).toHaveLength(2);
  });

  it('refuses to grow a stroke past the point limit', () => {
    const board = new Board(new Y.Doc());
    const id = board.beginStroke([0, 0, 0.5], style);
    const many = Array.from({ length: MAX_STROKE_POINTS }, (_, i) => [i, i, 0.5]).flat();
    expect(board.extendStroke(id, many)).toBe(false);
    expect((board.get(id) as StrokeShape).points).toHaveLength(3);
  });

  it('skips and reports an invalid shape from a peer, once', () => {
    const doc = new Y.Doc();
    const board = new Board(doc);
    const reports: string[] = [];
    board.setInvalidShapeListener((id, error) => reports.push(`${id}: ${error}`));
    const bogus = new Y.Map<unknown>();
    shapesMap(doc).set('bad', bogus);
    bogus.set('type', 'stroke');
    bogus.set('z', 'a0');
    board.beginStroke([1, 1, 0.5], style);
    expect(board.all()).toHaveLength(1);
    board.all();
    expect(reports).toEqual(['bad: shape bad: invalid color']);
  });

  it('edits carry the local origin, so undo can tell them from remote ones', () => {
    const board = new Board(new Y.Doc());
    const origins: unknown[] = [];
    board.doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    board.extendStroke(board.beginStroke([0, 0, 0.5], style), [1, 1, 0.5]);
    expect(origins).toEqual([board.localOrigin, board.localOrigin]);
  });

  it('undo takes back only this user\u2019s edits, never a peer\u2019s', () => {
    const [alice, bob] = linkedBoards();
    const rect = { type: 'rect', x: 0, y: 0, rotation: 0, opacity: 1, w: 10, h: 10, color: '#1f2328', fill: 'transparent', width: 2 } as const;
    const [mine] = alice.create([rect]);
    const [theirs] = bob.create([{ ...rect, x: 50 }]);
    // Bob moves Alice's rectangle; Alice then moves it too.
    bob.update(new Map([[mine as string, { y: 99 }]]));
    alice.update(new Map([[mine as string, { x: 5 }]]));
    alice.history.undo();
    expect(alice.get(mine as string)).toMatchObject({ x: 0, y: 99 });
    alice.history.undo();
    expect(alice.get(mine as string)).toBeNull();
    expect(bob.get(theirs as string)).not.toBeNull();
    expect(alice.history.canUndo()).toBe(false);
    alice.history.redo();
    expect(bob.get(mine as string)).toMatchObject({ x: 0, y: 99 });
  });

  it('a continuing edit joins the previous undo step; a new edit starts its own', () => {
    const board = new Board(new Y.Doc());
    const id = board.beginStroke([0, 0, 0.5], style);
    board.extendStroke(id, [1, 1, 0.5]);
    board.update(new Map([[id, { x: 10 }]]));
    board.update(new Map([[id, { x: 20 }]]), true);
    board.history.undo();
    expect(board.get(id)).toMatchObject({ x: 0 });
    board.history.undo();
    expect(board.get(id)).toBeNull();
  });

  it('writes a changed text as the difference, so a peer typing at the same time keeps their part', () => {
    const [alice, bob] = linkedBoards();
    const note = { type: 'sticky', x: 0, y: 0, rotation: 0, opacity: 1, w: 200, h: 200, text: 'plan', fontSize: 20, color: '#1f2328', fill: '#ffec99' } as const;
    const [id] = alice.create([note]);
    // Disconnected for a moment: each edits the text as a whole string.
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(bob.doc));
    const bobOffline = new Board(offline);
    alice.update(new Map([[id as string, { text: 'plan: ship' }]]));
    bobOffline.update(new Map([[id as string, { text: 'our plan' }]]));
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(alice.doc));
    Y.applyUpdate(alice.doc, Y.encodeStateAsUpdate(offline));
    expect(alice.get(id as string)).toMatchObject({ text: 'our plan: ship' });
    expect(bobOffline.get(id as string)).toMatchObject({ text: 'our plan: ship' });
  });

  it('turns a version 2 plain-string text into a Y.Text when it is first edited, as part of that edit', () => {
    const board = new Board(new Y.Doc());
    const [id] = board.create([{ type: 'text', x: 0, y: 0, rotation: 0, opacity: 1, text: 'x', fontSize: 20, color: '#1f2328', w: 10, h: 10 }]);
    const fields = board.shapes.get(id as string) as Y.Map<unknown>;
    board.doc.transact(() => fields.set('text', 'old string'));
    board.history.clear();
    const text = board.textOf(id as string, 'text');
    expect(text).toBeInstanceOf(Y.Text);
    board.transact(() => text?.insert(10, '!'), true);
    expect(board.get(id as string)).toMatchObject({ text: 'old string!' });
    board.history.undo();
    expect(fields.get('text')).toBe('old string');
  });

  it('clears an optional field written as undefined', () => {
    const board = new Board(new Y.Doc());
    const [id] = board.create([{ type: 'rect', x: 0, y: 0, rotation: 0, opacity: 1, w: 10, h: 10, color: '#1f2328', fill: 'transparent', width: 2, locked: true }]);
    expect(board.get(id as string)).toMatchObject({ locked: true });
    board.update(new Map([[id as string, { locked: undefined }]]));
    expect(board.get(id as string)).not.toHaveProperty('locked');
  });

  it('keeps what follows a peer out of this user’s undo history', () => {
    const board = new Board(new Y.Doc());
    const [id] = board.create([{ type: 'sticky', x: 0, y: 0, rotation: 0, opacity: 1, w: 200, h: 200, text: '', fontSize: 20, color: '#1f2328', fill: '#ffec99' }]);
    board.updateUntracked(new Map([[id as string, { h: 400 }]]));
    board.history.undo();
    expect(board.get(id as string)).toBeNull();
    board.history.redo();
    expect(board.get(id as string)).toMatchObject({ h: 400 });
  });
});
