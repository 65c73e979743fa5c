/**
 * Snapping while moving or resizing: the edges and centre lines of what is dragged line up with
 * those of other shapes near it (with guides drawn where they do), and otherwise, when the grid
 * is on, with the grid. Each axis snaps on its own, to the closest line within the threshold,
 * as in tldraw and Figma. Alt held during a drag turns it off for that drag (the tools' part).
 */
import type { Bounds, Point } from './geometry';

/** Snapping reaches this far, in screen pixels (converted with the zoom by the caller). */
export const SNAP_THRESHOLD_PX = 8;
/** The grid's spacing, board units. */
export const GRID_SIZE = 20;

/** A guide line: vertical at x = `at` (axis 'x') or horizontal at y = `at`, from `from` to `to`. */
export interface Guide {
  axis: 'x' | 'y';
  at: number;
  from: number;
  to: number;
}

export interface SnapOptions {
  /** Boxes of the shapes to snap to (what is dragged left out). */
  targets: readonly Bounds[];
  /** Board units. */
  threshold: number;
  /** The grid's spacing when the grid is on, else null. */
  grid: number | null;
}

export interface MoveSnap {
  dx: number;
  dy: number;
  guides: Guide[];
}

const xLines = (b: Bounds): number[] => [b.minX, (b.minX + b.maxX) / 2, b.maxX];
const yLines = (b: Bounds): number[] => [b.minY, (b.minY + b.maxY) / 2, b.maxY];

/** The shift that brings one of `own` onto one of the targets' lines, the closest within reach. */
function closest(own: readonly number[], targets: readonly Bounds[], lines: (b: Bounds) => number[], threshold: number): number | null {
  let best: number | null = null;
  for (const target of targets) {
    for (const line of lines(target)) {
      for (const value of own) {
        const shift = line - value;
        if (Math.abs(shift) <= threshold && (best === null || Math.abs(shift) < Math.abs(best))) best = shift;
      }
    }
  }
  return best;
}

function guidesFor(box: Bounds, targets: readonly Bounds[], axis: 'x' | 'y'): Guide[] {
  const own = axis === 'x' ? xLines(box) : yLines(box);
  const guides: Guide[] = [];
  for (const target of targets) {
    const lines = axis === 'x' ? xLines(target) : yLines(target);
    for (const line of lines) {
      if (!own.some((v) => Math.abs(v - line) < 0.01)) continue;
      const [a, b] = axis === 'x' ? [Math.min(box.minY, target.minY), Math.max(box.maxY, target.maxY)] : [Math.min(box.minX, target.minX), Math.max(box.maxX, target.maxX)];
      guides.push({ axis, at: line, from: a, to: b });
    }
  }
  return guides;
}

function gridShift(value: number, grid: number): number {
  return Math.round(value / grid) * grid - value;
}

/** How far to shift a dragged box so it snaps, and the guides to show. */
export function snapMove(box: Bounds, options: SnapOptions): MoveSnap {
  const sx = closest(xLines(box), options.targets, xLines, options.threshold);
  const sy = closest(yLines(box), options.targets, yLines, options.threshold);
  const dx = sx ?? (options.grid ? gridShift(box.minX, options.grid) : 0);
  const dy = sy ?? (options.grid ? gridShift(box.minY, options.grid) : 0);
  const moved = { minX: box.minX + dx, maxX: box.maxX + dx, minY: box.minY + dy, maxY: box.maxY + dy };
  return {
    dx,
    dy,
    guides: [...(sx !== null ? guidesFor(moved, options.targets, 'x') : []), ...(sy !== null ? guidesFor(moved, options.targets, 'y') : [])],
  };
}

/** Snaps one dragged point (a resize handle), each axis on its own; guides for what it met. */
export function snapPoint(point: Point, options: SnapOptions, axes: { x: boolean; y: boolean } = { x: true, y: true }): { point: Point; guides: Guide[] } {
  const sx = axes.x ? closest([point.x], options.targets, xLines, options.threshold) : null;
  const sy = axes.y ? closest([point.y], options.targets, yLines, options.threshold) : null;
  const x = axes.x ? point.x + (sx ?? (options.grid ? gridShift(point.x, options.grid) : 0)) : point.x;
  const y = axes.y ? point.y + (sy ?? (options.grid ? gridShift(point.y, options.grid) : 0)) : point.y;
  const dot = { minX: x, maxX: x, minY: y, maxY: y };
  const guides: Guide[] = [];
  for (const target of options.targets) {
    if (sx !== null && xLines(target).some((v) => Math.abs(v - x) < 0.01)) guides.push({ axis: 'x', at: x, from: Math.min(dot.minY, target.minY), to: Math.max(dot.maxY, target.maxY) });
    if (sy !== null && yLines(target).some((v) => Math.abs(v - y) < 0.01)) guides.push({ axis: 'y', at: y, from: Math.min(dot.minX, target.minX), to: Math.max(dot.maxX, target.maxX) });
  }
  return { point: { x, y }, guides };
}
