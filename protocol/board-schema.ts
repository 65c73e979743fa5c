/**
 * The board document: the layout of the Y.Doc every side agrees on.
 *
 *   doc.getMap('meta')    schemaVersion: number
 *   doc.getMap('shapes')  shape id -> Y.Map of the shape's fields (below)
 *   doc.getMap('assets')  asset id -> Y.Map { mime, data: Uint8Array, w, h } (board-assets.ts)
 *
 * Shapes live in a map keyed by id, not in an array: concurrent inserts and deletes then never
 * shift each other, and stacking order comes from each shape's own `z` key (a string that sorts
 * between its neighbours), so raising a shape is one field write instead of an array move that
 * would duplicate it under concurrency. Equal keys (two people raising shapes at once) are
 * ordered by id, the same way on every side.
 *
 * Every shape has `type`, `z`, `x`, `y` (where its local origin sits on the board), `rotation`
 * (degrees, about that origin) and `opacity` (0–1). Then, by type:
 *
 *   stroke   color, width, points: Y.Array flat [x, y, pressure, ...] (local coordinates)
 *   rect     w, h, color (outline), fill (#rrggbb or 'transparent'), width (outline width)
 *   ellipse  as rect; the ellipse fills the box (0, 0)–(w, h)
 *   arrow    points: flat [x0, y0, x1, y1, ...], color, width, startHead, endHead ('none' | 'arrow')
 *   text     text, fontSize, color, w, h (the measured box of the text, for hit-testing and culling)
 *   sticky   text, fontSize, color (text), fill (paper), w, h
 *   image    assetId, w, h
 *
 * A stroke's points are a Y.Array so that points appended while drawing travel as small updates
 * and peers see the stroke grow; every other field is a plain value replaced as a whole.
 *
 * Version 1 boards had strokes only, with no x, y, rotation or opacity: they read as version 2
 * strokes at the origin, unrotated and opaque, so they need no migration. Version 2 is a new
 * number because a version 1 client would draw a moved or rotated stroke in the wrong place.
 *
 * Everything read from the document goes through `readShape`, which validates it: a shape with
 * missing or absurd fields (from an old client, a newer one, or a hostile peer) is reported and
 * skipped, never drawn half-way and never allowed to crash a renderer.
 */
import * as Y from 'yjs';
import {
  checkFlatPoints,
  checkStrokePoints,
  isColor,
  isCoordinate,
  isFill,
  isZKey,
  readNumber,
  type Check,
} from './board-fields';

export { MAX_Z_KEY_LENGTH, STROKE_POINT_STRIDE, checkStrokePoints, isColor, isFill, isZKey } from './board-fields';

/** Bumped when the layout changes in a way an older client would misread. */
export const BOARD_SCHEMA_VERSION = 2;

export const ShapeType = {
  Stroke: 'stroke',
  Rect: 'rect',
  Ellipse: 'ellipse',
  Arrow: 'arrow',
  Text: 'text',
  Sticky: 'sticky',
  Image: 'image',
} as const;
export type ShapeType = (typeof ShapeType)[keyof typeof ShapeType];

export const ArrowHead = { None: 'none', Arrow: 'arrow' } as const;
export type ArrowHead = (typeof ArrowHead)[keyof typeof ArrowHead];

export const TRANSPARENT = 'transparent';

/** Coordinates further out than this are treated as corrupt, not as a very large board. */
export const MAX_COORDINATE = 1e7;
export const MAX_STROKE_WIDTH = 200;
/** Widths and heights of boxes, in board units. */
export const MAX_SHAPE_SIZE = 1e6;
export const MIN_FONT_SIZE = 1;
export const MAX_FONT_SIZE = 2000;
/** Characters in one text or sticky note: a long page, far below any message limit. */
export const MAX_TEXT_LENGTH = 20_000;
/** Points in one arrow or line (x, y pairs). */
export const MAX_ARROW_POINTS = 100;
const MAX_ASSET_ID_LENGTH = 64;

interface ShapeBase {
  readonly id: string;
  readonly z: string;
  readonly x: number;
  readonly y: number;
  /** Degrees, clockwise, about (x, y). */
  readonly rotation: number;
  /** 0–1. */
  readonly opacity: number;
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
}

export interface ArrowShape extends ShapeBase {
  readonly type: typeof ShapeType.Arrow;
  /** Flat [x0, y0, x1, y1, ...] relative to (x, y). */
  readonly points: readonly number[];
  readonly color: string;
  readonly width: number;
  readonly startHead: ArrowHead;
  readonly endHead: ArrowHead;
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

export type Shape = StrokeShape | BoxShape | ArrowShape | TextShape | StickyShape | ImageShape;

/** A shape as it is written: everything but the id (the key it is stored under). */
export type ShapeInit = Shape extends infer S ? (S extends Shape ? Omit<S, 'id'> : never) : never;

/** A shape's content without its identity (id) and stacking key: what copy and paste carry. */
export type ShapeBody = Shape extends infer S ? (S extends Shape ? Omit<S, 'id' | 'z'> : never) : never;

export type ShapeFields = Y.Map<unknown>;

export type ReadResult = { ok: true; shape: Shape } | { ok: false; error: string };

export function shapesMap(doc: Y.Doc): Y.Map<ShapeFields> {
  return doc.getMap<ShapeFields>('shapes');
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('meta');
}

const isPositive = (max: number) => (v: unknown) => typeof v === 'number' && v > 0 && v <= max;
const isSize = (v: unknown) => typeof v === 'number' && v >= 0 && v <= MAX_SHAPE_SIZE;
const isStrokeWidth = isPositive(MAX_STROKE_WIDTH);
const isFontSize = (v: unknown) => typeof v === 'number' && v >= MIN_FONT_SIZE && v <= MAX_FONT_SIZE;
const isText = (v: unknown) => typeof v === 'string' && v.length <= MAX_TEXT_LENGTH;
const isHead = (v: unknown) => v === ArrowHead.None || v === ArrowHead.Arrow;
const isAssetId = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= MAX_ASSET_ID_LENGTH && /^[\w-]+$/.test(v);
const isRotation = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 3600;
const isOpacity = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;

/** Reads `names` from `fields`, checking each; throws the first problem (caught by readShape). */
function pick<K extends string>(fields: Y.Map<unknown>, checks: Record<K, Check>): Record<K, unknown> {
  const out = {} as Record<K, unknown>;
  for (const name of Object.keys(checks) as K[]) {
    const value = fields.get(name);
    if (!checks[name](value)) throw new Error(`invalid ${name}`);
    out[name] = value;
  }
  return out;
}

function readTyped(type: unknown, fields: Y.Map<unknown>): Omit<Shape, keyof ShapeBase> {
  switch (type) {
    case ShapeType.Stroke: {
      const { color, width } = pick(fields, { color: isColor, width: isStrokeWidth });
      const points = fields.get('points');
      if (!(points instanceof Y.Array)) throw new Error('points missing');
      const flat = points.toArray() as unknown[];
      const problem = checkStrokePoints(flat);
      if (problem) throw new Error(problem);
      return { type, color, width, points: flat } as Omit<StrokeShape, keyof ShapeBase>;
    }
    case ShapeType.Rect:
    case ShapeType.Ellipse:
      return { type, ...pick(fields, { w: isSize, h: isSize, color: isColor, fill: isFill, width: isStrokeWidth }) } as Omit<BoxShape, keyof ShapeBase>;
    case ShapeType.Arrow: {
      const points = fields.get('points');
      const problem = checkFlatPoints(points, MAX_ARROW_POINTS);
      if (problem) throw new Error(problem);
      return {
        type,
        points: [...(points as number[])],
        ...pick(fields, { color: isColor, width: isStrokeWidth, startHead: isHead, endHead: isHead }),
      } as Omit<ArrowShape, keyof ShapeBase>;
    }
    case ShapeType.Text:
      return { type, ...pick(fields, { text: isText, fontSize: isFontSize, color: isColor, w: isSize, h: isSize }) } as Omit<TextShape, keyof ShapeBase>;
    case ShapeType.Sticky:
      return {
        type,
        ...pick(fields, { text: isText, fontSize: isFontSize, color: isColor, fill: isColor, w: isSize, h: isSize }),
      } as Omit<StickyShape, keyof ShapeBase>;
    case ShapeType.Image:
      return { type, ...pick(fields, { assetId: isAssetId, w: isSize, h: isSize }) } as Omit<ImageShape, keyof ShapeBase>;
    default:
      throw new Error(`unknown type ${JSON.stringify(type)?.slice(0, 40)}`);
  }
}

/** Reads and validates one shape from the document. */
export function readShape(id: string, fields: unknown): ReadResult {
  if (!(fields instanceof Y.Map)) return { ok: false, error: `shape ${id}: not a map` };
  const type = fields.get('type');
  const z = fields.get('z');
  if (!isZKey(z)) return { ok: false, error: `shape ${id}: invalid z key` };
  try {
    // Version 1 strokes have no placement fields: they sit at the origin, unrotated, opaque.
    const legacy = type === ShapeType.Stroke;
    const x = readNumber(fields, 'x', isCoordinate, legacy ? 0 : undefined);
    const y = readNumber(fields, 'y', isCoordinate, legacy ? 0 : undefined);
    const rotation = readNumber(fields, 'rotation', isRotation, 0);
    const opacity = readNumber(fields, 'opacity', isOpacity, 1);
    const typed = readTyped(type, fields);
    return { ok: true, shape: { id, z, x, y, rotation, opacity, ...typed } as Shape };
  } catch (error) {
    return { ok: false, error: `shape ${id}: ${(error as Error).message}` };
  }
}

/**
 * Creates the Y.Map for a new shape. Call inside a transaction and set it into `shapesMap`.
 * Stroke points become a Y.Array (they grow while drawing); everything else is a plain value.
 */
export function newShapeFields(init: ShapeInit): ShapeFields {
  const fields = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(init)) {
    if (key === 'points' && init.type === ShapeType.Stroke) {
      const points = new Y.Array<number>();
      points.push([...(value as number[])]);
      fields.set(key, points);
    } else {
      fields.set(key, Array.isArray(value) ? [...(value as unknown[])] : value);
    }
  }
  return fields;
}

/** Creates the Y.Map for a new stroke (kept for callers that only draw strokes). */
export function newStrokeFields(init: { z: string; color: string; width: number; points: readonly number[] }): ShapeFields {
  return newShapeFields({ type: ShapeType.Stroke, x: 0, y: 0, rotation: 0, opacity: 1, ...init });
}

/** How this document's version compares with ours. */
export const SchemaStatus = { Current: 'current', Older: 'older', Newer: 'newer', Unmarked: 'unmarked' } as const;
export type SchemaStatus = (typeof SchemaStatus)[keyof typeof SchemaStatus];

export function schemaStatus(doc: Y.Doc): SchemaStatus {
  const version = metaMap(doc).get('schemaVersion');
  if (typeof version !== 'number') return SchemaStatus.Unmarked;
  if (version === BOARD_SCHEMA_VERSION) return SchemaStatus.Current;
  return version < BOARD_SCHEMA_VERSION ? SchemaStatus.Older : SchemaStatus.Newer;
}

/**
 * Marks a fresh document with the schema version, and raises a version 1 board to 2 (it reads
 * as version 2 unchanged). A board from a newer version keeps its number.
 */
export function initBoard(doc: Y.Doc): void {
  const meta = metaMap(doc);
  const status = schemaStatus(doc);
  if (status === SchemaStatus.Unmarked || status === SchemaStatus.Older) meta.set('schemaVersion', BOARD_SCHEMA_VERSION);
}
