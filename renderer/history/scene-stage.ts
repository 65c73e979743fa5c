/**
 * A board drawn whole on one canvas, fitted to an area: what the timeline's thumbnails and the replay show. It uses the
 * canvas's own shape nodes (canvas/shape-nodes.ts), so a version looks as it did on the board, and keeps one node per
 * shape between frames. One layer, one canvas: the replay records it as a video (webm-recorder.ts).
 */
import Konva from 'konva';
import type { Shape } from '../../protocol/board-schema';
import { shapeBounds, unionBounds, type Bounds } from '../board/geometry';
import { PAPER, paletteFor, type Palette, type Theme } from '../canvas/palette';
import { ShapeNode, type ImageLookup } from '../canvas/shape-nodes';

export class SceneStage {
  readonly stage: Konva.Stage;
  private readonly layer = new Konva.Layer({ listening: false });
  private readonly background: Konva.Rect;
  private readonly group = new Konva.Group();
  private readonly nodes = new Map<string, ShapeNode>();
  /** The ids shown, bottom to top, as last drawn: the nodes are reordered only when this changes. */
  private order: string[] = [];
  private palette: Palette;

  /** `theme`: the paper and the ink, as the board shows them (dark mode turns colours over). */
  constructor(container: HTMLDivElement, width: number, height: number, theme: Theme) {
    this.stage = new Konva.Stage({ container, width, height });
    this.background = new Konva.Rect({ x: 0, y: 0, width, height, fill: PAPER[theme] });
    this.palette = paletteFor(theme);
    this.layer.add(this.background, this.group);
    this.stage.add(this.layer);
  }

  setTheme(theme: Theme): void {
    this.background.fill(PAPER[theme]);
    this.palette = paletteFor(theme);
    for (const node of this.nodes.values()) node.setPalette(this.palette);
  }

  get canvas(): HTMLCanvasElement { return this.layer.getNativeCanvasElement(); }

  resize(width: number, height: number): void {
    this.stage.size({ width, height });
    this.background.size({ width, height });
  }

  /** Shows exactly `shapes`, bottom to top, reusing the node of each shape still there. */
  show(shapes: readonly Shape[], images: ImageLookup): void {
    const keep = new Set(shapes.map((shape) => shape.id));
    for (const [id, node] of this.nodes) {
      if (keep.has(id)) continue;
      node.destroy();
      this.nodes.delete(id);
    }
    for (const shape of shapes) {
      const node = this.nodes.get(shape.id);
      if (!node) {
        const made = new ShapeNode(shape, images);
        made.setPalette(this.palette);
        this.nodes.set(shape.id, made);
      } else if (node.shape !== shape) node.setShape(shape);
    }
    const order = shapes.map((shape) => shape.id);
    if (order.length === this.order.length && order.every((id, i) => id === this.order[i])) return;
    this.order = order;
    this.group.removeChildren();
    this.group.add(...order.map((id) => this.nodes.get(id) as ShapeNode));
  }

  /** Fits `area` (board coordinates) into the stage, `paddingPx` from its edges, at most at `maxScale`. */
  fit(area: Bounds | null, paddingPx: number, maxScale = 1): void {
    const { width, height } = this.stage.size();
    if (!area) return;
    const w = Math.max(1, area.maxX - area.minX);
    const h = Math.max(1, area.maxY - area.minY);
    const scale = Math.min(maxScale, (width - 2 * paddingPx) / w, (height - 2 * paddingPx) / h);
    this.group.scale({ x: scale, y: scale });
    this.group.position({ x: width / 2 - ((area.minX + area.maxX) / 2) * scale, y: height / 2 - ((area.minY + area.maxY) / 2) * scale });
    for (const node of this.nodes.values()) node.setZoom(scale);
  }

  draw(): void { this.layer.draw(); }

  destroy(): void { this.stage.destroy(); }
}

export function extentOf(shapes: readonly Shape[]): Bounds | null {
  return unionBounds(shapes.map(shapeBounds));
}
