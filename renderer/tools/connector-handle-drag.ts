/**
 * Dragging a point of the selected connector: an end moved over a shape binds to it (outlined
 * while it is over it), an end let go on empty board is free; a middle point just moves. One
 * undo step, written every frame like any drag.
 */
import { ShapeType, type ArrowShape } from '../../protocol/board-schema';
import { connectorHandles } from '../board/connectors';
import { toLocal, type Point } from '../board/geometry';
import { HANDLE_RADIUS_PX } from '../canvas/selection-overlay';
import { bindEnd } from './connector-targets';
import { screenToBoard, type ToolContext } from './tool-context';

/** A handle is grabbed within this many screen pixels of its centre. */
const GRAB_SLACK_PX = 4;

export class ConnectorHandleDrag {
  private started = false;

  private constructor(
    private readonly context: ToolContext,
    private readonly id: string,
    private readonly index: number,
  ) {}

  /** The drag of the handle under the pointer, if the selection is one connector and one is. */
  static at(context: ToolContext, point: Point): ConnectorHandleDrag | null {
    const { selection, view } = context;
    if (selection.size !== 1) return null;
    const [id] = selection.ids;
    const drawn = id ? view.index.get(id) : undefined;
    const stored = id ? view.index.storedShape(id) : undefined;
    if (drawn?.type !== ShapeType.Arrow || stored?.type !== ShapeType.Arrow || drawn.locked) return null;
    const reach = screenToBoard(context, HANDLE_RADIUS_PX + GRAB_SLACK_PX);
    const handles = connectorHandles(drawn, stored);
    // Ends win over a middle point under the same pixel.
    const hit = [...handles].sort((a, b) => Number(b.index === 0 || b.index === stored.points.length / 2 - 1) - Number(a.index === 0 || a.index === stored.points.length / 2 - 1)).find((h) => Math.hypot(h.point.x - point.x, h.point.y - point.y) <= reach);
    return hit ? new ConnectorHandleDrag(context, drawn.id, hit.index) : null;
  }

  get shapeId(): string {
    return this.id;
  }

  moveTo(point: Point): void {
    const stored = this.context.view.index.storedShape(this.id);
    if (stored?.type !== ShapeType.Arrow) return;
    const last = stored.points.length / 2 - 1;
    const local = toLocal(stored, point);
    const points = [...stored.points];
    points[this.index * 2] = Math.round(local.x * 100) / 100;
    points[this.index * 2 + 1] = Math.round(local.y * 100) / 100;
    const patch: Partial<Record<keyof ArrowShape, unknown>> = { points };
    if (this.index === 0) patch.start = bindEnd(this.context, point, this.id);
    else if (this.index === last) patch.end = bindEnd(this.context, point, this.id);
    // A connector does not bind both its ends to one shape.
    if (patch.start && (patch.start as { id: string }).id === stored.end?.id) patch.start = undefined;
    if (patch.end && (patch.end as { id: string }).id === stored.start?.id) patch.end = undefined;
    this.context.board.update(new Map([[this.id, patch]]), this.started);
    this.started = true;
  }

  finish(): void {
    this.context.view.setBindTarget(null);
  }
}
