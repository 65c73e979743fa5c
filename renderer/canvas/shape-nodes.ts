/**
 * One Konva node per board shape. Every type paints itself with plain 2D-canvas calls from the
 * shape's data (shape-paint.ts), and everything expensive to derive (a stroke's outline, the
 * lines of a wrapped text) is derived once per change, never per frame.
 *
 * Nodes never listen for events: hit-testing is done on the board model (board/geometry.ts), so
 * Konva builds no hit canvases for them.
 */
import Konva from 'konva';
import { ShapeType, TRANSPARENT, type Shape } from '../../protocol/board-schema';
import { localBounds } from '../board/geometry';
import { LIGHT_PALETTE, type Palette } from './palette';
import { cornerRadius, paintArrow, paintFrame, paintText } from './shape-paint';
import { StrokePath } from './stroke-path';
import { placeText, type PlacedText } from './text-layout';

const IMAGE_PLACEHOLDER_FILL = '#e9ecef';

export type ImageLookup = (assetId: string) => CanvasImageSource | null;

export class ShapeNode extends Konva.Shape {
  private data: Shape;
  private readonly strokePath = new StrokePath();
  private placedText: PlacedText | null = null;
  private textHidden = false;
  /** The zoom the node is drawn at (a frame's title keeps a readable size when zoomed out). */
  private zoom = 1;
  /** How stored colours show (dark mode turns them over). */
  private palette: Palette = LIGHT_PALETTE;

  constructor(
    shape: Shape,
    private readonly images: ImageLookup,
  ) {
    super({ id: shape.id, listening: false, perfectDrawEnabled: false });
    this.sceneFunc((context) => this.paint(context));
    this.data = shape;
    this.derive(shape, null);
    this.place(shape);
  }

  get shape(): Shape {
    return this.data;
  }

  setShape(shape: Shape): void {
    const previous = this.data;
    this.data = shape;
    this.derive(shape, previous);
    this.place(shape);
  }

  /** While its text is being typed in place, a shape is drawn without it (the editor shows it). */
  setTextHidden(hidden: boolean): void {
    this.textHidden = hidden;
  }

  setZoom(zoom: number): void {
    this.zoom = zoom;
  }

  setPalette(palette: Palette): void {
    this.palette = palette;
  }

  /** The shape's box in its own frame: what the Transformer frames and scales. */
  override getSelfRect(): { x: number; y: number; width: number; height: number } {
    const s = this.data;
    if (s.type === ShapeType.Stroke || s.type === ShapeType.Arrow) {
      const b = localBounds(s);
      return { x: b.minX, y: b.minY, width: b.maxX - b.minX, height: b.maxY - b.minY };
    }
    return { x: 0, y: 0, width: s.w, height: s.h };
  }

  private place(shape: Shape): void {
    this.setAttrs({ x: shape.x, y: shape.y, rotation: shape.rotation, opacity: shape.opacity, scaleX: 1, scaleY: 1 });
  }

  private derive(shape: Shape, previous: Shape | null): void {
    if (shape.type === ShapeType.Stroke) {
      this.strokePath.update(shape);
      return;
    }
    const textChanged =
      !previous ||
      previous.type !== shape.type ||
      ('text' in shape && 'text' in previous && shape.text !== previous.text) ||
      ('label' in shape || 'label' in previous) ||
      ('w' in shape && 'w' in previous && (shape.w !== previous.w || shape.h !== previous.h)) ||
      ('fontSize' in shape && 'fontSize' in previous && shape.fontSize !== previous.fontSize) ||
      ('color' in shape && 'color' in previous && shape.color !== previous.color);
    if (textChanged) this.placedText = placeText(shape);
  }

  private paint(context: Konva.Context): void {
    const ctx = (context as unknown as { _context: CanvasRenderingContext2D })._context;
    const s = this.data;
    const ink = this.palette;
    switch (s.type) {
      case ShapeType.Stroke:
        this.strokePath.paint(ctx, ink(s.color), s.opacity < 1);
        return;
      case ShapeType.Rect:
      case ShapeType.Ellipse:
        ctx.beginPath();
        if (s.type === ShapeType.Rect) ctx.roundRect(0, 0, s.w, s.h, cornerRadius(s.w, s.h));
        else ctx.ellipse(s.w / 2, s.h / 2, s.w / 2, s.h / 2, 0, 0, Math.PI * 2);
        if (s.fill !== TRANSPARENT) {
          ctx.fillStyle = ink(s.fill);
          ctx.fill();
        }
        ctx.lineWidth = s.width;
        ctx.strokeStyle = ink(s.color);
        ctx.lineJoin = 'round';
        ctx.stroke();
        break;
      case ShapeType.Arrow:
        paintArrow(ctx, { ...s, color: ink(s.color) });
        return;
      case ShapeType.Text:
        break;
      case ShapeType.Sticky:
        ctx.save();
        ctx.shadowColor = 'rgba(15, 23, 42, 0.18)';
        ctx.shadowBlur = 8;
        ctx.shadowOffsetY = 2;
        ctx.beginPath();
        ctx.roundRect(0, 0, s.w, s.h, Math.min(4, s.w / 8));
        ctx.fillStyle = ink(s.fill);
        ctx.fill();
        ctx.restore();
        break;
      case ShapeType.Image: {
        const image = this.images(s.assetId);
        if (image) {
          ctx.drawImage(image, 0, 0, s.w, s.h);
        } else {
          ctx.fillStyle = ink(IMAGE_PLACEHOLDER_FILL);
          ctx.fillRect(0, 0, s.w, s.h);
        }
        return;
      }
      case ShapeType.Frame:
        paintFrame(ctx, s, !this.textHidden, this.zoom, ink);
        return;
    }
    if (this.placedText && !this.textHidden) paintText(ctx, this.placedText, ink);
  }
}
