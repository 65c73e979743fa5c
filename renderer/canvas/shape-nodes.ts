/**
 * One Konva node per board shape. Every type paints itself with plain 2D-canvas calls from the
 * shape's data, and everything expensive to derive (a stroke's perfect-freehand outline, a
 * note's wrapped lines) is derived once per change, never per frame.
 *
 * Nodes never listen for events: hit-testing is done on the board model (board/geometry.ts), so
 * Konva builds no hit canvases for them.
 */
import Konva from 'konva';
import { getStroke } from 'perfect-freehand';
import { STROKE_POINT_STRIDE, ShapeType, TRANSPARENT, type Shape, type StrokeShape } from '../../protocol/board-schema';
import { arrowHeadLength, localBounds } from '../board/geometry';
import { FONT_FAMILY, LINE_HEIGHT, STICKY_PADDING, wrapText } from './text-metrics';

/** Mice report a constant 0.5 while a button is down: such strokes get simulated pressure. */
const MOUSE_PRESSURE = 0.5;
/** Rounded corners of rectangles and notes, in board units (never more than a quarter side). */
export const CORNER_RADIUS = 8;
/** An arrowhead's wings open this far from the shaft, in radians. */
export const ARROW_HEAD_ANGLE = Math.PI / 7;
const IMAGE_PLACEHOLDER_FILL = '#e9ecef';

export type ImageLookup = (assetId: string) => CanvasImageSource | null;

export function strokeOutline(stroke: Pick<StrokeShape, 'points' | 'width'>): number[][] {
  const input: number[][] = [];
  let constantPressure = true;
  for (let i = 0; i < stroke.points.length; i += STROKE_POINT_STRIDE) {
    const pressure = stroke.points[i + 2] as number;
    if (pressure !== MOUSE_PRESSURE) constantPressure = false;
    input.push([stroke.points[i] as number, stroke.points[i + 1] as number, pressure]);
  }
  return getStroke(input, {
    size: stroke.width,
    // Simulated pressure comes from speed alone; thinning hard on it makes fast mouse strokes
    // hairline, so mice get a gentler taper than real pens.
    thinning: constantPressure ? 0.3 : 0.6,
    smoothing: 0.5,
    streamline: 0.4,
    simulatePressure: constantPressure,
    last: true,
  });
}

/** An SVG path for a stroke outline: the same shape the canvas fills. */
export function outlinePath(outline: readonly number[][]): string {
  if (outline.length === 0) return '';
  const parts = outline.map((p, i) => `${i === 0 ? 'M' : 'L'}${(p[0] as number).toFixed(2)} ${(p[1] as number).toFixed(2)}`);
  return `${parts.join('')}Z`;
}

export function cornerRadius(w: number, h: number): number {
  return Math.max(0, Math.min(CORNER_RADIUS, w / 4, h / 4));
}

/** The two wing tips of an arrowhead pointing from (fx, fy) to the tip (tx, ty). */
export function arrowWings(fx: number, fy: number, tx: number, ty: number, width: number): [number, number, number, number] {
  const angle = Math.atan2(ty - fy, tx - fx);
  const length = Math.min(arrowHeadLength(width), Math.hypot(tx - fx, ty - fy) * 0.75 + width);
  return [
    tx - length * Math.cos(angle - ARROW_HEAD_ANGLE),
    ty - length * Math.sin(angle - ARROW_HEAD_ANGLE),
    tx - length * Math.cos(angle + ARROW_HEAD_ANGLE),
    ty - length * Math.sin(angle + ARROW_HEAD_ANGLE),
  ];
}

function pointsEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class ShapeNode extends Konva.Shape {
  private data: Shape;
  private outline: Path2D | null = null;
  private lines: string[] = [];

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
      const prev = previous?.type === ShapeType.Stroke ? previous : null;
      if (!prev || prev.width !== shape.width || !pointsEqual(prev.points, shape.points) || !this.outline) {
        const outline = strokeOutline(shape);
        const path = new Path2D();
        outline.forEach((p, i) => (i === 0 ? path.moveTo(p[0] as number, p[1] as number) : path.lineTo(p[0] as number, p[1] as number)));
        path.closePath();
        this.outline = path;
      }
    } else if (shape.type === ShapeType.Sticky) {
      this.lines = wrapText(shape.text, shape.fontSize, Math.max(1, shape.w - 2 * STICKY_PADDING));
    } else if (shape.type === ShapeType.Text) {
      this.lines = shape.text.split('\n');
    }
  }

  private paint(context: Konva.Context): void {
    const ctx = (context as unknown as { _context: CanvasRenderingContext2D })._context;
    const s = this.data;
    switch (s.type) {
      case ShapeType.Stroke:
        if (!this.outline) return;
        ctx.fillStyle = s.color;
        ctx.fill(this.outline);
        return;
      case ShapeType.Rect:
      case ShapeType.Ellipse:
        ctx.beginPath();
        if (s.type === ShapeType.Rect) ctx.roundRect(0, 0, s.w, s.h, cornerRadius(s.w, s.h));
        else ctx.ellipse(s.w / 2, s.h / 2, s.w / 2, s.h / 2, 0, 0, Math.PI * 2);
        if (s.fill !== TRANSPARENT) {
          ctx.fillStyle = s.fill;
          ctx.fill();
        }
        ctx.lineWidth = s.width;
        ctx.strokeStyle = s.color;
        ctx.lineJoin = 'round';
        ctx.stroke();
        return;
      case ShapeType.Arrow:
        paintArrow(ctx, s.points, s.width, s.color, s.startHead !== 'none', s.endHead !== 'none');
        return;
      case ShapeType.Text:
        paintLines(ctx, this.lines, s.fontSize, s.color, 0, 0);
        return;
      case ShapeType.Sticky:
        ctx.save();
        ctx.shadowColor = 'rgba(15, 23, 42, 0.18)';
        ctx.shadowBlur = 8;
        ctx.shadowOffsetY = 2;
        ctx.beginPath();
        ctx.roundRect(0, 0, s.w, s.h, Math.min(4, s.w / 8));
        ctx.fillStyle = s.fill;
        ctx.fill();
        ctx.restore();
        ctx.save();
        ctx.beginPath();
        ctx.rect(0, 0, s.w, s.h);
        ctx.clip();
        paintLines(ctx, this.lines, s.fontSize, s.color, STICKY_PADDING, STICKY_PADDING);
        ctx.restore();
        return;
      case ShapeType.Image: {
        const image = this.images(s.assetId);
        if (image) {
          ctx.drawImage(image, 0, 0, s.w, s.h);
        } else {
          ctx.fillStyle = IMAGE_PLACEHOLDER_FILL;
          ctx.fillRect(0, 0, s.w, s.h);
        }
        return;
      }
    }
  }
}

function paintLines(ctx: CanvasRenderingContext2D, lines: readonly string[], fontSize: number, color: string, left: number, top: number): void {
  const lineHeight = fontSize * LINE_HEIGHT;
  ctx.font = `${fontSize}px ${FONT_FAMILY}`;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = color;
  lines.forEach((line, i) => ctx.fillText(line, left, top + i * lineHeight + lineHeight / 2));
}

function paintArrow(ctx: CanvasRenderingContext2D, points: readonly number[], width: number, color: string, start: boolean, end: boolean): void {
  ctx.lineWidth = width;
  ctx.strokeStyle = color;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.beginPath();
  ctx.moveTo(points[0] as number, points[1] as number);
  for (let i = 2; i < points.length; i += 2) ctx.lineTo(points[i] as number, points[i + 1] as number);
  const n = points.length;
  const head = (fx: number, fy: number, tx: number, ty: number): void => {
    const [ax, ay, bx, by] = arrowWings(fx, fy, tx, ty, width);
    ctx.moveTo(ax, ay);
    ctx.lineTo(tx, ty);
    ctx.lineTo(bx, by);
  };
  if (end) head(points[n - 4] as number, points[n - 3] as number, points[n - 2] as number, points[n - 1] as number);
  if (start) head(points[2] as number, points[3] as number, points[0] as number, points[1] as number);
  ctx.stroke();
}
