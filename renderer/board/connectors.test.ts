import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { ArrowShape, BoxShape, Shape } from '../../protocol/board-schema';
import { Board } from './board';
import { BINDING_GAP, bindingAt, outlineExit, resolveConnector } from './connectors';
import { routeElbow } from './elbow-route';
import { ShapeIndex } from './shape-index';

const box = (id: string, x: number, y: number, extra: Partial<BoxShape> = {}): BoxShape => ({
  id, z: 'a0', type: 'rect', x, y, rotation: 0, opacity: 1, w: 100, h: 60, color: '#1f2328', fill: 'transparent', width: 2, ...extra,
});
const arrow = (extra: Partial<ArrowShape> = {}): ArrowShape => ({
  id: 'arrow', z: 'a1', type: 'arrow', x: 0, y: 0, rotation: 0, opacity: 1, points: [0, 0, 10, 10], color: '#1f2328', width: 2, startHead: 'none', endHead: 'arrow', ...extra,
});
const lookup = (...shapes: Shape[]) => (id: string) => shapes.find((s) => s.id === id);
const pairs = (flat: readonly number[]): Array<[number, number]> => flat.reduce<Array<[number, number]>>((out, v, i) => (i % 2 ? [...out.slice(0, -1), [out[out.length - 1]?.[0] as number, v]] : [...out, [v, 0]]), []);

describe('straight connectors', () => {
  it('run between the two boxes and stop at their outlines, a gap outside', () => {
    const a = box('a', 0, 0);
    const b = box('b', 300, 0);
    const drawn = resolveConnector(arrow({ start: { id: 'a', ax: 0.5, ay: 0.5 }, end: { id: 'b', ax: 0.5, ay: 0.5 } }), lookup(a, b));
    const gap = BINDING_GAP + 1;
    expect(drawn.points).toEqual([100 + gap, 30, 300 - gap, 30]);
  });

  it('follow a moved, a resized and a rotated box', () => {
    const a = box('a', 0, 0);
    const bound = arrow({ start: { id: 'a', ax: 0.5, ay: 0.5 }, end: { id: 'b', ax: 0.5, ay: 0.5 } });
    const moved = resolveConnector(bound, lookup(a, box('b', 300, 200, { w: 100, h: 100 })));
    const [, end] = pairs(moved.points);
    // The end is on the moved box's outline (its left or top side), just outside it.
    const [ex, ey] = end as [number, number];
    expect(ex <= 300 || ey <= 200).toBe(true);
    expect(Math.min(Math.abs(ex - 300), Math.abs(ey - 200))).toBeLessThanOrEqual(BINDING_GAP + 1.5);
    // Rotated 45° about its corner: the end still lies just outside the rotated outline.
    const rotated = box('b', 300, 0, { rotation: 45 });
    const [, tip] = pairs(resolveConnector(bound, lookup(a, rotated)).points);
    const r = (-45 * Math.PI) / 180;
    const local = { x: Math.cos(r) * ((tip as [number, number])[0] - 300) - Math.sin(r) * (tip as [number, number])[1], y: Math.sin(r) * ((tip as [number, number])[0] - 300) + Math.cos(r) * (tip as [number, number])[1] };
    const outside = Math.max(-local.x, local.x - 100, -local.y, local.y - 60);
    expect(outside).toBeGreaterThan(0);
    expect(outside).toBeLessThanOrEqual(BINDING_GAP + 1.5);
  });

  it('stop at an ellipse\u2019s curve', () => {
    const e: BoxShape = { ...box('e', 200, 0), type: 'ellipse', w: 100, h: 100 };
    const point = outlineExit(e, { x: 250, y: 50 }, { x: 0, y: 50 }, 0);
    expect(point.x).toBeCloseTo(200);
    expect(point.y).toBeCloseTo(50);
    const diagonal = outlineExit(e, { x: 250, y: 50 }, { x: 450, y: 250 }, 0);
    expect(Math.hypot(diagonal.x - 250, diagonal.y - 50)).toBeCloseTo(50);
  });

  it('keep the stored end where the bound shape is gone', () => {
    const drawn = resolveConnector(arrow({ points: [0, 0, 40, 40], end: { id: 'gone', ax: 0.5, ay: 0.5 } }), lookup());
    expect(drawn.points).toEqual([0, 0, 40, 40]);
  });

  it('anchor at the centre when dropped near it, else where dropped', () => {
    expect(bindingAt(box('a', 0, 0), { x: 55, y: 28 })).toEqual({ id: 'a', ax: 0.5, ay: 0.5 });
    expect(bindingAt(box('a', 0, 0), { x: 95, y: 6 })).toEqual({ id: 'a', ax: 0.95, ay: 0.1 });
  });
});

describe('elbow routing', () => {
  const isOrthogonal = (points: Array<{ x: number; y: number }>): boolean => points.every((p, i) => i === 0 || p.x === (points[i - 1] as { x: number }).x || p.y === (points[i - 1] as { y: number }).y);

  it('leaves and enters side by side boxes square, with at most two bends', () => {
    const route = routeElbow(
      { point: { x: 50, y: 30 }, box: { minX: 0, minY: 0, maxX: 100, maxY: 60 }, anchor: { x: 0.5, y: 0.5 } },
      { point: { x: 350, y: 230 }, box: { minX: 300, minY: 200, maxX: 400, maxY: 260 }, anchor: { x: 0.5, y: 0.5 } },
    );
    expect(isOrthogonal(route)).toBe(true);
    expect(route.length).toBeLessThanOrEqual(4);
    // Out of the middle of the first box's bottom, into the middle of the second's top.
    expect(route[0]).toEqual({ x: 50, y: 60 });
    expect(route[route.length - 1]).toEqual({ x: 350, y: 200 });
    // Beside each other (more apart than across): out of the right side, into the left.
    const level = routeElbow(
      { point: { x: 50, y: 30 }, box: { minX: 0, minY: 0, maxX: 100, maxY: 60 }, anchor: { x: 0.5, y: 0.5 } },
      { point: { x: 450, y: 60 }, box: { minX: 400, minY: 30, maxX: 500, maxY: 90 }, anchor: { x: 0.5, y: 0.5 } },
    );
    expect(level).toEqual([{ x: 100, y: 30 }, { x: 250, y: 30 }, { x: 250, y: 60 }, { x: 400, y: 60 }]);
  });

  it('goes around when the boxes face away from each other', () => {
    // Anchored on the right side of the left box and the right side of the right box.
    const route = routeElbow(
      { point: { x: 100, y: 30 }, box: { minX: 0, minY: 0, maxX: 100, maxY: 60 }, anchor: { x: 1, y: 0.5 } },
      { point: { x: 400, y: 30 }, box: { minX: 300, minY: 0, maxX: 400, maxY: 60 }, anchor: { x: 1, y: 0.5 } },
    );
    expect(isOrthogonal(route)).toBe(true);
    // Never through the right-hand box.
    for (let i = 1; i < route.length; i++) {
      const a = route[i - 1] as { x: number; y: number };
      const b = route[i] as { x: number; y: number };
      const through = Math.min(a.x, b.x) < 399 && Math.max(a.x, b.x) > 301 && Math.min(a.y, b.y) < 59 && Math.max(a.y, b.y) > 1;
      expect(through).toBe(false);
    }
    expect(route[route.length - 1]).toEqual({ x: 400, y: 30 });
  });
});

describe('the shape index and bound connectors', () => {
  it('re-routes a connector when a shape it is bound to moves, and reports it changed', () => {
    const board = new Board(new Y.Doc());
    const rect = { type: 'rect', y: 0, rotation: 0, opacity: 1, w: 100, h: 60, color: '#1f2328', fill: 'transparent', width: 2 } as const;
    const [a, b] = board.create([{ ...rect, x: 0 }, { ...rect, x: 300 }]);
    const [c] = board.create([{ type: 'arrow', x: 0, y: 0, rotation: 0, opacity: 1, points: [0, 0, 1, 1], color: '#1f2328', width: 2, startHead: 'none', endHead: 'arrow', start: { id: a as string, ax: 0.5, ay: 0.5 }, end: { id: b as string, ax: 0.5, ay: 0.5 } }]);
    const index = new ShapeIndex(board);
    expect((index.get(c as string) as ArrowShape).points).toEqual([104, 30, 296, 30]);
    expect([...index.connectorsBoundTo([b as string])]).toEqual([c]);
    const changes: string[][] = [];
    index.onChange((ids) => changes.push([...ids].sort()));
    board.update(new Map([[b as string, { y: 200 }]]));
    expect(changes).toEqual([[b, c].sort()]);
    const moved = index.get(c as string) as ArrowShape;
    expect(moved.points[3]).toBeGreaterThan(150);
    // The stored connector is untouched: only the drawing follows.
    expect((index.storedShape(c as string) as ArrowShape).points).toEqual([0, 0, 1, 1]);
    expect(index.bounds(c as string)?.maxY).toBeGreaterThan(150);
  });
});
