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
 * (degrees, about that origin) and `opacity` (0–1), and may have `locked: true`, `groupIds`
 * (group ids, innermost first) and `frameId` (the frame it belongs to). Then, by type:
 *
 *   stroke   color, width, points: Y.Array flat [x, y, pressure, ...] (local coordinates)
 *   rect     w, h, color (outline), fill (#rrggbb or 'transparent'), width (outline width),
 *            label?: Y.Text (centred inside), fontSize? (the label's)
 *   ellipse  as rect; the ellipse fills the box (0, 0)–(w, h)
 *   arrow    points: flat [x0, y0, x1, y1, ...], color, width, startHead, endHead ('none' |
 *            'arrow'; a line is an arrow without heads), start?, end? (bindings), route?
 *            ('straight' | 'elbow')
 *   text     text: Y.Text, fontSize, color, w, h (the measured box of the text, for hit-testing)
 *   sticky   text: Y.Text, fontSize, color (text), fill (paper), w, h
 *   image    assetId, w, h
 *   frame    w, h, name (a titled region; shapes with its id as `frameId` move with it)
 *
 * A binding `{ id, ax, ay }` attaches a connector's end to a shape: (ax, ay) is the point of the
 * shape's box the end aims at, normalised to 0–1. Where the end is drawn is derived from the
 * bound shape's current geometry on every side (renderer/board/connectors.ts), so an arrow
 * follows a box whoever moves it; the stored points are the fallback once the shape is gone.
 *
 * A stroke's points are a Y.Array so that points appended while drawing travel as small updates
 * and peers see the stroke grow; texts are Y.Text (board-text.ts) so that people typing into
 * one note merge; every other field is a plain value replaced as a whole.
 *
 * Versions. 1: strokes only, with no x, y, rotation or opacity; they read as strokes at the
 * origin, unrotated and opaque. 2: every shape type, text as plain strings. 3: text as Y.Text,
 * labels, connector bindings, frames, groups and locks. Each is a new number because the older
 * client would misread the newer board (a version 2 client skips a Y.Text text as invalid).
 * Older boards need no migration: they read as they are, and a plain-string text becomes a
 * Y.Text when it is first edited.
 *
 * Everything read from the document goes through `readShape`, which validates it: a shape with
 * missing or absurd fields (from an old client, a newer one, or a hostile peer) is reported and
 * skipped, never drawn half-way and never allowed to crash a renderer.
 */
import * as Y from 'yjs';
import {
  checkFlatPoints,
  checkStrokePoints,
  isBinding,
  isColor,
  isCoordinate,
  isFill,
  isGroupIds,
  isShapeId,
  isZKey,
  readNumber,
  type Check,
} from './board-fields';
import {
  ArrowHead,
  ConnectorRoute,
  MAX_ARROW_POINTS,
  MAX_FONT_SIZE,
  MAX_FRAME_NAME_LENGTH,
  MAX_SHAPE_SIZE,
  MAX_STROKE_WIDTH,
  MAX_TEXT_LENGTH,
  MIN_FONT_SIZE,
  ShapeType,
  type Shape,
  type ShapeBase,
  type ShapeInit,
} from './board-shapes';
import { TEXT_FIELDS, readTextValue } from './board-text';

export { MAX_Z_KEY_LENGTH, STROKE_POINT_STRIDE, checkStrokePoints, isColor, isFill, isShapeId, isZKey } from './board-fields';
export * from './board-shapes';

/** Bumped when the layout changes in a way an older client would misread. */
export const BOARD_SCHEMA_VERSION = 3;

export type ShapeFields = Y.Map<unknown>;

export type ReadResult = { ok: true; shape: Shape } | { ok: false; error: string };

/**
 * Reads a stroke's points, throwing what is wrong with them. The board passes one that
 * remembers what it has validated, so a stroke growing point by point is not read whole each
 * time (renderer/board/stroke-points.ts).
 */
export type StrokePointsReader = (points: Y.Array<unknown>) => readonly number[];

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
/**
 * A plain string past the limit is refused; a Y.Text is not (two people typing at once can
 * merge past it, and refusing would hide the shape from everyone): it reads cut to the limit.
 */
const isText = (v: unknown) => v instanceof Y.Text || (typeof v === 'string' && v.length <= MAX_TEXT_LENGTH);
const isHead = (v: unknown) => v === ArrowHead.None || v === ArrowHead.Arrow;
const isRoute = (v: unknown) => v === ConnectorRoute.Straight || v === ConnectorRoute.Elbow;
const isAssetId = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= MAX_ASSET_ID_LENGTH && /^[\w-]+$/.test(v);
const isRotation = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 3600;
const isOpacity = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;
const isFrameName = (v: unknown) => typeof v === 'string' && v.length <= MAX_FRAME_NAME_LENGTH;
const MAX_ASSET_ID_LENGTH = 64;

/** Reads the fields named in `checks` from `fields`; throws the first problem (caught by readShape). */
function pick<K extends string>(fields: Y.Map<unknown>, checks: Record<K, Check>): Record<K, unknown> {
  const out = {} as Record<K, unknown>;
  for (const name of Object.keys(checks) as K[]) {
    const value = fields.get(name);
    if (!checks[name](value)) throw new Error(`invalid ${name}`);
    out[name] = TEXT_FIELDS.has(name) ? readTextValue(value)?.slice(0, MAX_TEXT_LENGTH) : value;
  }
  return out;
}

/** Like `pick`, for fields that may be absent: only those present appear in the result. */
function pickOptional<K extends string>(fields: Y.Map<unknown>, checks: Record<K, Check>): Partial<Record<K, unknown>> {
  const out: Partial<Record<K, unknown>> = {};
  for (const name of Object.keys(checks) as K[]) {
    const value = fields.get(name);
    if (value === undefined) continue;
    if (!checks[name](value)) throw new Error(`invalid ${name}`);
    out[name] = TEXT_FIELDS.has(name) ? readTextValue(value)?.slice(0, MAX_TEXT_LENGTH) : value;
  }
  return out;
}

export function readStrokePoints(points: Y.Array<unknown>): readonly number[] {
  const flat = points.toArray();
  const problem = checkStrokePoints(flat);
  if (problem) throw new Error(problem);
  return flat as number[];
}

function readTyped(type: unknown, fields: Y.Map<unknown>, strokePoints: StrokePointsReader): Omit<Shape, keyof ShapeBase> {
  switch (type) {
    case ShapeType.Stroke: {
      const { color, width } = pick(fields, { color: isColor, width: isStrokeWidth });
      const points = fields.get('points');
      if (!(points instanceof Y.Array)) throw new Error('points missing');
      return { type, color, width, points: strokePoints(points) } as Omit<Shape, keyof ShapeBase>;
    }
    case ShapeType.Rect:
    case ShapeType.Ellipse:
      return {
        type,
        ...pick(fields, { w: isSize, h: isSize, color: isColor, fill: isFill, width: isStrokeWidth }),
        ...pickOptional(fields, { label: isText, fontSize: isFontSize }),
      } as Omit<Shape, keyof ShapeBase>;
    case ShapeType.Arrow: {
      const points = fields.get('points');
      const problem = checkFlatPoints(points, MAX_ARROW_POINTS);
      if (problem) throw new Error(problem);
      return {
        type,
        points: [...(points as number[])],
        ...pick(fields, { color: isColor, width: isStrokeWidth, startHead: isHead, endHead: isHead }),
        ...pickOptional(fields, { start: isBinding, end: isBinding, route: isRoute }),
      } as Omit<Shape, keyof ShapeBase>;
    }
    case ShapeType.Text:
      return { type, ...pick(fields, { text: isText, fontSize: isFontSize, color: isColor, w: isSize, h: isSize }) } as Omit<Shape, keyof ShapeBase>;
    case ShapeType.Sticky:
      return {
        type,
        ...pick(fields, { text: isText, fontSize: isFontSize, color: isColor, fill: isColor, w: isSize, h: isSize }),
      } as Omit<Shape, keyof ShapeBase>;
    case ShapeType.Image:
      return { type, ...pick(fields, { assetId: isAssetId, w: isSize, h: isSize }) } as Omit<Shape, keyof ShapeBase>;
    case ShapeType.Frame:
      return { type, ...pick(fields, { w: isSize, h: isSize, name: isFrameName }) } as Omit<Shape, keyof ShapeBase>;
    default:
      throw new Error(`unknown type ${JSON.stringify(type)?.slice(0, 40)}`);
  }
}

const isLocked = (v: unknown) => v === true;

/** Reads and validates one shape from the document. */
export function readShape(id: string, fields: unknown, strokePoints: StrokePointsReader = readStrokePoints): ReadResult {
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
    const optional = pickOptional(fields, { locked: isLocked, groupIds: isGroupIds, frameId: isShapeId });
    const typed = readTyped(type, fields, strokePoints);
    return { ok: true, shape: { id, z, x, y, rotation, opacity, ...optional, ...typed } as Shape };
  } catch (error) {
    return { ok: false, error: `shape ${id}: ${(error as Error).message}` };
  }
}

/** A value as it is stored: texts as Y.Text, arrays and objects copied (never shared with the caller). */
export function storedValue(key: string, value: unknown): unknown {
  if (TEXT_FIELDS.has(key) && typeof value === 'string') return new Y.Text(value);
  if (Array.isArray(value)) return [...(value as unknown[])];
  if (typeof value === 'object' && value !== null && !(value instanceof Y.AbstractType) && !(value instanceof Uint8Array)) return { ...value };
  return value;
}

/**
 * Creates the Y.Map for a new shape. Call inside a transaction and set it into `shapesMap`.
 * Stroke points become a Y.Array (they grow while drawing), texts a Y.Text; everything else is
 * a plain value. Fields set to `undefined` are left out.
 */
export function newShapeFields(init: ShapeInit): ShapeFields {
  const fields = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(init)) {
    if (value === undefined) continue;
    if (key === 'points' && init.type === ShapeType.Stroke) {
      const points = new Y.Array<number>();
      points.push([...(value as number[])]);
      fields.set(key, points);
    } else {
      fields.set(key, storedValue(key, value));
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
 * Marks a fresh document with the schema version, and raises an older board to this one (it
 * reads as this version unchanged). A board from a newer version keeps its number.
 */
export function initBoard(doc: Y.Doc): void {
  const meta = metaMap(doc);
  const status = schemaStatus(doc);
  if (status === SchemaStatus.Unmarked || status === SchemaStatus.Older) meta.set('schemaVersion', BOARD_SCHEMA_VERSION);
}
