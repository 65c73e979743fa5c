/**
 * Elbow (orthogonal) routing for connectors: every segment horizontal or vertical, leaving and
 * entering bound shapes square to the side that faces the other end, as diagram tools draw flow
 * charts. A bound end picks its side (the one nearest its anchor, or, for an anchor at the
 * centre, the one facing the other end), steps out of the shape, and the route between the two
 * step-out points is the cheapest of a few candidate paths (one or two bends, or around the
 * shapes): shortest, fewest bends, never through either shape and never doubling back on
 * itself. Excalidraw searches a grid with A* for the general case; two boxes need only this.
 */
import type { Bounds, Point } from './geometry';

export interface ElbowEnd {
  /** Where the end aims (bound) or is (free), on the board. */
  point: Point;
  /** The bound shape's box on the board; null for a free end. */
  box: Bounds | null;
  /** The anchor, normalised to the box (0.5, 0.5 is its centre); null for a free end. */
  anchor: Point | null;
  /** Space left between the outline and the end, board units. */
  gap?: number;
}

/** How far a route steps straight out of a shape before it turns, board units. */
export const ELBOW_STUB = 24;
/** A bend costs as much as this much extra length: fewer bends read more clearly. */
const BEND_COST = 40;
const BLOCKED = 1e7;

interface Terminal {
  /** Where the line ends (on the outline, plus the gap). */
  end: Point;
  /** Where the route turns first, after stepping out. */
  out: Point;
  /** The direction it steps out in (a unit axis vector). */
  dir: Point;
  box: Bounds | null;
}

function centre(box: Bounds): Point {
  return { x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2 };
}

function sideToward(end: ElbowEnd, other: Point): Point {
  const box = end.box as Bounds;
  const anchor = end.anchor ?? { x: 0.5, y: 0.5 };
  const central = Math.abs(anchor.x - 0.5) < 0.01 && Math.abs(anchor.y - 0.5) < 0.01;
  if (!central) {
    const distances: Array<[number, Point]> = [
      [anchor.x, { x: -1, y: 0 }],
      [1 - anchor.x, { x: 1, y: 0 }],
      [anchor.y, { x: 0, y: -1 }],
      [1 - anchor.y, { x: 0, y: 1 }],
    ];
    return distances.reduce((best, d) => (d[0] < best[0] ? d : best))[1];
  }
  const c = centre(box);
  const sx = (other.x - c.x) / Math.max(1, (box.maxX - box.minX) / 2);
  const sy = (other.y - c.y) / Math.max(1, (box.maxY - box.minY) / 2);
  return Math.abs(sx) >= Math.abs(sy) ? { x: Math.sign(sx) || 1, y: 0 } : { x: 0, y: Math.sign(sy) || 1 };
}

function terminal(end: ElbowEnd, other: Point): Terminal {
  if (!end.box) {
    const dx = other.x - end.point.x;
    const dy = other.y - end.point.y;
    const dir = Math.abs(dx) >= Math.abs(dy) ? { x: Math.sign(dx) || 1, y: 0 } : { x: 0, y: Math.sign(dy) || 1 };
    return { end: end.point, out: end.point, dir, box: null };
  }
  const box = end.box;
  const dir = sideToward(end, other);
  const central = !end.anchor || (Math.abs(end.anchor.x - 0.5) < 0.01 && Math.abs(end.anchor.y - 0.5) < 0.01);
  const c = centre(box);
  const along = central ? c : { x: Math.min(box.maxX, Math.max(box.minX, end.point.x)), y: Math.min(box.maxY, Math.max(box.minY, end.point.y)) };
  const gap = end.gap ?? 0;
  const port = dir.x !== 0 ? { x: dir.x > 0 ? box.maxX : box.minX, y: along.y } : { x: along.x, y: dir.y > 0 ? box.maxY : box.minY };
  return {
    end: { x: port.x + dir.x * gap, y: port.y + dir.y * gap },
    out: { x: port.x + dir.x * (gap + ELBOW_STUB), y: port.y + dir.y * (gap + ELBOW_STUB) },
    dir,
    box,
  };
}

/** Whether a horizontal or vertical segment passes through the inside of a box. */
function crosses(a: Point, b: Point, box: Bounds | null): boolean {
  if (!box) return false;
  const minX = Math.min(a.x, b.x);
  const maxX = Math.max(a.x, b.x);
  const minY = Math.min(a.y, b.y);
  const maxY = Math.max(a.y, b.y);
  return minX < box.maxX - 0.5 && maxX > box.minX + 0.5 && minY < box.maxY - 0.5 && maxY > box.minY + 0.5;
}

/** Drops repeated points and points in the middle of a straight run. */
function simplify(points: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.x - p.x) < 0.01 && Math.abs(last.y - p.y) < 0.01) continue;
    const before = out[out.length - 2];
    if (before && last && ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y))) out.pop();
    out.push(p);
  }
  return out;
}

function cost(path: Point[], start: Terminal, end: Terminal): number {
  let total = 0;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1] as Point;
    const b = path[i] as Point;
    total += Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
    // The stubs themselves touch their own shape's outline; everything past them must not.
    const isStartStub = i === 1;
    const isEndStub = i === path.length - 1;
    if ((!isStartStub && crosses(a, b, start.box)) || (!isEndStub && crosses(a, b, end.box))) total += BLOCKED;
    if (a.x !== b.x && a.y !== b.y) total += BLOCKED;
  }
  const simple = simplify(path);
  total += (simple.length - 2) * BEND_COST;
  // Leaving a shape and at once turning back along the stub overlaps the line with itself.
  const second = simple[1];
  const third = simple[2];
  if (second && third && (third.x - second.x) * start.dir.x + (third.y - second.y) * start.dir.y < -0.5) total += BLOCKED;
  const beforeLast = simple[simple.length - 2];
  const beforeThat = simple[simple.length - 3];
  if (beforeLast && beforeThat && (beforeThat.x - beforeLast.x) * end.dir.x + (beforeThat.y - beforeLast.y) * end.dir.y < -0.5) total += BLOCKED;
  return total;
}

/** The routed points, from the start's end to the end's end. */
export function routeElbow(startEnd: ElbowEnd, endEnd: ElbowEnd): Point[] {
  const start = terminal(startEnd, endEnd.box ? centre(endEnd.box) : endEnd.point);
  const end = terminal(endEnd, startEnd.box ? centre(startEnd.box) : startEnd.point);
  const s = start.out;
  const e = end.out;
  // Candidate turning lines, best first (ties keep the earlier): between the boxes, halfway,
  // then along the step-out points, then around either box.
  const xs = new Set<number>();
  const ys = new Set<number>();
  if (start.box && end.box) {
    if (start.box.maxX < end.box.minX) xs.add((start.box.maxX + end.box.minX) / 2);
    if (end.box.maxX < start.box.minX) xs.add((end.box.maxX + start.box.minX) / 2);
    if (start.box.maxY < end.box.minY) ys.add((start.box.maxY + end.box.minY) / 2);
    if (end.box.maxY < start.box.minY) ys.add((end.box.maxY + start.box.minY) / 2);
  }
  xs.add((s.x + e.x) / 2).add(s.x).add(e.x);
  ys.add((s.y + e.y) / 2).add(s.y).add(e.y);
  for (const box of [start.box, end.box]) {
    if (!box) continue;
    xs.add(box.minX - ELBOW_STUB).add(box.maxX + ELBOW_STUB);
    ys.add(box.minY - ELBOW_STUB).add(box.maxY + ELBOW_STUB);
  }
  const candidates: Point[][] = [];
  for (const x of xs) candidates.push([s, { x, y: s.y }, { x, y: e.y }, e]);
  for (const y of ys) candidates.push([s, { x: s.x, y }, { x: e.x, y }, e]);
  candidates.push([s, { x: e.x, y: s.y }, e], [s, { x: s.x, y: e.y }, e]);
  for (const x of xs) for (const y of ys) candidates.push([s, { x: s.x, y }, { x, y }, { x, y: e.y }, e], [s, { x, y: s.y }, { x, y }, { x: e.x, y }, e]);
  let best: Point[] | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const middle of candidates) {
    const path = [start.end, ...middle, end.end];
    const c = cost(path, start, end);
    if (c < bestCost) {
      bestCost = c;
      best = path;
    }
  }
  return simplify(best ?? [start.end, end.end]);
}
