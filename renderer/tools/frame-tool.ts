/**
 * Frame: drag out a named region (a click places one of a default size). The shapes inside it
 * join it, and it is selected with the select tool taking over; its name ("Frame 1", …) can be
 * changed by double-clicking its title. Drawing it is one undo step.
 */
import { ShapeType } from '../../protocol/board-schema';
import { adoptPatches, isFrame, nextFrameName } from '../board/frames';
import { boundsFromPoints, type Point } from '../board/geometry';
import { DRAG_THRESHOLD_PX, screenToBoard, type ToolContext } from './tool-context';
import { ToolName, type PointerSample, type Tool } from './tool';

/** A click places a frame this big (board units): a slide's proportions. */
const DEFAULT_FRAME_W = 640;
const DEFAULT_FRAME_H = 400;

export class FrameTool implements Tool {
  readonly name = ToolName.Frame;
  readonly cursor = 'crosshair';
  private start: Point | null = null;
  private last: Point | null = null;
  private id: string | null = null;
  private frame: number | null = null;

  constructor(private readonly context: ToolContext) {}

  begin(sample: PointerSample): void {
    this.cancel();
    this.start = { x: sample.x, y: sample.y };
    this.last = this.start;
  }

  move(samples: readonly PointerSample[]): void {
    const sample = samples[samples.length - 1];
    if (!sample || !this.start) return;
    this.last = { x: sample.x, y: sample.y };
    if (!this.id) {
      if (Math.hypot(sample.x - this.start.x, sample.y - this.start.y) < screenToBoard(this.context, DRAG_THRESHOLD_PX)) return;
      this.id = this.context.board.create([this.frameFor(this.start, this.last)])[0] ?? null;
      if (this.id) this.context.view.setActive([this.id]);
      return;
    }
    this.frame ??= requestAnimationFrame(() => {
      this.frame = null;
      this.reshape();
    });
  }

  end(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    if (!this.start || !this.last) return;
    let id = this.id;
    if (id) {
      this.reshape();
    } else {
      const corner = { x: this.start.x - DEFAULT_FRAME_W / 2, y: this.start.y - DEFAULT_FRAME_H / 2 };
      id = this.context.board.create([this.frameFor(corner, { x: corner.x + DEFAULT_FRAME_W, y: corner.y + DEFAULT_FRAME_H })])[0] ?? null;
    }
    this.start = null;
    this.id = null;
    this.context.view.setActive([]);
    const frame = id ? this.context.view.index.get(id) : undefined;
    if (!id || !isFrame(frame)) return;
    const adopt = adoptPatches(this.context.view.index, frame);
    if (adopt.size > 0) this.context.board.update(adopt, true);
    this.context.selection.set([id]);
    this.context.setTool(ToolName.Select);
  }

  cancel(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    if (this.id) this.context.view.setActive([]);
    this.start = null;
    this.id = null;
  }

  abandon(): void {
    if (this.id) this.context.board.delete([this.id], true);
    this.cancel();
  }

  private reshape(): void {
    if (!this.id || !this.start || !this.last) return;
    const { x, y, w, h } = this.frameFor(this.start, this.last);
    this.context.board.update(new Map([[this.id, { x, y, w, h }]]), true);
  }

  private frameFor(a: Point, b: Point) {
    const box = boundsFromPoints(a, b);
    return {
      type: ShapeType.Frame,
      x: box.minX,
      y: box.minY,
      w: Math.max(1, box.maxX - box.minX),
      h: Math.max(1, box.maxY - box.minY),
      rotation: 0,
      opacity: 1,
      name: this.id ? ((this.context.view.index.get(this.id) as { name?: string } | undefined)?.name ?? '') : nextFrameName(this.context.view.index),
    } as const;
  }
}
