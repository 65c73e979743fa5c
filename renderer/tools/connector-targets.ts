/** Finding the shape a connector's end is over, to bind it (tools share this). */
import type { Binding } from '../../protocol/board-schema';
import { bindingAt, isBindable, type BindableShape } from '../board/connectors';
import type { Point } from '../board/geometry';
import { HIT_TOLERANCE_PX, screenToBoard, type ToolContext } from './tool-context';

/** The topmost shape an end at `point` would bind to (not `exclude`, the connector itself). */
export function bindTargetAt(context: ToolContext, point: Point, exclude: string | null): BindableShape | null {
  const hit = context.view.index.hitTest(point, screenToBoard(context, HIT_TOLERANCE_PX), (shape) => shape.id !== exclude && isBindable(shape));
  return isBindable(hit) ? hit : null;
}

/** The binding for an end at `point`, and the view's highlight of its target, updated. */
export function bindEnd(context: ToolContext, point: Point, exclude: string | null, show = true): Binding | undefined {
  const target = bindTargetAt(context, point, exclude);
  if (show) context.view.setBindTarget(target?.id ?? null);
  return target ? bindingAt(target, point) : undefined;
}
