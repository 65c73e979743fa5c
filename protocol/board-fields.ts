/**
 * Checks for single fields of the board document (see board-schema.ts). Each answers whether a
 * value read from a peer is usable as it is; nothing is coerced.
 */
import type * as Y from 'yjs';

export type Check = (value: unknown) => boolean;

/** Each stroke point is three numbers: x, y and pen pressure (0–1). */
export const STROKE_POINT_STRIDE = 3;

const MAX_COORDINATE = 1e7;
const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;

export function isColor(value: unknown): value is string {
  return typeof value === 'string' && COLOR_PATTERN.test(value);
}

/** A fill is a colour or 'transparent'. */
export function isFill(value: unknown): value is string {
  return value === 'transparent' || isColor(value);
}

export function isCoordinate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_COORDINATE;
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

/** Validates stroke points; returns an error message or null. */
export function checkStrokePoints(points: readonly unknown[]): string | null {
  if (points.length === 0) return 'no points';
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

/** Validates a flat [x, y, ...] list of 2 to `maxPoints` points; returns an error message or null. */
export function checkFlatPoints(points: unknown, maxPoints: number): string | null {
  if (!Array.isArray(points)) return 'points missing';
  if (points.length < 4 || points.length % 2 !== 0 || points.length > maxPoints * 2) return `invalid points length ${points.length}`;
  if (!points.every(isCoordinate)) return 'points have an invalid coordinate';
  return null;
}

/** Reads a number field; a missing one takes `fallback` when there is one, else it is an error. */
export function readNumber(fields: Y.Map<unknown>, name: string, check: Check, fallback?: number): number {
  const value = fields.get(name);
  if (value === undefined && fallback !== undefined) return fallback;
  if (!check(value)) throw new Error(`invalid ${name}`);
  return value as number;
}

/** Shape ids are random base64url strings (protocol/ids.ts); anything else in a reference is not one. */
const SHAPE_ID_PATTERN = /^[\w-]{1,64}$/;

export function isShapeId(value: unknown): value is string {
  return typeof value === 'string' && SHAPE_ID_PATTERN.test(value);
}

/** A group is a list of group ids, innermost first; deeper nesting than this is not a diagram. */
export const MAX_GROUP_DEPTH = 16;

export function isGroupIds(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.length <= MAX_GROUP_DEPTH && value.every(isShapeId);
}

/** An anchor is a point of the bound shape's box, normalised: (0, 0) its top-left, (1, 1) its bottom-right. */
export function isBinding(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { id, ax, ay } = value as Record<string, unknown>;
  const unit = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v <= 1;
  return isShapeId(id) && unit(ax) && unit(ay);
}
