/**
 * Letting connectors go of shapes: a connector whose shape is deleted keeps its end where it was
 * drawn (its drawn points become its stored ones and the binding is dropped, in the same undo
 * step as the deletion, so undo brings both back: deletion.ts); a connector dragged away from a
 * shape it is bound to lets go of it (tools/move-gesture.ts).
 */
import { ShapeType, type ArrowShape } from '../../protocol/board-schema';
import type { ShapePatch } from './board';
import type { ShapeIndex } from './shape-index';

/** Patches that free connectors from the shapes in `gone` (or not in `staying`), as drawn now. */
export function releasePatches(index: ShapeIndex, connectors: Iterable<string>, letGo: (shapeId: string) => boolean): Map<string, ShapePatch> {
  const patches = new Map<string, ShapePatch>();
  for (const id of connectors) {
    const stored = index.storedShape(id);
    const drawn = index.get(id);
    if (stored?.type !== ShapeType.Arrow || drawn?.type !== ShapeType.Arrow) continue;
    const patch: ShapePatch = {};
    if (stored.start && letGo(stored.start.id)) patch.start = undefined;
    if (stored.end && letGo(stored.end.id)) patch.end = undefined;
    if (Object.keys(patch).length === 0) continue;
    patch.points = endsAsDrawn(stored, drawn);
    patches.set(id, patch);
  }
  return patches;
}

/** The stored points with the ends moved to where they are drawn (an elbow keeps its bends). */
function endsAsDrawn(stored: ArrowShape, drawn: ArrowShape): number[] {
  if (stored.route === 'elbow') return [...drawn.points];
  const points = [...stored.points];
  const n = points.length;
  const m = drawn.points.length;
  points[0] = drawn.points[0] as number;
  points[1] = drawn.points[1] as number;
  points[n - 2] = drawn.points[m - 2] as number;
  points[n - 1] = drawn.points[m - 1] as number;
  return points;
}
