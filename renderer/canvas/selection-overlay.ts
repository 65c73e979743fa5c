/**
 * What is drawn over the shapes: the Transformer around the selection (the only thing on the
 * canvas that listens for pointer events), the marquee while dragging one out, and a light
 * outline around the shape under the pointer.
 *
 * The Transformer moves Konva nodes while a handle is dragged; when it is let go, the result is
 * handed to whoever listens (the select tool), which writes it to the document. The canvas
 * never writes to the board.
 */
import Konva from 'konva';
import { ShapeType, type Shape } from '../../protocol/board-schema';
import type { Bounds } from '../board/geometry';
import type { ShapeNode } from './shape-nodes';

export const SELECTION_COLOR = '#4f46e5';

/** Where a transformed node ended up: its new placement and the scale to bake into its size. */
export interface TransformResult {
  id: string;
  x: number;
  y: number;
  rotation: number;
  scaleX: number;
  scaleY: number;
}

export interface TransformListener {
  start(ids: string[]): void;
  end(results: TransformResult[]): void;
}

export class SelectionOverlay {
  readonly layer = new Konva.Layer();
  private readonly transformer: Konva.Transformer;
  private readonly marquee = new Konva.Rect({
    fill: 'rgba(79, 70, 229, 0.08)',
    stroke: SELECTION_COLOR,
    strokeWidth: 1,
    strokeScaleEnabled: false,
    visible: false,
    listening: false,
  });
  private readonly hover = new Konva.Rect({ stroke: SELECTION_COLOR, strokeWidth: 1.5, strokeScaleEnabled: false, visible: false, listening: false });
  private listener: TransformListener | null = null;
  private nodes: ShapeNode[] = [];

  constructor() {
    this.transformer = new Konva.Transformer({
      borderStroke: SELECTION_COLOR,
      borderStrokeWidth: 1.5,
      anchorStroke: SELECTION_COLOR,
      anchorFill: '#ffffff',
      anchorSize: 9,
      anchorCornerRadius: 2,
      anchorStrokeWidth: 1.5,
      rotateAnchorOffset: 26,
      rotateAnchorCursor: 'grab',
      rotationSnaps: [0, 45, 90, 135, 180, 225, 270, 315],
      rotationSnapTolerance: 4,
      padding: 4,
      ignoreStroke: true,
      flipEnabled: false,
      keepRatio: false,
      // Nothing collapses to zero: a box keeps at least a few units each way.
      boundBoxFunc: (oldBox, newBox) => (Math.abs(newBox.width) < 4 || Math.abs(newBox.height) < 4 ? oldBox : newBox),
    });
    this.transformer.on('transformstart', () => this.listener?.start(this.nodes.map((n) => n.id())));
    this.transformer.on('transformend', () => {
      const results = this.nodes.map((node) => ({
        id: node.id(),
        x: node.x(),
        y: node.y(),
        rotation: node.rotation(),
        scaleX: node.scaleX(),
        scaleY: node.scaleY(),
      }));
      this.listener?.end(results);
    });
    this.layer.add(this.hover, this.marquee, this.transformer);
  }

  setTransformListener(listener: TransformListener | null): void {
    this.listener = listener;
  }

  /** Frames these nodes with handles (none when `editable` is false: read-only boards). */
  show(nodes: ShapeNode[], editable: boolean): void {
    this.nodes = nodes;
    const shapes: Shape[] = nodes.map((n) => n.shape);
    const onlyText = shapes.length > 0 && shapes.every((s) => s.type === ShapeType.Text);
    // Text scales with its font: keep its proportions and drag it by the corners.
    this.transformer.setAttrs({
      keepRatio: onlyText,
      enabledAnchors: !editable ? [] : onlyText ? ['top-left', 'top-right', 'bottom-left', 'bottom-right'] : undefined,
      rotateEnabled: editable,
      resizeEnabled: editable,
    });
    if (!onlyText && editable) this.transformer.enabledAnchors(['top-left', 'top-center', 'top-right', 'middle-right', 'middle-left', 'bottom-left', 'bottom-center', 'bottom-right']);
    this.transformer.nodes(nodes);
    this.transformer.forceUpdate();
  }

  /** Re-frames the selection after its shapes changed (a peer moved one, an undo). */
  refresh(): void {
    if (this.nodes.length > 0) this.transformer.forceUpdate();
  }

  isTransforming(): boolean {
    return this.transformer.isTransforming();
  }

  /** Whether a screen point (stage pixels) is on one of the Transformer's handles. */
  handleAt(stage: Konva.Stage, point: { x: number; y: number }): boolean {
    if (this.nodes.length === 0) return false;
    const hit = stage.getIntersection(point);
    return hit !== null && hit.getParent() === this.transformer;
  }

  setMarquee(bounds: Bounds | null): void {
    this.marquee.visible(bounds !== null);
    if (bounds) this.marquee.setAttrs({ x: bounds.minX, y: bounds.minY, width: bounds.maxX - bounds.minX, height: bounds.maxY - bounds.minY });
  }

  setHover(bounds: Bounds | null): void {
    this.hover.visible(bounds !== null);
    if (bounds) this.hover.setAttrs({ x: bounds.minX, y: bounds.minY, width: bounds.maxX - bounds.minX, height: bounds.maxY - bounds.minY });
  }
}
