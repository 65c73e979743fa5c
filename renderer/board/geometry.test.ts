import { describe, expect, it } from 'vitest';
import type { Shape } from '../../protocol/board-schema';
import { hitsShape, shapeBounds, toBoard, toLocal } from './geometry';

const base = { id: 'a', z: 'a0', x: 100, y: 50, rotation: 0, opacity: 1 };
const rect: Shape = { ...base, type: 'rect', w: 200, h: 100, color: '#1f2328', fill: 'transparent', width: 4 };
const stroke: Shape = { ...base, type: 'stroke', color: '#1f2328', width: 6, points: [0, 0, 0.5, 100, 0, 0.5] };

describe('geometry', () => {
  it('bounds a box with half its outline on each side', () => {
    expect(shapeBounds(rect)).toEqual({ minX: 98, minY: 48, maxX: 302, maxY: 152 });
  });

  it('bounds a rotated box by its turned corners', () => {
    const b = shapeBounds({ ...rect, rotation: 90, width: 0.0001 } as Shape);
    expect(b.minX).toBeCloseTo(0);
    expect(b.maxX).toBeCloseTo(100);
    expect(b.minY).toBeCloseTo(50);
    expect(b.maxY).toBeCloseTo(250);
  });

  it('maps points into a rotated frame and back', () => {
    const shape = { ...rect, rotation: 30 };
    const p = { x: 140, y: 90 };
    const back = toBoard(shape, toLocal(shape, p));
    expect(back.x).toBeCloseTo(p.x);
    expect(back.y).toBeCloseTo(p.y);
  });

  it('hits a box inside, a stroke near its ink only', () => {
    expect(hitsShape(rect, { x: 200, y: 100 }, 0)).toBe(true);
    expect(hitsShape(rect, { x: 310, y: 100 }, 0)).toBe(false);
    expect(hitsShape(stroke, { x: 150, y: 52 }, 0)).toBe(true);
    expect(hitsShape(stroke, { x: 150, y: 70 }, 0)).toBe(false);
    expect(hitsShape(stroke, { x: 150, y: 70 }, 20)).toBe(true);
  });

  it('hits an ellipse inside its curve, not in the box corner', () => {
    const ellipse = { ...rect, type: 'ellipse' } as Shape;
    expect(hitsShape(ellipse, { x: 200, y: 100 }, 0)).toBe(true);
    expect(hitsShape(ellipse, { x: 104, y: 54 }, 0)).toBe(false);
  });
});
