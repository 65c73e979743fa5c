/**
 * A pen stroke's outline: perfect-freehand turns the points (with pen pressure, or pressure
 * simulated from speed for a mouse) into filled polygons, one per run of
 * OUTLINE_CHUNK_POINTS points (each run sharing its last point with the next, their round caps
 * overlapping at the join). A stroke being drawn then only ever recomputes its last run: the
 * earlier ones are final, so appending a point costs the same at the 5,000th point as at the
 * 5th (stroke-path.ts). Strokes up to one run long are outlined exactly as a single call would.
 * The canvas and the SVG export share this, so they draw the same shape.
 */
import { getStroke } from 'perfect-freehand';
import { STROKE_POINT_STRIDE, type StrokeShape } from '../../protocol/board-schema';

/** Mice report a constant 0.5 while a button is down: such strokes get simulated pressure. */
const MOUSE_PRESSURE = 0.5;
/**
 * Points per outline run. Long enough that joins are rare (a second or two of drawing), short
 * enough that recomputing the last run each frame stays well under a millisecond; the figure
 * is in docs/CANVAS-PERFORMANCE.md (the 5,000-point stroke).
 */
export const OUTLINE_CHUNK_POINTS = 256;

type StrokeInput = Pick<StrokeShape, 'points' | 'width'>;

/** Whether every point has the mouse's constant pressure (then pressure is simulated). */
export function hasMousePressure(points: readonly number[], from = 0): boolean {
  for (let i = from * STROKE_POINT_STRIDE + 2; i < points.length; i += STROKE_POINT_STRIDE) if (points[i] !== MOUSE_PRESSURE) return false;
  return true;
}

/** How many runs the outline of `count` points has. */
export function outlineChunkCount(count: number): number {
  return Math.max(1, Math.ceil((count - 1) / OUTLINE_CHUNK_POINTS));
}

/** The outline of run `chunk`: points chunk·N … (chunk+1)·N (or the last one). */
export function chunkOutline(stroke: StrokeInput, chunk: number, mouse: boolean, count = stroke.points.length / STROKE_POINT_STRIDE): number[][] {
  const first = chunk * OUTLINE_CHUNK_POINTS;
  const last = Math.min(count - 1, first + OUTLINE_CHUNK_POINTS);
  const input: number[][] = [];
  for (let p = first; p <= last; p++) {
    const i = p * STROKE_POINT_STRIDE;
    input.push([stroke.points[i] as number, stroke.points[i + 1] as number, stroke.points[i + 2] as number]);
  }
  return getStroke(input, {
    size: stroke.width,
    // Simulated pressure comes from speed alone; thinning hard on it makes fast mouse strokes
    // hairline, so mice get a gentler taper than real pens.
    thinning: mouse ? 0.3 : 0.6,
    smoothing: 0.5,
    streamline: 0.4,
    simulatePressure: mouse,
    last: true,
  });
}

/** Every run's outline, in order. */
export function strokeOutlines(stroke: StrokeInput): number[][][] {
  const count = stroke.points.length / STROKE_POINT_STRIDE;
  const mouse = hasMousePressure(stroke.points);
  return Array.from({ length: outlineChunkCount(count) }, (_, chunk) => chunkOutline(stroke, chunk, mouse, count));
}

/** An SVG path for a stroke's outline: the same polygons the canvas fills. */
export function outlinePath(outlines: readonly (readonly number[][])[]): string {
  return outlines
    .filter((outline) => outline.length > 0)
    .map((outline) => `${outline.map((p, i) => `${i === 0 ? 'M' : 'L'}${(p[0] as number).toFixed(2)} ${(p[1] as number).toFixed(2)}`).join('')}Z`)
    .join('');
}
