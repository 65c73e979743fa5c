import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Board } from './board';
import { localBounds } from './geometry';
import type { StrokeShape } from '../../protocol/board-schema';

const style = { color: '#1f2328', width: 4 };

function linked(): [Board, Board] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, update, 'remote'));
  b.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, update, 'remote'));
  return [new Board(a), new Board(b)];
}

describe('stroke points as a stroke grows', () => {
  it('are the same array, longer, after an append, here and on a peer\u2019s board', () => {
    const [alice, bob] = linked();
    const id = alice.beginStroke([0, 0, 0.5], style);
    const first = (alice.get(id) as StrokeShape).points;
    const seen = (bob.get(id) as StrokeShape).points;
    alice.extendStroke(id, [1, 1, 0.5, 2, 2, 0.5]);
    expect((alice.get(id) as StrokeShape).points).toBe(first);
    expect(first).toEqual([0, 0, 0.5, 1, 1, 0.5, 2, 2, 0.5]);
    expect((bob.get(id) as StrokeShape).points).toBe(seen);
    expect(seen).toEqual(first);
  });

  it('start over when the points are replaced rather than appended to', () => {
    const board = new Board(new Y.Doc());
    const id = board.beginStroke([0, 0, 0.5], style);
    board.extendStroke(id, [5, 5, 0.5]);
    const before = (board.get(id) as StrokeShape).points;
    board.update(new Map([[id, { points: [9, 9, 0.5, 8, 8, 0.5] }]]));
    const after = (board.get(id) as StrokeShape).points;
    expect(after).not.toBe(before);
    expect(after).toEqual([9, 9, 0.5, 8, 8, 0.5]);
  });

  it('still refuse a bad point appended by a peer', () => {
    const board = new Board(new Y.Doc());
    const id = board.beginStroke([0, 0, 0.5], style);
    board.get(id);
    const array = board.shapes.get(id)?.get('points') as Y.Array<unknown>;
    board.doc.transact(() => array.push([1, 1, 7]));
    expect(board.get(id)).toBeNull();
  });

  it('have their bounds extended, not recomputed, and right', () => {
    const board = new Board(new Y.Doc());
    const id = board.beginStroke([10, 10, 0.5], style);
    expect(localBounds(board.get(id) as StrokeShape)).toEqual({ minX: 7, minY: 7, maxX: 13, maxY: 13 });
    board.extendStroke(id, [50, -20, 0.5]);
    expect(localBounds(board.get(id) as StrokeShape)).toEqual({ minX: 7, minY: -23, maxX: 53, maxY: 13 });
  });
});
