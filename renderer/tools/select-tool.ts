/**
 * Select: click a shape to select it, shift-click to add or remove one, drag on empty board for
 * a marquee (selects the shapes inside it), drag a selected shape to move the selection, and
 * double-click a text, note or box to edit its text or label (or empty board to write new
 * text). Resize and rotate
 * are the Transformer's handles (canvas/selection-overlay.ts), committed by transform-commit.ts.
 *
 * A move writes positions to the document every frame as one continuing edit, so peers watch
 * the shapes travel and one undo puts them back.
 */
import { textFieldOf } from '../../protocol/board-schema';
import type { ShapePatch } from '../board/board';
import { boundsFromPoints, containsBounds, type Bounds, type Point } from '../board/geometry';
import { DRAG_THRESHOLD_PX, HIT_TOLERANCE_PX, screenToBoard, type ToolContext } from './tool-context';
import { ToolName, type PointerSample, type Tool } from './tool';

type Gesture =
  | { kind: 'idle' }
  | { kind: 'pending-move'; start: Point; origins: Map<string, Point> }
  | { kind: 'moving'; start: Point; origins: Map<string, Point>; frame: number | null; last: Point }
  | { kind: 'marquee'; start: Point; base: Set<string> };

export class SelectTool implements Tool {
  readonly name = ToolName.Select;
  readonly cursor = 'default';
  private gesture: Gesture = { kind: 'idle' };

  constructor(private readonly context: ToolContext) {}

  begin(sample: PointerSample): void {
    const { view, selection } = this.context;
    const hit = view.index.hitTest(sample, screenToBoard(this.context, HIT_TOLERANCE_PX));
    view.setHover(null);
    if (!hit) {
      if (!sample.shift) selection.clear();
      this.gesture = { kind: 'marquee', start: { x: sample.x, y: sample.y }, base: new Set(selection.ids) };
      return;
    }
    if (sample.shift) selection.toggle(hit.id);
    else if (!selection.has(hit.id)) selection.set([hit.id]);
    if (!selection.has(hit.id)) return;
    const origins = new Map<string, Point>();
    for (const id of selection.ids) {
      const shape = view.index.get(id);
      if (shape) origins.set(id, { x: shape.x, y: shape.y });
    }
    this.gesture = { kind: 'pending-move', start: { x: sample.x, y: sample.y }, origins };
  }

  move(samples: readonly PointerSample[]): void {
    const sample = samples[samples.length - 1];
    if (!sample) return;
    const g = this.gesture;
    if (g.kind === 'marquee') {
      const box = boundsFromPoints(g.start, sample);
      this.context.view.setMarquee(box);
      this.selectInside(box, g.base);
    } else if (g.kind === 'pending-move') {
      if (Math.hypot(sample.x - g.start.x, sample.y - g.start.y) < screenToBoard(this.context, DRAG_THRESHOLD_PX)) return;
      this.context.view.setActive(g.origins.keys());
      this.gesture = { kind: 'moving', start: g.start, origins: g.origins, frame: null, last: sample };
      this.writeMove(false);
    } else if (g.kind === 'moving') {
      g.last = { x: sample.x, y: sample.y };
      // One document write per frame, however many pointer events arrive.
      g.frame ??= requestAnimationFrame(() => {
        g.frame = null;
        this.writeMove(true);
      });
    }
  }

  end(): void {
    const g = this.gesture;
    if (g.kind === 'moving') {
      if (g.frame !== null) cancelAnimationFrame(g.frame);
      this.writeMove(true);
      this.context.view.setActive([]);
    }
    if (g.kind === 'marquee') this.context.view.setMarquee(null);
    this.gesture = { kind: 'idle' };
  }

  cancel(): void {
    this.end();
  }

  hover(sample: PointerSample): void {
    const hit = this.context.view.index.hitTest(sample, screenToBoard(this.context, HIT_TOLERANCE_PX));
    this.context.view.setHover(hit && !this.context.selection.has(hit.id) ? hit.id : null);
  }

  doubleClick(sample: PointerSample): void {
    const hit = this.context.view.index.hitTest(sample, screenToBoard(this.context, HIT_TOLERANCE_PX));
    if (hit && textFieldOf(hit)) this.context.editText(hit.id);
    else if (!hit) this.context.newText(sample);
  }

  deactivate(): void {
    this.cancel();
    this.context.view.setHover(null);
  }

  /** Moves the dragged shapes to follow the pointer; `continues` joins the previous frame's edit. */
  private writeMove(continues: boolean): void {
    const g = this.gesture;
    if (g.kind !== 'moving') return;
    const dx = g.last.x - g.start.x;
    const dy = g.last.y - g.start.y;
    const patches = new Map<string, ShapePatch>();
    for (const [id, origin] of g.origins) patches.set(id, { x: origin.x + dx, y: origin.y + dy });
    this.context.board.update(patches, continues);
  }

  private selectInside(box: Bounds, base: ReadonlySet<string>): void {
    const { index } = this.context.view;
    const inside = index.searchIds(box).filter((id) => containsBounds(box, index.bounds(id) as Bounds));
    this.context.selection.set(new Set([...base, ...inside]));
  }
}
