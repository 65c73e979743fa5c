/**
 * Edits that keep connectors sensible when what they are bound to goes away or is left behind:
 * a connector whose shape is deleted keeps its end where it was drawn (its drawn points become
 * its stored ones and the binding is dropped, in the same undo step as the deletion, so undo
 * brings both back); a connector dragged away from a shape it is bound to lets go of it.
 */
import { ShapeType, type ArrowShape } from '../../protocol/board-schema';
import type { Board, ShapePatch } from './board';
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

/** Deletes shapes as one undo step; connectors bound to them stay where they are drawn. */
export function deleteShapes(board: Board, index: ShapeIndex, ids: Iterable<string>, continues = false): void {
  const doomed = new Set(ids);
  if (doomed.size === 0) return;
  const survivors = [...index.connectorsBoundTo(doomed)].filter((id) => !doomed.has(id));
  const patches = releasePatches(index, survivors, (shapeId) => doomed.has(shapeId));
  board.transact(() => {
    if (patches.size > 0) board.update(patches, true);
    board.delete(doomed, true);
  }, continues);
}
