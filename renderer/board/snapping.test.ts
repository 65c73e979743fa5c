import { describe, expect, it } from 'vitest';
import { snapMove, snapPoint } from './snapping';

const target = { minX: 100, minY: 100, maxX: 200, maxY: 160 };

describe('snapMove', () => {
  it('brings the closest edge or centre within reach onto another box\u2019s, with a guide', () => {
    const moved = snapMove({ minX: 104, minY: 300, maxX: 164, maxY: 340 }, { targets: [target], threshold: 8, grid: null });
    expect(moved.dx).toBe(-4);
    expect(moved.dy).toBe(0);
    expect(moved.guides).toEqual([{ axis: 'x', at: 100, from: 100, to: 340 }]);
    // Centre to centre.
    expect(snapMove({ minX: 127, minY: 0, maxX: 177, maxY: 20 }, { targets: [target], threshold: 8, grid: null }).dx).toBe(-2);
  });

  it('leaves what is out of reach alone, and snaps to the grid where nothing is near', () => {
    expect(snapMove({ minX: 120, minY: 300, maxX: 140, maxY: 310 }, { targets: [target], threshold: 8, grid: null })).toEqual({ dx: 0, dy: 0, guides: [] });
    expect(snapMove({ minX: 517, minY: 333, maxX: 560, maxY: 390 }, { targets: [target], threshold: 8, grid: 20 })).toMatchObject({ dx: 3, dy: 7 });
  });

  it('snaps a resize handle on the axes it moves on', () => {
    expect(snapPoint({ x: 197, y: 500 }, { targets: [target], threshold: 8, grid: null }, { x: true, y: false }).point).toEqual({ x: 200, y: 500 });
  });
});
