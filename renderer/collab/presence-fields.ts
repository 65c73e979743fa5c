/**
 * What a person's presence holds, field by field, and how each is read from a peer's state.
 * Any peer can put anything in its awareness state, so every field is validated on read: a
 * malformed field is dropped (read as absent), never trusted, and never stops the person from
 * showing. Sizes are bounded so that a state stays well under the server's 8 KiB per entry
 * (PRESENCE_MAX_ENTRY_BYTES, docs/PROTOCOL.md §10), which closes a connection that sends more.
 */
import * as Y from 'yjs';
import type { TextCaret } from '../board/text-caret';

export interface Point {
  x: number;
  y: number;
}

/** The board point at the centre of someone's screen, their zoom, and their screen's size (CSS px). */
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
  /** Absent from older clients: their outline on the minimap is then left out. */
  w?: number;
  h?: number;
}

/**
 * A laser pointer's trail as sent: the newest points of the current run (one press of the
 * pointer), in board coordinates. `end` counts the run's points so far, so a receiver that got
 * earlier messages appends only the points it has not seen.
 */
export interface LaserTrail {
  run: number;
  end: number;
  /** Flat [x, y, ...], at most MAX_LASER_POINTS points, the last being point `end - 1`. */
  points: number[];
}

/** A person can focus many shapes; outlining more than this helps nobody and costs every peer. */
export const MAX_FOCUS_SHAPES = 200;
/**
 * Points in one laser message: the cursor interval (50 ms) holds at most a few pointer events,
 * so this is several messages' worth (a late message still joins up), and at most ~600 bytes.
 */
export const MAX_LASER_POINTS = 24;
/** Frame ids and spotlight ids are our ids: short. */
const SHAPE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
/** Screens wider or taller than this (CSS px) are not screens. */
const MAX_SCREEN_PX = 100_000;

export const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e9;

export function isShapeRef(value: unknown): value is string {
  return typeof value === 'string' && SHAPE_ID_PATTERN.test(value);
}

export function readFocus(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isShapeRef).slice(0, MAX_FOCUS_SHAPES);
}

export function readPoint(value: unknown): Point | null {
  const point = value as Partial<Point> | null;
  return point && finite(point.x) && finite(point.y) ? { x: point.x, y: point.y } : null;
}

export function readViewport(value: unknown): Viewport | null {
  const viewport = value as Partial<Viewport> | null;
  if (!viewport || !finite(viewport.x) || !finite(viewport.y) || !finite(viewport.zoom) || viewport.zoom <= 0) return null;
  const read: Viewport = { x: viewport.x, y: viewport.y, zoom: viewport.zoom };
  const size = (v: unknown): v is number => finite(v) && v > 0 && v <= MAX_SCREEN_PX;
  if (size(viewport.w) && size(viewport.h)) {
    read.w = viewport.w;
    read.h = viewport.h;
  }
  return read;
}

export function readLaser(value: unknown): LaserTrail | null {
  const laser = value as { run?: unknown; end?: unknown; points?: unknown } | null;
  if (!laser || typeof laser !== 'object' || !Array.isArray(laser.points)) return null;
  const { run, end, points } = laser;
  if (!Number.isSafeInteger(run) || (run as number) < 0 || !Number.isSafeInteger(end)) return null;
  if (points.length % 2 !== 0 || points.length > 2 * MAX_LASER_POINTS || (end as number) < points.length / 2) return null;
  if (!points.every(finite)) return null;
  return { run: run as number, end: end as number, points: points as number[] };
}

/** A frame being presented, or whose spotlight: an id, or null. */
export function readRef(value: unknown): string | null {
  return isShapeRef(value) ? value : null;
}

export function readToken(value: unknown): string | null {
  return typeof value === 'string' && TOKEN_PATTERN.test(value) ? value : null;
}

/** Whom someone follows: a client id. */
export function readClientId(value: unknown): number | null {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : null;
}

const isId = (value: unknown): boolean => {
  const id = value as { client?: unknown; clock?: unknown } | null;
  return !!id && typeof id === 'object' && Number.isSafeInteger(id.client) && Number.isSafeInteger(id.clock);
};

/**
 * A relative position inside a shape's text: anchored to an item (or to the text itself, at its
 * end). One naming a root type (`tname`) is refused: resolving it would create that root type.
 */
function readPosition(value: unknown): Y.RelativePosition | null {
  const json = value as { type?: unknown; tname?: unknown; item?: unknown; assoc?: unknown } | null;
  if (!json || typeof json !== 'object' || json.tname != null) return null;
  if (json.item != null ? !isId(json.item) : !isId(json.type)) return null;
  if (json.assoc != null && json.assoc !== 0 && json.assoc !== -1) return null;
  return Y.createRelativePositionFromJSON(json);
}

export function readCaret(value: unknown): TextCaret | null {
  const caret = value as { id?: unknown; field?: unknown; anchor?: unknown; head?: unknown } | null;
  if (!caret || typeof caret !== 'object' || !isShapeRef(caret.id)) return null;
  if (caret.field !== 'text' && caret.field !== 'label') return null;
  const anchor = readPosition(caret.anchor);
  const head = readPosition(caret.head);
  return anchor && head ? { id: caret.id, field: caret.field, anchor, head } : null;
}

export function caretToJson(caret: TextCaret | null): unknown {
  return caret && { id: caret.id, field: caret.field, anchor: Y.relativePositionToJSON(caret.anchor), head: Y.relativePositionToJSON(caret.head) };
}
