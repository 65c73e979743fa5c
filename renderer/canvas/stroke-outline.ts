/**
 * A pen stroke's outline: perfect-freehand turns the points (with pen pressure, or pressure
 * simulated from speed for a mouse) into a filled polygon.
 */
import { getStroke } from 'perfect-freehand';
import { STROKE_POINT_STRIDE, type StrokeShape } from '../../protocol/board-schema';

/** Mice report a constant 0.5 while a button is down: such strokes get simulated pressure. */
const MOUSE_PRESSURE = 0.5;

export function strokeOutline(stroke: Pick<StrokeShape, 'points' | 'width'>): number[][] {
  const input: number[][] = [];
  let constantPressure = true;
  for (let i = 0; i < stroke.points.length; i += STROKE_POINT_STRIDE) {
    const pressure = stroke.points[i + 2] as number;
    if (pressure !== MOUSE_PRESSURE) constantPressure = false;
    input.push([stroke.points[i] as number, stroke.points[i + 1] as number, pressure]);
  }
  return getStroke(input, {
    size: stroke.width,
    // Simulated pressure comes from speed alone; thinning hard on it makes fast mouse strokes
    // hairline, so mice get a gentler taper than real pens.
    thinning: constantPressure ? 0.3 : 0.6,
    smoothing: 0.5,
    streamline: 0.4,
    simulatePressure: constantPressure,
    last: true,
  });
}

/** An SVG path for a stroke outline: the same shape the canvas fills. */
export function outlinePath(outline: readonly number[][]): string {
  if (outline.length === 0) return '';
  const parts = outline.map((p, i) => `${i === 0 ? 'M' : 'L'}${(p[0] as number).toFixed(2)} ${(p[1] as number).toFixed(2)}`);
  return `${parts.join('')}Z`;
}
