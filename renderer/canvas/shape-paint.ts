/**
 * How each shape type is painted with plain 2D-canvas calls, in the shape's own frame: the
 * canvas nodes (shape-nodes.ts) and the PNG export share these, and the SVG export
 * (export-svg.ts) writes the same geometry.
 */
import { arrowHeadLength } from '../board/geometry';
import type { ArrowShape, FrameShape } from '../../protocol/board-schema';
import { LIGHT_PALETTE, type Palette } from './palette';
import { FONT_FAMILY } from './text-metrics';
import { TextAlign, type PlacedText } from './text-layout';

/** Rounded corners of rectangles and notes, in board units (never more than a quarter side). */
export const CORNER_RADIUS = 8;
/** An arrowhead's wings open this far from the shaft, in radians. */
export const ARROW_HEAD_ANGLE = Math.PI / 7;
export const FRAME_FILL = '#ffffff';
export const FRAME_OUTLINE = '#c3c9d4';
export const FRAME_OUTLINE_WIDTH = 1.5;
export const FRAME_CORNER_RADIUS = 6;
export const FRAME_TITLE_COLOR = '#5b6472';
export const FRAME_TITLE_FONT_SIZE = 14;
/** The title sits this far above the frame's top edge (its baseline), board units. */
export const FRAME_TITLE_GAP = 6;
/**
 * Zoomed out, a frame's title keeps its size on screen (so it can still be read and picked),
 * up to this many times its size on the board.
 */
const FRAME_TITLE_MAX_GROWTH = 4;

/** How much a frame's title is enlarged at this zoom. */
export function frameTitleScale(zoom: number): number {
  return Math.min(FRAME_TITLE_MAX_GROWTH, Math.max(1, 1 / zoom));
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

/** The last point before `index` (stepping by `step`) that is not where `index` is, for a head's direction. */
export function headFrom(points: readonly number[], index: number, step: number): [number, number] {
  const tx = points[index] as number;
  const ty = points[index + 1] as number;
  for (let i = index + step; i >= 0 && i < points.length; i += step) {
    const x = points[i] as number;
    const y = points[i + 1] as number;
    if (x !== tx || y !== ty) return [x, y];
  }
  return [tx - 1, ty];
}

export function paintArrow(ctx: CanvasRenderingContext2D, s: Pick<ArrowShape, 'points' | 'width' | 'color' | 'startHead' | 'endHead'>): void {
  const points = s.points;
  ctx.lineWidth = s.width;
  ctx.strokeStyle = s.color;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.beginPath();
  ctx.moveTo(points[0] as number, points[1] as number);
  for (let i = 2; i < points.length; i += 2) ctx.lineTo(points[i] as number, points[i + 1] as number);
  const n = points.length;
  const head = (from: [number, number], tx: number, ty: number): void => {
    const [ax, ay, bx, by] = arrowWings(from[0], from[1], tx, ty, s.width);
    ctx.moveTo(ax, ay);
    ctx.lineTo(tx, ty);
    ctx.lineTo(bx, by);
  };
  if (s.endHead !== 'none') head(headFrom(points, n - 2, -2), points[n - 2] as number, points[n - 1] as number);
  if (s.startHead !== 'none') head(headFrom(points, 0, 2), points[0] as number, points[1] as number);
  ctx.stroke();
}

export function paintText(ctx: CanvasRenderingContext2D, placed: PlacedText, palette: Palette = LIGHT_PALETTE): void {
  ctx.save();
  if (placed.clip) {
    ctx.beginPath();
    ctx.rect(placed.clip.x, placed.clip.y, placed.clip.w, placed.clip.h);
    ctx.clip();
  }
  ctx.font = `${placed.fontSize}px ${FONT_FAMILY}`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = placed.align === TextAlign.Centre ? 'center' : 'left';
  ctx.fillStyle = palette(placed.color);
  placed.lines.forEach((line, i) => ctx.fillText(line.text.trimEnd(), placed.x, placed.top + i * placed.lineHeight + placed.lineHeight / 2));
  ctx.restore();
}

/** The title shown above a frame, cut to the frame's width. */
export function frameTitle(ctx: CanvasRenderingContext2D, frame: Pick<FrameShape, 'name' | 'w'>, growth = 1): string {
  ctx.font = `500 ${FRAME_TITLE_FONT_SIZE * growth}px ${FONT_FAMILY}`;
  const name = frame.name.trim() === '' ? 'Frame' : frame.name;
  if (ctx.measureText(name).width <= frame.w) return name;
  let cut = name;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > frame.w) cut = cut.slice(0, -1);
  return `${cut}…`;
}

export function paintFrame(ctx: CanvasRenderingContext2D, s: FrameShape, title: boolean, zoom = 1, palette: Palette = LIGHT_PALETTE): void {
  ctx.beginPath();
  ctx.roundRect(0, 0, s.w, s.h, Math.min(FRAME_CORNER_RADIUS, s.w / 4, s.h / 4));
  ctx.fillStyle = palette(FRAME_FILL);
  ctx.fill();
  ctx.lineWidth = FRAME_OUTLINE_WIDTH;
  ctx.strokeStyle = palette(FRAME_OUTLINE);
  ctx.stroke();
  if (!title) return;
  ctx.fillStyle = palette(FRAME_TITLE_COLOR);
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  const growth = frameTitleScale(zoom);
  ctx.fillText(frameTitle(ctx, s, growth), 0, -FRAME_TITLE_GAP * growth);
}
