/**
 * Select: click a shape to select it (a grouped shape selects its whole group), shift-click to
 * add or remove one, drag on empty board for a marquee (selects the shapes inside it), drag a
 * selected shape to move the selection (move-gesture.ts: snapping, frames), drag a point of a
 * selected connector to move or rebind it, and double-click a text, note or box to edit its
 * text or label (or empty board to write new text), or a frame's title to rename it. Locked
 * shapes are passed over. Resize and rotate are the Transformer's handles
 * (canvas/selection-overlay.ts), committed by transform-commit.ts.
 */
import { textFieldOf, type Shape } from '../../protocol/board-schema';
import { groupMembers, outermostGroup, selectionUnit } from '../board/arrange';
import { isFrame } from '../board/frames';
import { boundsFromPoints, containsBounds, type Bounds, type Point } from '../board/geometry';
import { ConnectorHandleDrag } from './connector-handle-drag';
import { MoveGesture } from './move-gesture';
import { DRAG_THRESHOLD_PX, HIT_TOLERANCE_PX, screenToBoard, type ToolContext } from './tool-context';
import { ToolName, type PointerSample, type Tool } from './tool';

type Gesture =
  | { kind: 'idle' }
  | { kind: 'pending-move'; start: Point }
  | { kind: 'moving'; start: Point; move: MoveGesture; frame: number | null; last: PointerSample }
  | { kind: 'handle'; drag: ConnectorHandleDrag; frame: number | null; last: Point }
  | { kind: 'marquee'; start: Point; base: Set<string> };

const unlocked = (shape: Shape): boolean => !shape.locked;

export class SelectTool implements Tool {
  readonly name = ToolName.Select;
  readonly cursor = 'default';
  private gesture: Gesture = { kind: 'idle' };

  constructor(private readonly context: ToolContext) {}

  begin(sample: PointerSample): void {
    const { view, selection } = this.context;
    view.setHover(null);
    const handle = ConnectorHandleDrag.at(this.context, sample);
    if (handle) {
      view.setActive([handle.shapeId]);
      this.gesture = { kind: 'handle', drag: handle, frame: null, last: sample };
      return;
    }
    const hit = this.hitAt(sample);
    if (!hit) {
      if (!sample.shift) selection.clear();
      this.gesture = { kind: 'marquee', start: { x: sample.x, y: sample.y }, base: new Set(selection.ids) };
      return;
    }
    const unit = selectionUnit(view.index, hit);
    if (sample.shift) {
      const next = new Set(selection.ids);
      const adding = !next.has(hit.id);
      for (const id of unit) adding ? next.add(id) : next.delete(id);
      selection.set(next);
    } else if (!selection.has(hit.id)) {
      selection.set(unit);
    }
    if (!selection.has(hit.id)) return;
    this.gesture = { kind: 'pending-move', start: { x: sample.x, y: sample.y } };
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
      const move = new MoveGesture(this.context, this.context.selection.ids);
      this.context.view.setActive(move.active);
      this.gesture = { kind: 'moving', start: g.start, move, frame: null, last: sample };
      move.moveBy(sample.x - g.start.x, sample.y - g.start.y, sample.alt ?? false);
    } else if (g.kind === 'moving') {
      g.last = sample;
      // One document write per frame, however many pointer events arrive.
      g.frame ??= requestAnimationFrame(() => {
        g.frame = null;
        g.move.moveBy(g.last.x - g.start.x, g.last.y - g.start.y, g.last.alt ?? false);
      });
    } else if (g.kind === 'handle') {
      g.last = { x: sample.x, y: sample.y };
      g.frame ??= requestAnimationFrame(() => {
        g.frame = null;
        g.drag.moveTo(g.last);
      });
    }
  }

  end(): void {
    const g = this.gesture;
    this.gesture = { kind: 'idle' };
    if (g.kind === 'moving') {
      if (g.frame !== null) cancelAnimationFrame(g.frame);
      g.move.moveBy(g.last.x - g.start.x, g.last.y - g.start.y, g.last.alt ?? false);
      g.move.finish();
      this.context.view.setActive([]);
    } else if (g.kind === 'handle') {
      if (g.frame !== null) cancelAnimationFrame(g.frame);
      g.drag.moveTo(g.last);
      g.drag.finish();
      this.context.view.setActive([]);
    } else if (g.kind === 'marquee') {
      this.context.view.setMarquee(null);
    }
  }

  cancel(): void {
    this.end();
  }

  hover(sample: PointerSample): void {
    const hit = this.hitAt(sample);
    this.context.view.setHover(hit && !this.context.selection.has(hit.id) ? hit.id : null);
  }

  doubleClick(sample: PointerSample): void {
    const hit = this.hitAt(sample);
    if (hit && isFrame(hit)) this.context.renameFrame(hit.id);
    else if (hit && textFieldOf(hit)) this.context.editText(hit.id);
    else if (!hit) this.context.newText(sample);
  }

  deactivate(): void {
    this.cancel();
    this.context.view.setHover(null);
  }

  private hitAt(point: Point): Shape | null {
    return this.context.view.index.hitTest(point, screenToBoard(this.context, HIT_TOLERANCE_PX), unlocked);
  }

  /** Selects what is wholly inside the marquee: shapes, and groups all of whose shapes are. */
  private selectInside(box: Bounds, base: ReadonlySet<string>): void {
    const { index } = this.context.view;
    const within = (id: string): boolean => containsBounds(box, index.bounds(id) as Bounds);
    const picked = new Set<string>();
    const groups = new Set<string>();
    for (const id of index.searchIds(box)) {
      const shape = index.get(id);
      if (!shape || shape.locked || !within(id)) continue;
      const group = outermostGroup(shape);
      if (!group) picked.add(id);
      else groups.add(group);
    }
    for (const group of groups) {
      const members = groupMembers(index, group);
      if (members.every((m) => within(m.id))) for (const m of members) picked.add(m.id);
    }
    this.context.selection.set(new Set([...base, ...picked]));
  }
}
