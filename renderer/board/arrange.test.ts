import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Alignment, Distribution, alignPatches, distributePatches, groupPatches, lockPatches, selectionUnit, ungroupPatches } from './arrange';
import { Board, type ShapePatch } from './board';
import { ShapeIndex } from './shape-index';

function boardWith(boxes: Array<{ x: number; y: number; w?: number; h?: number; locked?: true; groupIds?: string[] }>): { board: Board; index: ShapeIndex; ids: string[] } {
  const board = new Board(new Y.Doc());
  const ids = board.create(boxes.map((b) => ({ type: 'rect', rotation: 0, opacity: 1, w: b.w ?? 100, h: b.h ?? 50, color: '#1f2328', fill: 'transparent', width: 2, ...b }) as const));
  return { board, index: new ShapeIndex(board), ids };
}

const apply = (board: Board, patches: Map<string, ShapePatch>): void => board.update(patches);

describe('align and distribute', () => {
  it('aligns left edges and centres with the box around the selection', () => {
    const { board, index, ids } = boardWith([{ x: 10, y: 0 }, { x: 50, y: 100, w: 40 }, { x: 30, y: 200, w: 200 }]);
    apply(board, alignPatches(index, ids, Alignment.Left));
    expect(ids.map((id) => board.get(id)?.x)).toEqual([10, 10, 10]);
    apply(board, alignPatches(index, ids, Alignment.Centre));
    // Centres on the middle of the box around all three (10…210): 110.
    expect(ids.map((id) => { const s = board.get(id) as { x: number; w: number }; return s.x + s.w / 2; })).toEqual([110, 110, 110]);
  });

  it('spaces three or more evenly between the outermost, and needs three', () => {
    const { board, index, ids } = boardWith([{ x: 0, y: 0 }, { x: 130, y: 0, w: 60 }, { x: 400, y: 0 }]);
    apply(board, distributePatches(index, ids, Distribution.Horizontal));
    const [a, b, c] = ids.map((id) => board.get(id) as { x: number; w: number });
    expect(b!.x - (a!.x + a!.w)).toBeCloseTo(c!.x - (b!.x + b!.w));
    expect(a!.x).toBe(0);
    expect(c!.x).toBe(400);
    expect(distributePatches(index, ids.slice(0, 2), Distribution.Horizontal).size).toBe(0);
  });

  it('leaves locked shapes where they are and moves a group as one', () => {
    const { board, index, ids } = boardWith([{ x: 0, y: 0 }, { x: 300, y: 0, locked: true }, { x: 200, y: 100, groupIds: ['g'] }, { x: 260, y: 150, groupIds: ['g'] }]);
    apply(board, alignPatches(index, ids, Alignment.Left));
    expect(ids.map((id) => board.get(id)?.x)).toEqual([0, 300, 0, 60]);
  });
});

describe('groups and locks', () => {
  it('groups the selection, a click on one picks the group, and ungrouping takes off the outer group only', () => {
    const { board, index, ids } = boardWith([{ x: 0, y: 0, groupIds: ['inner'] }, { x: 200, y: 0, groupIds: ['inner'] }, { x: 400, y: 0 }]);
    apply(board, groupPatches(index, ids));
    const outer = board.get(ids[2] as string)?.groupIds?.[0];
    expect(board.get(ids[0] as string)?.groupIds).toEqual(['inner', outer]);
    expect(selectionUnit(index, index.get(ids[2] as string)!).sort()).toEqual([...ids].sort());
    apply(board, ungroupPatches(index, ids));
    expect(ids.map((id) => board.get(id)?.groupIds)).toEqual([['inner'], ['inner'], undefined]);
    expect(selectionUnit(index, index.get(ids[0] as string)!).sort()).toEqual(ids.slice(0, 2).sort());
  });

  it('locks a selection, and unlocks it when all of it is locked', () => {
    const { board, index, ids } = boardWith([{ x: 0, y: 0 }, { x: 200, y: 0, locked: true }]);
    apply(board, lockPatches(index, ids));
    expect(ids.map((id) => board.get(id)?.locked)).toEqual([true, true]);
    apply(board, lockPatches(index, ids));
    expect(ids.map((id) => board.get(id)?.locked)).toEqual([undefined, undefined]);
  });
});
