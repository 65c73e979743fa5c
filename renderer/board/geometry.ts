/**
 * Shape geometry in board coordinates, without Konva: bounding boxes (for the spatial index,
 * culling, zoom to fit and export) and hit-testing (for select and erase). Hit-testing here
 * rather than through Konva's hit canvas is what lets every shape layer run with listening off.
 *
 * A shape's local frame has its origin at (x, y) and is rotated by `rotation` degrees clockwise
 * (y points down), as Konva draws it.
 */
import { STROKE_POINT_STRIDE, ShapeType, type Shape } from '../../protocol/board-schema';

export interface Point {
  x: number;
  y: number;
}

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Arrowheads are this many times the line width long (and at least the minimum). */
export const ARROW_HEAD_LENGTH_PER_WIDTH = 4;
export const MIN_ARROW_HEAD_LENGTH = 10;

/** A frame's title strip above its top edge, board units: part of its bounds, and where it is picked. */
export const FRAME_TITLE_HEIGHT = 24;
/** The title strip reaches this many times the pointer's slack (which grows as the view zooms out, as the title does). */
const FRAME_TITLE_REACH_PER_TOLERANCE = 4;
/** A frame is picked by its title or within this many board units of its edge (plus the pointer's slack). */
const FRAME_EDGE_REACH = 4;

export function arrowHeadLength(width: number): number {
  return Math.max(MIN_ARROW_HEAD_LENGTH, width * ARROW_HEAD_LENGTH_PER_WIDTH);
}

function pointsBounds(points: readonly number[], stride: number, pad: number): Bounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < points.length; i += stride) {
    const x = points[i] as number;
    const y = points[i + 1] as number;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (minX > maxX) return { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  return { minX: minX - pad, minY: minY - pad, maxX: maxX + pad, maxY: maxY + pad };
}

/**
 * The extent of a stroke's points, remembered per points array: a stroke being drawn grows in
 * place (board/stroke-points.ts), so only the points added since are looked at. The figure that
 * needs it: the 5,000-point stroke in docs/CANVAS-PERFORMANCE.md.
 */
const strokeExtents = new WeakMap<readonly number[], { length: number; bounds: Bounds }>();

function strokeExtent(points: readonly number[]): Bounds {
  const known = strokeExtents.get(points);
  if (known && known.length === points.length) return known.bounds;
  const from = known && known.length < points.length ? known.length : 0;
  const added = pointsBounds(points.slice(from), STROKE_POINT_STRIDE, 0);
  const bounds = known && from > 0 ? unionBounds([known.bounds, added]) as Bounds : added;
  strokeExtents.set(points, { length: points.length, bounds });
  return bounds;
}

/** The shape's extent in its own (unrotated) frame, including the width of its outline. */
export function localBounds(shape: Shape): Bounds {
  switch (shape.type) {
    case ShapeType.Stroke: {
      const extent = strokeExtent(shape.points);
      const pad = shape.width / 2 + 1;
      return { minX: extent.minX - pad, minY: extent.minY - pad, maxX: extent.maxX + pad, maxY: extent.maxY + pad };
    }
    case ShapeType.Arrow: {
      const heads = shape.startHead !== 'none' || shape.endHead !== 'none';
      return pointsBounds(shape.points, 2, heads ? arrowHeadLength(shape.width) / 2 + shape.width : shape.width / 2 + 1);
    }
    case ShapeType.Rect:
    case ShapeType.Ellipse: {
      const pad = shape.width / 2;
      return { minX: -pad, minY: -pad, maxX: shape.w + pad, maxY: shape.h + pad };
    }
    case ShapeType.Frame:
      return { minX: 0, minY: -FRAME_TITLE_HEIGHT, maxX: shape.w, maxY: shape.h };
    default:
      return { minX: 0, minY: 0, maxX: shape.w, maxY: shape.h };
  }
}

/** Maps a point in the shape's frame to the board. */
export function toBoard(shape: Pick<Shape, 'x' | 'y' | 'rotation'>, local: Point): Point {
  if (shape.rotation === 0) return { x: local.x + shape.x, y: local.y + shape.y };
  const r = (shape.rotation * Math.PI) / 180;
  const c = Math.cos(r);
  const s = Math.sin(r);
  return { x: shape.x + c * local.x - s * local.y, y: shape.y + s * local.x + c * local.y };
}

/** Maps a board point into the shape's frame. */
export function toLocal(shape: Pick<Shape, 'x' | 'y' | 'rotation'>, point: Point): Point {
  const dx = point.x - shape.x;
  const dy = point.y - shape.y;
  if (shape.rotation === 0) return { x: dx, y: dy };
  const r = (shape.rotation * Math.PI) / 180;
  const c = Math.cos(r);
  const s = Math.sin(r);
  return { x: c * dx + s * dy, y: -s * dx + c * dy };
}

/** A connector's points on the board, in order. */
export function connectorPoints(shape: { x: number; y: number; rotation: number; points: readonly number[] }): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < shape.points.length; i += 2) out.push(toBoard(shape, { x: shape.points[i] as number, y: shape.points[i + 1] as number }));
  return out;
}

/** Axis-aligned bounding box on the board. */
export function shapeBounds(shape: Shape): Bounds {
  const local = localBounds(shape);
  if (shape.rotation === 0) {
    return { minX: local.minX + shape.x, minY: local.minY + shape.y, maxX: local.maxX + shape.x, maxY: local.maxY + shape.y };
  }
  const corners = [
    toBoard(shape, { x: local.minX, y: local.minY }),
    toBoard(shape, { x: local.maxX, y: local.minY }),
    toBoard(shape, { x: local.maxX, y: local.maxY }),
    toBoard(shape, { x: local.minX, y: local.maxY }),
  ];
  return {
    minX: Math.min(...corners.map((p) => p.x)),
    minY: Math.min(...corners.map((p) => p.y)),
    maxX: Math.max(...corners.map((p) => p.x)),
    maxY: Math.max(...corners.map((p) => p.y)),
  };
}

export function unionBounds(all: Iterable<Bounds>): Bounds | null {
  let out: Bounds | null = null;
  for (const b of all) {
    out = out
      ? { minX: Math.min(out.minX, b.minX), minY: Math.min(out.minY, b.minY), maxX: Math.max(out.maxX, b.maxX), maxY: Math.max(out.maxY, b.maxY) }
      : { minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY };
  }
  return out;
}

export function containsBounds(outer: Bounds, inner: Bounds): boolean {
  return inner.minX >= outer.minX && inner.maxX <= outer.maxX && inner.minY >= outer.minY && inner.maxY <= outer.maxY;
}

export function boundsFromPoints(a: Point, b: Point): Bounds {
  return { minX: Math.min(a.x, b.x), minY: Math.min(a.y, b.y), maxX: Math.max(a.x, b.x), maxY: Math.max(a.y, b.y) };
}

function distanceToSegmentSquared(p: Point, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - ax) * dx + (p.y - ay) * dy) / lengthSquared));
  const x = ax + t * dx - p.x;
  const y = ay + t * dy - p.y;
  return x * x + y * y;
}

function nearPolyline(p: Point, points: readonly number[], stride: number, reach: number): boolean {
  const reachSquared = reach * reach;
  if (points.length === stride) return distanceToSegmentSquared(p, points[0] as number, points[1] as number, points[0] as number, points[1] as number) <= reachSquared;
  for (let i = stride; i < points.length; i += stride) {
    const d = distanceToSegmentSquared(p, points[i - stride] as number, points[i - stride + 1] as number, points[i] as number, points[i + 1] as number);
    if (d <= reachSquared) return true;
  }
  return false;
}

/**
 * Whether a board point touches the shape, with `tolerance` board units of slack. Boxes are hit
 * anywhere inside (filled or not: people click inside a rectangle to pick it); lines within
 * half their width; frames by their title or edge only, so a drag inside one draws a marquee
 * over what it holds, as in Excalidraw.
 */
export function hitsShape(shape: Shape, point: Point, tolerance: number): boolean {
  const p = toLocal(shape, point);
  switch (shape.type) {
    case ShapeType.Stroke:
      return nearPolyline(p, shape.points, STROKE_POINT_STRIDE, shape.width / 2 + tolerance);
    case ShapeType.Arrow:
      return nearPolyline(p, shape.points, 2, shape.width / 2 + tolerance);
    case ShapeType.Ellipse: {
      const rx = shape.w / 2 + tolerance + shape.width / 2;
      const ry = shape.h / 2 + tolerance + shape.width / 2;
      const nx = (p.x - shape.w / 2) / rx;
      const ny = (p.y - shape.h / 2) / ry;
      return nx * nx + ny * ny <= 1;
    }
    case ShapeType.Frame: {
      const reach = tolerance + FRAME_EDGE_REACH;
      // Zoomed out, the title is drawn larger than on the board (as is the pointer's slack).
      const title = Math.max(FRAME_TITLE_HEIGHT, tolerance * FRAME_TITLE_REACH_PER_TOLERANCE);
      const inTitle = p.y >= -title && p.y < 0 && p.x >= -tolerance && p.x <= shape.w + tolerance;
      const nearBox = p.x >= -reach && p.x <= shape.w + reach && p.y >= -reach && p.y <= shape.h + reach;
      const inside = p.x > reach && p.x < shape.w - reach && p.y > reach && p.y < shape.h - reach;
      return inTitle || (nearBox && !inside);
    }
    default: {
      const b = localBounds(shape);
      return p.x >= b.minX - tolerance && p.x <= b.maxX + tolerance && p.y >= b.minY - tolerance && p.y <= b.maxY + tolerance;
    }
  }
}
