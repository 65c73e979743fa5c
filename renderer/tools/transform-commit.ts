/**
 * Writes what the Transformer did (canvas/selection-overlay.ts) into the document. Konva
 * resizes by scaling a node; the document keeps shapes unscaled, so the scale is baked into each
 * shape's own size (box sides, font size, line points) and the node is redrawn from that.
 */
import { MAX_FONT_SIZE, MIN_FONT_SIZE, STROKE_POINT_STRIDE, ShapeType, type Shape } from '../../protocol/board-schema';
import type { Board, ShapePatch } from '../board/board';
import type { TransformResult } from '../canvas/selection-overlay';

/** Degrees in (-180, 180]. */
export function normalizeRotation(degrees: number): number {
  const r = ((degrees % 360) + 360) % 360;
  return r > 180 ? r - 360 : r;
}

const round = (value: number): number => Math.round(value * 100) / 100;

export function bakeTransform(shape: Shape, result: TransformResult): ShapePatch {
  const sx = Math.abs(result.scaleX);
  const sy = Math.abs(result.scaleY);
  const patch: ShapePatch = { x: round(result.x), y: round(result.y), rotation: round(normalizeRotation(result.rotation)) };
  switch (shape.type) {
    case ShapeType.Stroke:
      patch.points = shape.points.map((v, i) => (i % STROKE_POINT_STRIDE === 0 ? round(v * sx) : i % STROKE_POINT_STRIDE === 1 ? round(v * sy) : v));
      break;
    case ShapeType.Arrow:
      patch.points = shape.points.map((v, i) => round(i % 2 === 0 ? v * sx : v * sy));
      break;
    case ShapeType.Text:
      patch.fontSize = Math.min(MAX_FONT_SIZE, Math.max(MIN_FONT_SIZE, round(shape.fontSize * sy)));
      patch.w = round(shape.w * sx);
      patch.h = round(shape.h * sy);
      break;
    default:
      patch.w = round(shape.w * sx);
      patch.h = round(shape.h * sy);
  }
  return patch;
}

/** Commits a finished transform as one undo step. */
export function commitTransform(board: Board, shapes: (id: string) => Shape | undefined, results: readonly TransformResult[]): void {
  const patches = new Map<string, ShapePatch>();
  for (const result of results) {
    const shape = shapes(result.id);
    if (shape && !shape.locked) patches.set(result.id, bakeTransform(shape, result));
  }
  if (patches.size > 0) board.update(patches);
}
