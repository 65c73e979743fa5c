/**
 * Stacking order operations. Order is each shape's fractional-index `z` key (ties broken by id),
 * so moving shapes up or down writes new keys for the moved shapes only: never an array move,
 * which under concurrency could duplicate or lose a shape.
 */
import { generateNKeysBetween } from 'fractional-indexing';
import type { Shape } from '../../protocol/board-schema';
import type { Board } from './board';
import type { Bounds } from './geometry';
import type { ShapeIndex } from './shape-index';

export const ZMove = { Forward: 'forward', Backward: 'backward', Front: 'front', Back: 'back' } as const;
export type ZMove = (typeof ZMove)[keyof typeof ZMove];

function overlaps(a: Bounds, b: Bounds): boolean {
  return a.minX <= b.maxX && a.maxX >= b.minX && a.minY <= b.maxY && a.maxY >= b.minY;
}

/** Keys strictly between `low` and `high`, skipping neighbours whose key equals a bound. */
function keysBetween(low: string | null, high: string | null, count: number): string[] {
  if (low !== null && high !== null && low >= high) high = null;
  return generateNKeysBetween(low, high, count);
}

/**
 * New keys for the selected shapes after moving them; an empty map when nothing moves.
 * Forward and backward step past the next shape that overlaps the selection (stepping past one
 * that does not would change nothing anyone can see), or the next one when none does.
 */
export function planZMove(index: ShapeIndex, selected: ReadonlySet<string>, move: ZMove): Map<string, string> {
  const ordered = index.all();
  const chosen = ordered.filter((s) => selected.has(s.id));
  if (chosen.length === 0) return new Map();
  const assign = (keys: string[]): Map<string, string> => new Map(chosen.map((s, i) => [s.id, keys[i] as string]));
  const others = ordered.filter((s) => !selected.has(s.id));
  const touches = (s: Shape): boolean => chosen.some((c) => overlaps(index.bounds(c.id) as Bounds, index.bounds(s.id) as Bounds));

  switch (move) {
    case ZMove.Front: {
      const top = others[others.length - 1];
      if (!top || chosen[0] === undefined || (chosen[0] as Shape).z > top.z) return new Map();
      return assign(keysBetween(top.z, null, chosen.length));
    }
    case ZMove.Back: {
      const bottom = others[0];
      const last = chosen[chosen.length - 1] as Shape;
      if (!bottom || last.z < bottom.z) return new Map();
      return assign(keysBetween(null, bottom.z, chosen.length));
    }
    case ZMove.Forward: {
      const highest = ordered.indexOf(chosen[chosen.length - 1] as Shape);
      const above = ordered.slice(highest + 1).filter((s) => !selected.has(s.id));
      const target = above.find(touches) ?? above[0];
      if (!target) return new Map();
      const next = ordered.slice(ordered.indexOf(target) + 1).find((s) => s.z > target.z);
      return assign(keysBetween(target.z, next?.z ?? null, chosen.length));
    }
    case ZMove.Backward: {
      const lowest = ordered.indexOf(chosen[0] as Shape);
      const below = ordered.slice(0, lowest).filter((s) => !selected.has(s.id)).reverse();
      const target = below.find(touches) ?? below[0];
      if (!target) return new Map();
      const previous = ordered.slice(0, ordered.indexOf(target)).reverse().find((s) => s.z < target.z);
      return assign(keysBetween(previous?.z ?? null, target.z, chosen.length));
    }
  }
}

/** Moves the selected shapes up or down the stack, as one undo step. */
export function moveInStack(board: Board, index: ShapeIndex, selected: ReadonlySet<string>, move: ZMove): boolean {
  const plan = planZMove(index, selected, move);
  if (plan.size === 0) return false;
  board.update(new Map([...plan].map(([id, z]) => [id, { z }])));
  return true;
}
