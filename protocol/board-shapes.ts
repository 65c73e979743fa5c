/**
 * The shapes of a board as every side reads them (board-schema.ts describes how they are stored).
 * Optional fields are absent unless set, so a shape from an older board reads exactly as that
 * board's version read it.
 */

export const ShapeType = {
  Stroke: 'stroke',
  Rect: 'rect',
  Ellipse: 'ellipse',
  Arrow: 'arrow',
  Text: 'text',
  Sticky: 'sticky',
  Image: 'image',
  Frame: 'frame',
} as const;
export type ShapeType = (typeof ShapeType)[keyof typeof ShapeType];

export const ArrowHead = { None: 'none', Arrow: 'arrow' } as const;
export type ArrowHead = (typeof ArrowHead)[keyof typeof ArrowHead];

/** How a connector (arrow or line) runs between its ends. */
export const ConnectorRoute = { Straight: 'straight', Elbow: 'elbow' } as const;
export type ConnectorRoute = (typeof ConnectorRoute)[keyof typeof ConnectorRoute];

export const TRANSPARENT = 'transparent';

/** Coordinates further out than this are treated as corrupt, not as a very large board. */
export const MAX_COORDINATE = 1e7;
export const MAX_STROKE_WIDTH = 200;
/** Widths and heights of boxes, in board units. */
export const MAX_SHAPE_SIZE = 1e6;
export const MIN_FONT_SIZE = 1;
export const MAX_FONT_SIZE = 2000;
/** Characters in one text, note or label: a long page, far below any message limit. */
export const MAX_TEXT_LENGTH = 20_000;
/** Points in one arrow or line (x, y pairs). */
export const MAX_ARROW_POINTS = 100;
/** A frame's name is a title, not a text. */
export const MAX_FRAME_NAME_LENGTH = 200;

/** One end of a connector attached to a shape: which shape, and the point of it aimed at. */
export interface Binding {
  readonly id: string;
  /** The anchor, normalised to the bound shape's box: (0, 0) top-left, (1, 1) bottom-right. */
  readonly ax: number;
  readonly ay: number;
}

export interface ShapeBase {
  readonly id: string;
  readonly z: string;
  readonly x: number;
  readonly y: number;
  /** Degrees, clockwise, about (x, y). */
  readonly rotation: number;
  /** 0–1. */
  readonly opacity: number;
  /** Locked shapes are not picked by a click or changed until unlocked. */
  readonly locked?: true;
  /** The groups the shape is in, innermost first: the outermost one selects and moves as one. */
  readonly groupIds?: readonly string[];
  /** The frame the shape belongs to: it moves with the frame. */
  readonly frameId?: string;
}

export interface StrokeShape extends ShapeBase {
  readonly type: typeof ShapeType.Stroke;
  readonly color: string;
  readonly width: number;
  /** Flat [x, y, pressure, ...] relative to (x, y). */
  readonly points: readonly number[];
}

export interface BoxShape extends ShapeBase {
  readonly type: typeof ShapeType.Rect | typeof ShapeType.Ellipse;
  readonly w: number;
  readonly h: number;
  readonly color: string;
  readonly fill: string;
  readonly width: number;
  /** Text centred inside the box (in `color`). */
  readonly label?: string;
  /** The label's size; the default when absent. */
  readonly fontSize?: number;
}

export interface ArrowShape extends ShapeBase {
  readonly type: typeof ShapeType.Arrow;
  /** Flat [x0, y0, x1, y1, ...] relative to (x, y). */
  readonly points: readonly number[];
  readonly color: string;
  readonly width: number;
  readonly startHead: ArrowHead;
  readonly endHead: ArrowHead;
  readonly start?: Binding;
  readonly end?: Binding;
  /** Straight when absent. */
  readonly route?: ConnectorRoute;
}

export interface TextShape extends ShapeBase {
  readonly type: typeof ShapeType.Text;
  readonly text: string;
  readonly fontSize: number;
  readonly color: string;
  readonly w: number;
  readonly h: number;
}

export interface StickyShape extends ShapeBase {
  readonly type: typeof ShapeType.Sticky;
  readonly text: string;
  readonly fontSize: number;
  readonly color: string;
  readonly fill: string;
  readonly w: number;
  readonly h: number;
}

export interface ImageShape extends ShapeBase {
  readonly type: typeof ShapeType.Image;
  readonly assetId: string;
  readonly w: number;
  readonly h: number;
}

export interface FrameShape extends ShapeBase {
  readonly type: typeof ShapeType.Frame;
  readonly w: number;
  readonly h: number;
  readonly name: string;
}

export type Shape = StrokeShape | BoxShape | ArrowShape | TextShape | StickyShape | ImageShape | FrameShape;

/** A shape as it is written: everything but the id (the key it is stored under). */
export type ShapeInit = Shape extends infer S ? (S extends Shape ? Omit<S, 'id'> : never) : never;

/** A shape's content without its identity (id) and stacking key: what copy and paste carry. */
export type ShapeBody = Shape extends infer S ? (S extends Shape ? Omit<S, 'id' | 'z'> : never) : never;

/** Shapes with text inside a box: which field holds it. */
export function textFieldOf(shape: Shape): 'text' | 'label' | null {
  switch (shape.type) {
    case ShapeType.Text:
    case ShapeType.Sticky:
      return 'text';
    case ShapeType.Rect:
    case ShapeType.Ellipse:
      return 'label';
    default:
      return null;
  }
}
