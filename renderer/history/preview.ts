/**
 * A version shown read-only in place of the board: its own document, board model and canvas (the same BoardView the
 * board uses), over the live canvas with the same camera, so the two line up. What changed since is outlined in a
 * layer of its own: added since (dashed, where it is now), removed since, moved (where it was, and a dashed outline
 * and line to where it went), changed. A click picks shapes to copy (shift adds), a drag on empty board picks those
 * inside; panning and zooming work as on the board.
 */
import Konva from 'konva';
import type * as Y from 'yjs';
import { Board } from '../board/board';
import { boundsFromPoints, containsBounds, shapeBounds, type Bounds, type Point } from '../board/geometry';
import { Selection } from '../board/selection';
import { BoardView } from '../canvas/board-view';
import { PointerInput } from '../tools/pointer-input';
import { HIT_TOLERANCE_PX } from '../tools/tool-context';
import { ToolName, type PointerSample, type Tool } from '../tools/tool';
import { ChangeKind, type ShapeChange } from './version-diff';

export const HIGHLIGHT_COLORS: Record<ChangeKind, string> = {
  added: '#2f9e44',
  removed: '#e03131',
  moved: '#f08c00',
  changed: '#7048e8',
};

/** Outlines sit this far outside a shape, in screen pixels. */
const OUTLINE_GAP_PX = 6;

class PickTool implements Tool {
  readonly name = ToolName.Select;
  readonly cursor = 'default';
  private marquee: { start: Point; base: Set<string> } | null = null;

  constructor(private readonly view: BoardView, private readonly selection: Selection) {}

  begin(sample: PointerSample): void {
    const hit = this.view.index.hitTest(sample, HIT_TOLERANCE_PX / this.view.camera.scale);
    if (hit) {
      if (sample.shift) this.selection.toggle(hit.id);
      else this.selection.set([hit.id]);
      return;
    }
    if (!sample.shift) this.selection.clear();
    this.marquee = { start: { x: sample.x, y: sample.y }, base: new Set(this.selection.ids) };
  }

  move(samples: readonly PointerSample[]): void {
    const last = samples[samples.length - 1];
    if (!this.marquee || !last) return;
    const box = boundsFromPoints(this.marquee.start, last);
    this.view.setMarquee(box);
    const inside = this.view.index.searchIds(box).filter((id) => {
      const bounds = this.view.index.bounds(id);
      return bounds !== undefined && containsBounds(box, bounds);
    });
    this.selection.set([...this.marquee.base, ...inside]);
  }

  end(): void { this.cancel(); }

  cancel(): void {
    this.marquee = null;
    this.view.setMarquee(null);
  }
}

export class VersionPreview {
  readonly board: Board;
  readonly view: BoardView;
  readonly selection = new Selection();
  private readonly container: HTMLDivElement;
  private readonly input: PointerInput;
  private readonly highlights = new Konva.Layer({ listening: false });
  private changes = new Map<string, ShapeChange>();

  /** Over `board`'s view: its camera and its theme. */
  constructor(root: HTMLElement, doc: Y.Doc, board: BoardView) {
    this.container = document.createElement('div');
    this.container.className = 'history-preview canvas';
    this.container.dataset.testid = 'history-preview';
    root.append(this.container);
    this.board = new Board(doc);
    this.view = new BoardView(this.container, this.board, { selection: this.selection });
    this.view.setEditable(false);
    this.view.setTheme(board.theme);
    this.view.stage.add(this.highlights);
    this.view.setCamera(board.camera);
    this.view.onCameraChange(() => this.drawHighlights());
    this.input = new PointerInput(this.view, new PickTool(this.view, this.selection));
  }

  setChanges(changes: Map<string, ShapeChange>): void {
    this.changes = changes;
    this.drawHighlights();
  }

  /** The shapes picked, bottom to top; all of them when none are. */
  picked(): ReturnType<Board['all']> {
    const all = this.board.all();
    return this.selection.size === 0 ? all : all.filter((shape) => this.selection.has(shape.id));
  }

  destroy(): void {
    this.input.destroy();
    this.view.destroy();
    this.board.history.destroy();
    this.container.remove();
  }

  private drawHighlights(): void {
    this.highlights.destroyChildren();
    const gap = OUTLINE_GAP_PX / this.view.camera.scale;
    const outline = (box: Bounds, color: string, dashed: boolean): Konva.Rect =>
      new Konva.Rect({
        x: box.minX - gap,
        y: box.minY - gap,
        width: box.maxX - box.minX + 2 * gap,
        height: box.maxY - box.minY + 2 * gap,
        stroke: color,
        strokeWidth: 2,
        strokeScaleEnabled: false,
        cornerRadius: 4 / this.view.camera.scale,
        fill: dashed ? undefined : `${color}14`,
        dash: dashed ? [6 / this.view.camera.scale, 4 / this.view.camera.scale] : undefined,
      });
    for (const change of this.changes.values()) {
      const color = HIGHLIGHT_COLORS[change.kind];
      if (change.kind === ChangeKind.Added && change.now) this.highlights.add(outline(shapeBounds(change.now), color, true));
      if (change.kind !== ChangeKind.Added && change.then) this.highlights.add(outline(shapeBounds(change.then), color, change.kind === ChangeKind.Changed));
      if (change.kind === ChangeKind.Moved && change.then && change.now) {
        const from = shapeBounds(change.then);
        const to = shapeBounds(change.now);
        this.highlights.add(outline(to, color, true));
        const centre = (b: Bounds): number[] => [(b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2];
        this.highlights.add(new Konva.Arrow({ points: [...centre(from), ...centre(to)], stroke: color, fill: color, strokeWidth: 1.5, strokeScaleEnabled: false, dash: [4, 4], pointerLength: 8 / this.view.camera.scale, pointerWidth: 8 / this.view.camera.scale, opacity: 0.8 }));
      }
    }
    this.highlights.batchDraw();
  }
}
