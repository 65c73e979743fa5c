/** What a drag snaps to: the boxes of the shapes in view, but those being dragged. */
import { ShapeType } from '../../protocol/board-schema';
import { frameBox } from '../board/frames';
import type { Bounds } from '../board/geometry';
import { SNAP_THRESHOLD_PX, GRID_SIZE, type SnapOptions } from '../board/snapping';
import { screenToBoard, type ToolContext } from './tool-context';

/**
 * Snap options for a drag of `moving`: the other shapes near the view (connectors left out:
 * they follow the shapes they join), the reach in board units, and the grid if it is on.
 */
export function snapOptions(context: ToolContext, moving: ReadonlySet<string>): SnapOptions {
  const { index } = context.view;
  const view = context.view.visibleBounds();
  const margin = (view.maxX - view.minX) * 0.5;
  const near = index.search({ minX: view.minX - margin, minY: view.minY - margin, maxX: view.maxX + margin, maxY: view.maxY + margin });
  const targets: Bounds[] = [];
  for (const shape of near) {
    if (moving.has(shape.id) || shape.type === ShapeType.Arrow) continue;
    targets.push(shape.type === ShapeType.Frame ? frameBox(shape) : (index.bounds(shape.id) as Bounds));
  }
  return { targets, threshold: screenToBoard(context, SNAP_THRESHOLD_PX), grid: context.view.gridOn ? GRID_SIZE : null };
}
