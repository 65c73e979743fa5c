/**
 * Rectangle, ellipse and arrow: press and drag out the shape (shift keeps a square or circle,
 * or snaps an arrow to 15° steps). A click without a drag places a default-sized box. The shape
 * is written to the document as soon as the drag starts and reshaped each frame after, as one
 * undo step; when the pointer is let go it is selected and the select tool takes over, as in
 * Excalidraw and tldraw.
 *
 * An arrow started on a shape is bound to it, and one let go over a shape binds to that one
 * (outlined while the pointer is over it), so it stays connected when either moves.
 */
import { ShapeType, type Binding } from '../../protocol/board-schema';
import type { NewShape, ShapePatch } from '../board/board';
import type { Point } from '../board/geometry';
import { bindEnd } from './connector-targets';
import { joinFrames } from './frame-placement';
import { DRAG_THRESHOLD_PX, screenToBoard, type ToolContext } from './tool-context';
import { ToolName, type PointerSample, type Tool } from './tool';

/** A click places a box this big (board units). */
const DEFAULT_BOX_W = 160;
const DEFAULT_BOX_H = 100;
const ARROW_SNAP_RADIANS = Math.PI / 12;

export type ShapeToolKind = typeof ToolName.Rect | typeof ToolName.Ellipse | typeof ToolName.Arrow;

export class ShapeTool implements Tool {
  readonly cursor = 'crosshair';
  private start: Point | null = null;
  private id: string | null = null;
  private last: PointerSample | null = null;
  private frame: number | null = null;
  /** The shape the arrow started on, if any. */
  private startBinding: Binding | undefined;

  constructor(
    readonly name: ShapeToolKind,
    private readonly context: ToolContext,
  ) {}

  begin(sample: PointerSample): void {
    this.cancel();
    this.start = { x: sample.x, y: sample.y };
    this.last = sample;
    this.startBinding = this.name === ToolName.Arrow ? bindEnd(this.context, sample, null, false) : undefined;
  }

  move(samples: readonly PointerSample[]): void {
    const sample = samples[samples.length - 1];
    if (!sample || !this.start) return;
    this.last = sample;
    if (!this.id) {
      if (Math.hypot(sample.x - this.start.x, sample.y - this.start.y) < screenToBoard(this.context, DRAG_THRESHOLD_PX)) return;
      const [id] = this.context.board.create([this.shapeFor(this.start, sample)]);
      this.id = id ?? null;
      if (this.id) this.context.view.setActive([this.id]);
      return;
    }
    this.frame ??= requestAnimationFrame(() => {
      this.frame = null;
      this.reshape(true);
    });
  }

  end(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    if (!this.start) return;
    let id = this.id;
    if (id) {
      this.reshape(true);
    } else if (this.name !== ToolName.Arrow) {
      const { x, y } = this.start;
      const centred = { x: x - DEFAULT_BOX_W / 2, y: y - DEFAULT_BOX_H / 2 };
      id = this.context.board.create([this.shapeFor(centred, { x: centred.x + DEFAULT_BOX_W, y: centred.y + DEFAULT_BOX_H, pressure: 0.5 })])[0] ?? null;
    }
    this.start = null;
    this.id = null;
    this.context.view.setActive([]);
    this.context.view.setBindTarget(null);
    if (id) {
      joinFrames(this.context, [id]);
      this.context.selection.set([id]);
      this.context.setTool(ToolName.Select);
    }
  }

  cancel(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.context.view.setBindTarget(null);
    if (this.id) this.context.view.setActive([]);
    this.start = null;
    this.id = null;
  }

  abandon(): void {
    if (this.id) this.context.board.delete([this.id], true);
    this.cancel();
  }

  private reshape(continues: boolean): void {
    if (!this.id || !this.start || !this.last) return;
    const { type: _type, z: _z, ...fields } = this.shapeFor(this.start, this.last) as NewShape & { z?: string };
    this.context.board.update(new Map([[this.id, fields as ShapePatch]]), continues);
  }

  private shapeFor(start: Point, end: PointerSample): NewShape {
    const style = this.context.style();
    const base = { rotation: 0, opacity: style.opacity, color: style.color, width: style.width };
    if (this.name === ToolName.Arrow) {
      let dx = end.x - start.x;
      let dy = end.y - start.y;
      if (end.shift) {
        const length = Math.hypot(dx, dy);
        const angle = Math.round(Math.atan2(dy, dx) / ARROW_SNAP_RADIANS) * ARROW_SNAP_RADIANS;
        dx = Math.cos(angle) * length;
        dy = Math.sin(angle) * length;
      }
      const endBinding = bindEnd(this.context, { x: start.x + dx, y: start.y + dy }, this.id);
      return {
        type: ShapeType.Arrow,
        x: start.x,
        y: start.y,
        points: [0, 0, dx, dy],
        startHead: style.startHead,
        endHead: style.endHead,
        ...(style.route !== 'straight' ? { route: style.route } : {}),
        start: this.startBinding && this.startBinding.id !== endBinding?.id ? this.startBinding : undefined,
        end: endBinding,
        ...base,
      };
    }
    let w = end.x - start.x;
    let h = end.y - start.y;
    if (end.shift) {
      const side = Math.max(Math.abs(w), Math.abs(h));
      w = Math.sign(w || 1) * side;
      h = Math.sign(h || 1) * side;
    }
    return {
      type: this.name === ToolName.Rect ? ShapeType.Rect : ShapeType.Ellipse,
      x: Math.min(start.x, start.x + w),
      y: Math.min(start.y, start.y + h),
      w: Math.max(1, Math.abs(w)),
      h: Math.max(1, Math.abs(h)),
      fill: style.fill,
      ...base,
    };
  }
}
