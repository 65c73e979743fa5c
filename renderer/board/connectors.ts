/**
 * Connectors (arrows and lines) whose ends are bound to shapes. Where a bound end is drawn is
 * derived, never stored: from the bound shape's geometry as it is now, on every client and in
 * every export alike, so an arrow follows a box whoever moves, resizes or rotates it, and two
 * people moving the two boxes at once never fight over the arrow's points.
 *
 * An end aims at its anchor (a point of the bound shape's box, normalised to 0–1) from the
 * connector's next point, and stops where that line crosses the shape's outline, a small gap
 * outside it (as in tldraw and Excalidraw). Elbow connectors are routed orthogonally instead
 * (elbow-route.ts). The stored points are what the connector falls back to when the shape it
 * was bound to is gone.
 */
import { ConnectorRoute, ShapeType, type ArrowShape, type Binding, type Shape } from '../../protocol/board-schema';
import { routeElbow, type ElbowEnd } from './elbow-route';
import { toBoard, toLocal, type Bounds, type Point } from './geometry';

/** Space between a bound end and the outline it stops at, board units (plus half the outline). */
export const BINDING_GAP = 3;
/** Anchors within this distance of a box's centre (as a fraction of its size) snap to the centre. */
export const CENTRE_SNAP_FRACTION = 0.25;

export type BindableShape = Extract<Shape, { w: number; h: number }>;

/** Shapes an arrow's end can be bound to: anything with an outline to stop at, but frames. */
export function isBindable(shape: Shape | undefined | null): shape is BindableShape {
  return !!shape && shape.type !== ShapeType.Stroke && shape.type !== ShapeType.Arrow && shape.type !== ShapeType.Frame && shape.w > 0 && shape.h > 0;
}

export function hasBindings(shape: Shape): shape is ArrowShape & ({ start: Binding } | { end: Binding }) {
  return shape.type === ShapeType.Arrow && (shape.start !== undefined || shape.end !== undefined);
}

/** The binding for an end dropped at a board point over a shape. */
export function bindingAt(shape: BindableShape, point: Point): Binding {
  const local = toLocal(shape, point);
  const ax = Math.min(1, Math.max(0, local.x / shape.w));
  const ay = Math.min(1, Math.max(0, local.y / shape.h));
  const central = Math.abs(ax - 0.5) < CENTRE_SNAP_FRACTION && Math.abs(ay - 0.5) < CENTRE_SNAP_FRACTION;
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  return central ? { id: shape.id, ax: 0.5, ay: 0.5 } : { id: shape.id, ax: round(ax), ay: round(ay) };
}

/** The board point a binding aims at. */
export function anchorPoint(shape: BindableShape, binding: Binding): Point {
  return toBoard(shape, { x: binding.ax * shape.w, y: binding.ay * shape.h });
}

function outlineWidth(shape: BindableShape): number {
  return shape.type === ShapeType.Rect || shape.type === ShapeType.Ellipse ? shape.width : 0;
}

/**
 * Where the segment from `inside` (in the shape) towards `toward` leaves the shape's outline,
 * moved `gap` further out. When `toward` is inside the shape too, the anchor itself.
 */
export function outlineExit(shape: BindableShape, inside: Point, toward: Point, gap = BINDING_GAP + outlineWidth(shape) / 2): Point {
  const p = toLocal(shape, inside);
  const q = toLocal(shape, toward);
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const length = Math.hypot(dx, dy);
  if (length === 0) return inside;
  let t: number;
  if (shape.type === ShapeType.Ellipse) {
    const rx = shape.w / 2;
    const ry = shape.h / 2;
    const ox = (p.x - rx) / rx;
    const oy = (p.y - ry) / ry;
    const vx = dx / rx;
    const vy = dy / ry;
    const a = vx * vx + vy * vy;
    const b = 2 * (ox * vx + oy * vy);
    const c = ox * ox + oy * oy - 1;
    t = (-b + Math.sqrt(Math.max(0, b * b - 4 * a * c))) / (2 * a);
  } else {
    const exit = (from: number, d: number, size: number): number => (d > 0 ? (size - from) / d : d < 0 ? -from / d : Number.POSITIVE_INFINITY);
    t = Math.min(exit(p.x, dx, shape.w), exit(p.y, dy, shape.h));
  }
  if (!(t >= 0) || t > 1) return inside;
  const along = t + gap / length;
  return toBoard(shape, { x: p.x + dx * along, y: p.y + dy * along });
}

/** The connector's stored points on the board. */
function boardPoints(arrow: ArrowShape): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < arrow.points.length; i += 2) out.push(toBoard(arrow, { x: arrow.points[i] as number, y: arrow.points[i + 1] as number }));
  return out;
}

/** The box around a shape's own outline on the board (no stroke padding), rotated or not. */
function outlineBox(shape: BindableShape): Bounds {
  const corners = [toBoard(shape, { x: 0, y: 0 }), toBoard(shape, { x: shape.w, y: 0 }), toBoard(shape, { x: shape.w, y: shape.h }), toBoard(shape, { x: 0, y: shape.h })];
  return { minX: Math.min(...corners.map((c) => c.x)), minY: Math.min(...corners.map((c) => c.y)), maxX: Math.max(...corners.map((c) => c.x)), maxY: Math.max(...corners.map((c) => c.y)) };
}

function elbowEnd(shape: BindableShape | null, binding: Binding | undefined, free: Point): ElbowEnd {
  if (!shape || !binding) return { point: free, box: null, anchor: null };
  const b = outlineBox(shape);
  return { point: anchorPoint(shape, binding), box: b, anchor: { x: binding.ax, y: binding.ay }, gap: BINDING_GAP + outlineWidth(shape) / 2 };
}

export type ShapeLookup = (id: string) => Shape | undefined;

/**
 * The connector as drawn: its points routed to the shapes its ends are bound to (as they are
 * in `lookup`). Ends whose shape is gone keep their stored place. Unbound straight connectors
 * come back as they are.
 */
export function resolveConnector(arrow: ArrowShape, lookup: ShapeLookup): ArrowShape {
  const startShape = arrow.start ? lookup(arrow.start.id) : undefined;
  const endShape = arrow.end ? lookup(arrow.end.id) : undefined;
  const start = isBindable(startShape) && startShape.id !== arrow.id ? startShape : null;
  const end = isBindable(endShape) && endShape.id !== arrow.id ? endShape : null;
  const elbow = arrow.route === ConnectorRoute.Elbow;
  if (!start && !end && !elbow) return arrow;
  const points = boardPoints(arrow);
  const first = points[0] as Point;
  const last = points[points.length - 1] as Point;
  let routed: Point[];
  if (elbow) {
    routed = routeElbow(elbowEnd(start, arrow.start, first), elbowEnd(end, arrow.end, last));
  } else {
    const startAnchor = start && arrow.start ? anchorPoint(start, arrow.start) : first;
    const endAnchor = end && arrow.end ? anchorPoint(end, arrow.end) : last;
    const inner = points.slice(1, -1);
    const afterStart = inner[0] ?? endAnchor;
    const beforeEnd = inner[inner.length - 1] ?? startAnchor;
    routed = [
      start && start !== end ? outlineExit(start, startAnchor, afterStart) : startAnchor,
      ...inner,
      end && end !== start ? outlineExit(end, endAnchor, beforeEnd) : endAnchor,
    ];
  }
  const flat: number[] = [];
  for (const point of routed) {
    const local = toLocal(arrow, point);
    flat.push(Math.round(local.x * 100) / 100, Math.round(local.y * 100) / 100);
  }
  return { ...arrow, points: flat };
}

/**
 * The handles a selected connector is edited by, on the board, with the index of the stored
 * point each one moves: every point of a straight connector, the two ends of an elbow one (its
 * bends are routed, not placed).
 */
export function connectorHandles(drawn: ArrowShape, stored: ArrowShape): Array<{ point: Point; index: number }> {
  const points: Point[] = [];
  for (let i = 0; i < drawn.points.length; i += 2) points.push(toBoard(drawn, { x: drawn.points[i] as number, y: drawn.points[i + 1] as number }));
  if (drawn.route === ConnectorRoute.Elbow) {
    return [
      { point: points[0] as Point, index: 0 },
      { point: points[points.length - 1] as Point, index: stored.points.length / 2 - 1 },
    ];
  }
  return points.map((point, index) => ({ point, index }));
}
