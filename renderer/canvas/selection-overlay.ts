/**
 * What is drawn over the shapes: the Transformer around the selection (the only thing on the
 * canvas that listens for pointer events), the marquee while dragging one out, a light outline
 * around the shape under the pointer, the handles on the points of a selected connector, and
 * the outline of the shape a connector's end is about to bind to.
 *
 * The Transformer moves Konva nodes while a handle is dragged; when it is let go, the result is
 * handed to whoever listens (the select tool), which writes it to the document. The canvas
 * never writes to the board.
 */
import Konva from 'konva';
import { ShapeType, type Shape } from '../../protocol/board-schema';
import type { Bounds, Point } from '../board/geometry';
import type { Guide } from '../board/snapping';
import type { ShapeNode } from './shape-nodes';

export const SELECTION_COLOR = '#4f46e5';
/** Snap guides stand out from the selection: tldraw and Figma draw them in a warm red. */
export const GUIDE_COLOR = '#e8368f';
/** Connector point handles, screen pixels. */
export const HANDLE_RADIUS_PX = 5;
/** The outline shown around a shape a connector will bind to sits this far outside it, screen pixels. */
const BIND_OUTLINE_GAP_PX = 4;

/** A shape's outline, for highlighting it as a binding target. */
export interface OutlineTarget {
  x: number;
  y: number;
  rotation: number;
  w: number;
  h: number;
  ellipse: boolean;
}

/** Where a transformed node ended up: its new placement and the scale to bake into its size. */
export interface TransformResult {
  id: string;
  x: number;
  y: number;
  rotation: number;
  scaleX: number;
  scaleY: number;
}

/**
 * Snaps a resize handle being dragged: given where it would go on the board, which handle it
 * is and whether Alt is held, says where it goes.
 */
export type ResizeSnapper = (point: Point, anchor: string, alt: boolean) => Point;

/** Which way a Transformer handle faces: -1, 0 or 1 on each axis ('top-left' is (-1, -1)). */
export function anchorSide(anchor: string): Point {
  return { x: anchor.endsWith('right') ? 1 : anchor.endsWith('left') ? -1 : 0, y: anchor.startsWith('top') ? -1 : anchor.startsWith('bottom') ? 1 : 0 };
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
  private readonly handles = new Konva.Group({ listening: false });
  private readonly guides = new Konva.Group({ listening: false });
  private resizeSnapper: ResizeSnapper | null = null;
  private readonly bindTarget = new Konva.Shape({ listening: false, visible: false, stroke: SELECTION_COLOR, strokeWidth: 2, strokeScaleEnabled: false });
  private bindOutline: OutlineTarget | null = null;
  private handlePoints: Point[] = [];
  private scale = 1;
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
      anchorDragBoundFunc: (_old, next, event: MouseEvent | undefined) => this.snapAnchor(next, event?.altKey ?? false),
    });
    this.transformer.on('transformend', () => this.setGuides([]));
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
    this.bindTarget.sceneFunc((context, shape) => {
      const target = this.bindOutline;
      if (!target) return;
      const pad = BIND_OUTLINE_GAP_PX / this.scale;
      context.beginPath();
      if (target.ellipse) context.ellipse(target.w / 2, target.h / 2, target.w / 2 + pad, target.h / 2 + pad, 0, 0, Math.PI * 2);
      else context.roundRect(-pad, -pad, target.w + 2 * pad, target.h + 2 * pad, 6 / this.scale);
      context.fillStrokeShape(shape);
    });
    this.layer.add(this.hover, this.marquee, this.guides, this.bindTarget, this.handles, this.transformer);
  }

  /** Who snaps resize handles (null: nobody). */
  setResizeSnapper(snapper: ResizeSnapper | null): void {
    this.resizeSnapper = snapper;
  }

  /** Shows snap guides (board coordinates); empty for none. */
  setGuides(guides: readonly Guide[]): void {
    this.guides.destroyChildren();
    for (const g of guides) {
      const points = g.axis === 'x' ? [g.at, g.from, g.at, g.to] : [g.from, g.at, g.to, g.at];
      this.guides.add(new Konva.Line({ points, stroke: GUIDE_COLOR, strokeWidth: 1, strokeScaleEnabled: false, listening: false }));
    }
    this.layer.batchDraw();
  }

  private snapAnchor(next: { x: number; y: number }, alt: boolean): { x: number; y: number } {
    const anchor = this.transformer.getActiveAnchor();
    // Only unrotated boxes snap their sides: a rotated one's handles do not run along the axes.
    if (!this.resizeSnapper || !anchor || anchor === 'rotater' || Math.abs(this.transformer.rotation()) > 0.01) return next;
    // The position asked about is the box's side (the Transformer adds its padding itself).
    const toBoard = this.layer.getAbsoluteTransform().copy().invert();
    const snapped = this.resizeSnapper(toBoard.point(next), anchor, alt);
    return this.layer.getAbsoluteTransform().point(snapped);
  }

  /** Keeps handles and outlines a constant size on screen. */
  setScale(scale: number): void {
    if (scale === this.scale) return;
    this.scale = scale;
    this.drawHandles();
  }

  /** Handles on a selected connector's points (board coordinates); empty for none. */
  setHandles(points: readonly Point[]): void {
    this.handlePoints = [...points];
    this.drawHandles();
  }

  /** Outlines the shape a connector's end will bind to (null: none). */
  setBindTarget(target: OutlineTarget | null): void {
    this.bindOutline = target;
    this.bindTarget.visible(target !== null);
    if (target) this.bindTarget.position({ x: target.x, y: target.y }).rotation(target.rotation);
  }

  private drawHandles(): void {
    this.handles.destroyChildren();
    const radius = HANDLE_RADIUS_PX / this.scale;
    this.handlePoints.forEach((p, i) => {
      const end = i === 0 || i === this.handlePoints.length - 1;
      this.handles.add(
        new Konva.Circle({ x: p.x, y: p.y, radius: end ? radius : radius * 0.8, fill: end ? '#ffffff' : SELECTION_COLOR, stroke: SELECTION_COLOR, strokeWidth: 1.5, strokeScaleEnabled: false, listening: false }),
      );
    });
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
      // Frames are regions, not drawings: they are resized, never turned.
      rotateEnabled: editable && !shapes.some((s) => s.type === ShapeType.Frame),
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
