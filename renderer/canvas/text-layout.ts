/**
 * Where the text of a shape goes: free text from its top-left corner; a note's text and a box's
 * label wrapped to the inside of the shape and centred both ways. The canvas paints from this,
 * export writes SVG from it, and carets (this user's editor aside) are placed with it, so all
 * three agree.
 */
import { ShapeType, type Shape } from '../../protocol/board-schema';
import { LINE_HEIGHT, STICKY_PADDING, caretInLines, layoutLines, type TextLine } from './text-metrics';

/** Space between a box's outline and its label, board units. */
export const LABEL_PADDING = 10;
/** A label's size when the shape does not say. */
export const LABEL_FONT_SIZE = 20;
/** The largest rectangle inside an ellipse is this fraction of its box each way (1/√2). */
const ELLIPSE_INNER = Math.SQRT1_2;

export const TextAlign = { Left: 'left', Centre: 'center' } as const;
export type TextAlign = (typeof TextAlign)[keyof typeof TextAlign];

/** The area a shape's text is laid out in, in the shape's own frame. */
export interface TextBox {
  left: number;
  top: number;
  width: number;
  height: number;
  align: TextAlign;
  /** Whether the text block is centred vertically in the area (notes and labels). */
  middle: boolean;
}

export interface PlacedText {
  lines: TextLine[];
  fontSize: number;
  color: string;
  align: TextAlign;
  /** x of each line's left edge (left aligned) or centre (centred). */
  x: number;
  /** Top of the first line. */
  top: number;
  lineHeight: number;
  /** Clip to this area (notes and labels), in the shape's frame. */
  clip: { x: number; y: number; w: number; h: number } | null;
}

export function textBoxOf(shape: Shape): TextBox | null {
  switch (shape.type) {
    case ShapeType.Text:
      return { left: 0, top: 0, width: Number.POSITIVE_INFINITY, height: shape.h, align: TextAlign.Left, middle: false };
    case ShapeType.Sticky:
      return { left: STICKY_PADDING, top: STICKY_PADDING, width: Math.max(1, shape.w - 2 * STICKY_PADDING), height: Math.max(1, shape.h - 2 * STICKY_PADDING), align: TextAlign.Centre, middle: true };
    case ShapeType.Rect:
      return { left: LABEL_PADDING, top: LABEL_PADDING, width: Math.max(1, shape.w - 2 * LABEL_PADDING), height: Math.max(1, shape.h - 2 * LABEL_PADDING), align: TextAlign.Centre, middle: true };
    case ShapeType.Ellipse: {
      const w = shape.w * ELLIPSE_INNER;
      const h = shape.h * ELLIPSE_INNER;
      return { left: (shape.w - w) / 2, top: (shape.h - h) / 2, width: Math.max(1, w), height: Math.max(1, h), align: TextAlign.Centre, middle: true };
    }
    default:
      return null;
  }
}

/** The text and its size: free text and notes always, a box only once it has a label. */
export function textOf(shape: Shape): { text: string; fontSize: number; color: string } | null {
  switch (shape.type) {
    case ShapeType.Text:
    case ShapeType.Sticky:
      return { text: shape.text, fontSize: shape.fontSize, color: shape.color };
    case ShapeType.Rect:
    case ShapeType.Ellipse:
      return { text: shape.label ?? '', fontSize: shape.fontSize ?? LABEL_FONT_SIZE, color: shape.color };
    default:
      return null;
  }
}

/** Lays out a shape's text (or `text`, when given: what is being typed) inside it. */
export function placeText(shape: Shape, text?: string): PlacedText | null {
  const box = textBoxOf(shape);
  const content = textOf(shape);
  if (!box || !content) return null;
  const value = text ?? content.text;
  // A box without a label draws nothing; asked for an explicit text (a caret), it lays it out.
  if (text === undefined && value === '' && shape.type !== ShapeType.Text && shape.type !== ShapeType.Sticky) return null;
  const { fontSize } = content;
  const lineHeight = fontSize * LINE_HEIGHT;
  const lines = layoutLines(value, fontSize, Number.isFinite(box.width) ? box.width : null);
  const blockHeight = lines.length * lineHeight;
  const top = box.middle ? box.top + (box.height - blockHeight) / 2 : box.top;
  const centred = box.align === TextAlign.Centre;
  const clip = shape.type === ShapeType.Text ? null : { x: 0, y: 0, w: (shape as { w: number }).w, h: (shape as { h: number }).h };
  return { lines, fontSize, color: content.color, align: box.align, x: centred ? box.left + box.width / 2 : box.left, top, lineHeight, clip };
}

/** The height a box must have for its text to fit (notes and labeled boxes grow to it). */
export function heightToFit(shape: Shape, text: string): number {
  const box = textBoxOf(shape);
  const content = textOf(shape);
  if (!box || !content || shape.type === ShapeType.Text) return 0;
  const lines = layoutLines(text, content.fontSize, box.width).length;
  const block = lines * content.fontSize * LINE_HEIGHT;
  const h = (shape as { h: number }).h;
  // The text area is the box less its padding (ellipses: a fixed fraction of the box).
  return shape.type === ShapeType.Ellipse ? Math.ceil(block / ELLIPSE_INNER + 2) : Math.ceil(block + (h - box.height));
}

/** Where a caret at `index` of the text is drawn, in the shape's frame: its top and height. */
export function caretOf(placed: PlacedText, index: number): { x: number; y: number; height: number } {
  const { line, x } = caretInLines(placed.lines, index, placed.fontSize);
  const width = placed.lines[line]?.width ?? 0;
  const left = placed.align === TextAlign.Centre ? placed.x - width / 2 : placed.x;
  return { x: left + Math.min(x, Math.max(width, x)), y: placed.top + line * placed.lineHeight, height: placed.lineHeight };
}
