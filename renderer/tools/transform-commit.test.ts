import { describe, expect, it } from 'vitest';
import type { Shape } from '../../protocol/board-schema';
import { bakeTransform, normalizeRotation } from './transform-commit';

const base = { id: 'a', z: 'a0', x: 0, y: 0, rotation: 0, opacity: 1 };

describe('bakeTransform', () => {
  it('turns a box\u2019s scale into its size', () => {
    const rect: Shape = { ...base, type: 'rect', w: 100, h: 50, color: '#1f2328', fill: 'transparent', width: 4 };
    expect(bakeTransform(rect, { id: 'a', x: 10, y: 20, rotation: 370, scaleX: 1.5, scaleY: 2 })).toEqual({ x: 10, y: 20, rotation: 10, w: 150, h: 100 });
  });

  it('scales a stroke\u2019s points but not their pressure, and a text\u2019s font', () => {
    const stroke: Shape = { ...base, type: 'stroke', color: '#1f2328', width: 4, points: [0, 0, 0.5, 10, 20, 0.7] };
    expect(bakeTransform(stroke, { id: 'a', x: 0, y: 0, rotation: 0, scaleX: 2, scaleY: 3 }).points).toEqual([0, 0, 0.5, 20, 60, 0.7]);
    const text: Shape = { ...base, type: 'text', text: 'hi', fontSize: 20, color: '#1f2328', w: 30, h: 25 };
    expect(bakeTransform(text, { id: 'a', x: 0, y: 0, rotation: 0, scaleX: 2, scaleY: 2 })).toMatchObject({ fontSize: 40, w: 60, h: 50 });
  });

  it('keeps rotations in (-180, 180]', () => {
    expect([normalizeRotation(270), normalizeRotation(-190), normalizeRotation(180)]).toEqual([-90, 170, 180]);
  });
});
