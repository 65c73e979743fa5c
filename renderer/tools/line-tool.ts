/**
 * Line: a connector without heads, of any number of points. Click to place each point (the
 * next segment follows the pointer), and finish with a click on the last point, a double-click,
 * Enter or Escape; or press and drag for a single segment. Shift keeps a segment to 15° steps.
 * Like an arrow, a line started or finished on a shape is bound to it. The whole line is one
 * undo step; when it is finished it is selected and the select tool takes over.
 */
import { ArrowHead, ConnectorRoute, MAX_ARROW_POINTS, ShapeType, type Binding } from '../../protocol/board-schema';
import type { Point } from '../board/geometry';
import { bindEnd } from './connector-targets';
import { joinFrames } from './frame-placement';
import { DRAG_THRESHOLD_PX, screenToBoard, type ToolContext } from './tool-context';
import { ToolName, type PointerSample, type Tool } from './tool';

const SNAP_RADIANS = Math.PI / 12;
/** A click this close (screen pixels) to the last placed point finishes the line. */
const FINISH_REACH_PX = 8;

interface Draft {
  id: string | null;
  /** Placed points, on the board. */
  points: Point[];
  /** Where the next point would go (follows the pointer). */
  next: Point;
  start: Binding | undefined;
  end: Binding | undefined;
  /** The pointer is down, since `pressedAt`. */
  pressed: boolean;
  pressedAt: Point;
  dragged: boolean;
  frame: number | null;
}

export class LineTool implements Tool {
  readonly name = ToolName.Line;
  readonly cursor = 'crosshair';
  private draft: Draft | null = null;

  constructor(private readonly context: ToolContext) {}

  begin(sample: PointerSample): void {
    const point = { x: sample.x, y: sample.y };
    const draft = this.draft;
    if (!draft) {
      const start = bindEnd(this.context, point, null, false);
      this.draft = { id: null, points: [point], next: point, start, end: undefined, pressed: true, pressedAt: point, dragged: false, frame: null };
      return;
    }
    draft.pressed = true;
    draft.pressedAt = point;
    draft.dragged = false;
  }

  move(samples: readonly PointerSample[]): void {
    const sample = samples[samples.length - 1];
    const draft = this.draft;
    if (!sample || !draft) return;
    if (Math.hypot(sample.x - draft.pressedAt.x, sample.y - draft.pressedAt.y) >= screenToBoard(this.context, DRAG_THRESHOLD_PX)) draft.dragged = true;
    this.follow(sample);
  }

  hover(sample: PointerSample): void {
    if (this.draft) this.follow(sample);
  }

  end(): void {
    const draft = this.draft;
    if (!draft?.pressed) return;
    draft.pressed = false;
    const last = draft.points[draft.points.length - 1] as Point;
    // Pressed and dragged out from the first point: a single segment, done.
    if (draft.dragged && draft.points.length === 1) {
      draft.points.push(draft.next);
      this.finish();
      return;
    }
    const reach = screenToBoard(this.context, FINISH_REACH_PX);
    if (draft.points.length >= 2 && Math.hypot(draft.next.x - last.x, draft.next.y - last.y) <= reach) {
      this.finish();
      return;
    }
    if (Math.hypot(draft.next.x - last.x, draft.next.y - last.y) > reach) draft.points.push(draft.next);
    if (draft.points.length >= MAX_ARROW_POINTS) this.finish();
    else this.write();
  }

  doubleClick(): void {
    this.finish();
  }

  cancel(): void {
    this.finish();
  }

  deactivate(): void {
    this.finish();
  }

  abandon(): void {
    const draft = this.draft;
    this.draft = null;
    this.stopFrame(draft);
    this.context.view.setBindTarget(null);
    if (draft?.id) this.context.board.delete([draft.id], true);
  }

  /** Ends the line with the points placed so far (a line needs two). */
  finish(): boolean {
    const draft = this.draft;
    if (!draft) return false;
    this.draft = null;
    this.stopFrame(draft);
    this.context.view.setBindTarget(null);
    const lastPlaced = draft.points[draft.points.length - 1] as Point;
    const end = draft.points.length >= 2 ? bindEnd(this.context, lastPlaced, draft.id, false) : undefined;
    if (draft.points.length < 2) {
      if (draft.id) this.context.board.delete([draft.id], true);
      this.context.view.setActive([]);
      return true;
    }
    const id = this.writeShape({ ...draft, next: lastPlaced, end }, false);
    this.context.view.setActive([]);
    if (id) {
      joinFrames(this.context, [id]);
      this.context.selection.set([id]);
      this.context.setTool(ToolName.Select);
    }
    return true;
  }

  private follow(sample: PointerSample): void {
    const draft = this.draft;
    if (!draft) return;
    const last = draft.points[draft.points.length - 1] as Point;
    let next = { x: sample.x, y: sample.y };
    if (sample.shift) {
      const length = Math.hypot(next.x - last.x, next.y - last.y);
      const angle = Math.round(Math.atan2(next.y - last.y, next.x - last.x) / SNAP_RADIANS) * SNAP_RADIANS;
      next = { x: last.x + Math.cos(angle) * length, y: last.y + Math.sin(angle) * length };
    }
    draft.next = next;
    draft.end = bindEnd(this.context, next, draft.id);
    draft.frame ??= requestAnimationFrame(() => {
      draft.frame = null;
      if (this.draft === draft) this.write();
    });
  }

  private write(): void {
    const draft = this.draft;
    if (!draft) return;
    const last = draft.points[draft.points.length - 1] as Point;
    if (draft.points.length === 1 && Math.hypot(draft.next.x - last.x, draft.next.y - last.y) < screenToBoard(this.context, DRAG_THRESHOLD_PX)) return;
    draft.id = this.writeShape(draft, true);
    if (draft.id) this.context.view.setActive([draft.id]);
  }

  /** Writes the line (placed points, then `next` when `preview`); returns its id. */
  private writeShape(draft: Draft, preview: boolean): string | null {
    const points = preview ? [...draft.points, draft.next] : draft.points;
    const origin = points[0] as Point;
    const flat = points.flatMap((p) => [Math.round((p.x - origin.x) * 100) / 100, Math.round((p.y - origin.y) * 100) / 100]);
    const style = this.context.style();
    const fields = {
      x: origin.x,
      y: origin.y,
      points: flat,
      start: draft.start,
      end: draft.end,
      route: style.route === ConnectorRoute.Straight ? undefined : style.route,
    };
    if (draft.id) {
      this.context.board.update(new Map([[draft.id, fields]]), true);
      return draft.id;
    }
    const [id] = this.context.board.create([
      { type: ShapeType.Arrow, rotation: 0, opacity: style.opacity, color: style.color, width: style.width, startHead: ArrowHead.None, endHead: ArrowHead.None, ...fields },
    ]);
    return id ?? null;
  }

  private stopFrame(draft: Draft | null): void {
    if (draft?.frame !== null && draft?.frame !== undefined) cancelAnimationFrame(draft.frame);
  }
}
