/**
 * The board document: the layout of the Y.Doc every side agrees on.
 *
 *   doc.getMap('meta')    schemaVersion: number
 *   doc.getMap('shapes')  shape id -> Y.Map of the shape's fields
 *
 * Shapes live in a map keyed by id, not in an array: concurrent inserts and deletes then never
 * shift each other, and stacking order comes from each shape's own `z` key (a string that sorts
 * between its neighbours), so raising a shape is one field write instead of an array move that
 * would duplicate it under concurrency.
 *
 * A stroke's points are a Y.Array of numbers, flat `[x, y, pressure, x, y, pressure, ...]`, so
 * that points appended while drawing travel as small updates and peers see the stroke grow.
 *
 * Everything read from the document goes through `readShape`, which validates it: a shape with
 * missing or absurd fields (from an old client, a newer one, or a hostile peer) is reported and
 * skipped, never drawn half-way and never allowed to crash a renderer.
 */
import * as Y from 'yjs';

/** Bumped when the layout changes in a way an older client would misread. */
export const BOARD_SCHEMA_VERSION = 1;

export const ShapeType = {
  Stroke: 'stroke',
} as const;

export type ShapeType = (typeof ShapeType)[keyof typeof ShapeType];

/** Each stroke point is three numbers: x, y and pen pressure (0–1). */
export const STROKE_POINT_STRIDE = 3;

/** Coordinates further out than this are treated as corrupt, not as a very large board. */
export const MAX_COORDINATE = 1e7;
export const MAX_STROKE_WIDTH = 200;

export interface StrokeShape {
  readonly id: string;
  readonly type: typeof ShapeType.Stroke;
  readonly z: string;
  readonly color: string;
  readonly width: number;
  /** Flat [x, y, pressure, ...]. */
  readonly points: readonly number[];
}

export type Shape = StrokeShape;

export type ShapeFields = Y.Map<unknown>;

export type ReadResult = { ok: true; shape: Shape } | { ok: false; error: string };

export function shapesMap(doc: Y.Doc): Y.Map<ShapeFields> {
  return doc.getMap<ShapeFields>('shapes');
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('meta');
}

const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;

export function isColor(value: unknown): value is string {
  return typeof value === 'string' && COLOR_PATTERN.test(value);
}

/**
 * Stacking keys are fractional indices (base-62 digits after a one-letter length head): a key
 * can be generated between any two, so reordering a shape is one field write.
 */
const Z_KEY_PATTERN = /^[A-Za-z][0-9A-Za-z]*$/;
export const MAX_Z_KEY_LENGTH = 256;

export function isZKey(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_Z_KEY_LENGTH && Z_KEY_PATTERN.test(value);
}

function isCoordinate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_COORDINATE;
}

/** Validates stroke points; returns an error message or null. */
export function checkStrokePoints(points: readonly unknown[]): string | null {
  if (points.length % STROKE_POINT_STRIDE !== 0) {
    return `points length ${points.length} is not a multiple of ${STROKE_POINT_STRIDE}`;
  }
  for (let i = 0; i < points.length; i += STROKE_POINT_STRIDE) {
    const pressure = points[i + 2];
    if (!isCoordinate(points[i]) || !isCoordinate(points[i + 1])) {
      return `point ${i / STROKE_POINT_STRIDE} has an invalid coordinate`;
    }
    if (typeof pressure !== 'number' || !(pressure >= 0 && pressure <= 1)) {
      return `point ${i / STROKE_POINT_STRIDE} has an invalid pressure`;
    }
  }
  return null;
}

/** Reads and validates one shape from the document. */
export function readShape(id: string, fields: unknown): ReadResult {
  if (!(fields instanceof Y.Map)) return { ok: false, error: `shape ${id}: not a map` };
  const type = fields.get('type');
  const z = fields.get('z');
  if (!isZKey(z)) return { ok: false, error: `shape ${id}: invalid z key` };
  switch (type) {
    case ShapeType.Stroke: {
      const color = fields.get('color');
      const width = fields.get('width');
      const points = fields.get('points');
      if (!isColor(color)) return { ok: false, error: `shape ${id}: invalid color` };
      if (typeof width !== 'number' || !(width > 0 && width <= MAX_STROKE_WIDTH)) {
        return { ok: false, error: `shape ${id}: invalid width` };
      }
      if (!(points instanceof Y.Array)) return { ok: false, error: `shape ${id}: points missing` };
      const flat = points.toArray() as unknown[];
      const problem = checkStrokePoints(flat);
      if (problem) return { ok: false, error: `shape ${id}: ${problem}` };
      return { ok: true, shape: { id, type, z, color, width, points: flat as number[] } };
    }
    default:
      return { ok: false, error: `shape ${id}: unknown type ${JSON.stringify(type)}` };
  }
}

/** Creates the Y.Map for a new stroke. Call inside a transaction and set it into `shapesMap`. */
export function newStrokeFields(init: {
  z: string;
  color: string;
  width: number;
  points: readonly number[];
}): ShapeFields {
  const fields = new Y.Map<unknown>();
  const points = new Y.Array<number>();
  points.push([...init.points]);
  fields.set('type', ShapeType.Stroke);
  fields.set('z', init.z);
  fields.set('color', init.color);
  fields.set('width', init.width);
  fields.set('points', points);
  return fields;
}

/** Marks a fresh document with the schema version; a no-op for one that has it. */
export function initBoard(doc: Y.Doc): void {
  const meta = metaMap(doc);
  if (meta.get('schemaVersion') === undefined) meta.set('schemaVersion', BOARD_SCHEMA_VERSION);
}
