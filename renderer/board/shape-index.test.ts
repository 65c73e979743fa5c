import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { shapesMap } from '../../protocol/board-schema';
import { Board, type NewShape } from './board';
import { ShapeIndex } from './shape-index';
import { ZMove, planZMove } from './z-order';

const box = (x: number, y: number): NewShape => ({ type: 'rect', x, y, rotation: 0, opacity: 1, w: 100, h: 100, color: '#1f2328', fill: '#ffffff', width: 2 });

describe('ShapeIndex', () => {
  it('finds shapes by area and by point, topmost first, and follows changes', () => {
    const board = new Board(new Y.Doc());
    const [a, b] = board.create([box(0, 0), box(50, 50)]);
    const index = new ShapeIndex(board);
    expect(index.searchIds({ minX: 120, minY: 120, maxX: 130, maxY: 130 })).toEqual([b]);
    expect(index.hitTest({ x: 75, y: 75 }, 0)?.id).toBe(b);
    board.update(new Map([[b as string, { x: 1000 }]]));
    expect(index.hitTest({ x: 75, y: 75 }, 0)?.id).toBe(a);
    board.delete([a as string]);
    expect(index.hitTest({ x: 75, y: 75 }, 0)).toBeNull();
    expect(index.extent()).toEqual({ minX: 999, minY: 49, maxX: 1101, maxY: 151 });
  });

  it('leaves out (and does not crash on) a shape a peer wrote with absurd fields', () => {
    const board = new Board(new Y.Doc());
    board.setInvalidShapeListener(() => {});
    board.create([box(0, 0)]);
    const bad = new Y.Map<unknown>();
    shapesMap(board.doc).set('bad', bad);
    bad.set('type', 'rect');
    bad.set('z', 'a5');
    bad.set('x', Number.POSITIVE_INFINITY);
    const index = new ShapeIndex(board);
    expect(index.size).toBe(1);
    expect(index.has('bad')).toBe(false);
  });
});

describe('stacking order', () => {
  function setup() {
    const board = new Board(new Y.Doc());
    const ids = board.create([box(0, 0), box(10, 10), box(500, 500), box(20, 20)]) as [string, string, string, string];
    return { board, index: new ShapeIndex(board), ids };
  }
  const order = (index: ShapeIndex) => index.all().map((s) => s.id);

  it('brings a shape forward past the next one it overlaps, skipping ones it does not', () => {
    const { board, index, ids } = setup();
    const plan = planZMove(index, new Set([ids[1]]), ZMove.Forward);
    board.update(new Map([...plan].map(([id, z]) => [id, { z }])));
    expect(order(index)).toEqual([ids[0], ids[2], ids[3], ids[1]]);
  });

  it('sends backward, to the back and to the front by writing keys, never moving others', () => {
    const { board, index, ids } = setup();
    const apply = (move: ZMove, selected: string[]): void => {
      const plan = planZMove(index, new Set(selected), move);
      expect([...plan.keys()].every((id) => selected.includes(id))).toBe(true);
      board.update(new Map([...plan].map(([id, z]) => [id, { z }])));
    };
    apply(ZMove.Backward, [ids[3]]);
    expect(order(index)).toEqual([ids[0], ids[3], ids[1], ids[2]]);
    apply(ZMove.Back, [ids[2]]);
    expect(order(index)[0]).toBe(ids[2]);
    apply(ZMove.Front, [ids[0], ids[2]]);
    expect(order(index).slice(-2)).toEqual([ids[2], ids[0]]);
    expect(planZMove(index, new Set([ids[0]]), ZMove.Front).size).toBe(0);
  });
});
