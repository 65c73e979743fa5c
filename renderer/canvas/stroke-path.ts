/**
 * The filled outline of one pen stroke, as the canvas draws it: rebuilt when the stroke's points
 * or width change.
 */
import type { StrokeShape } from '../../protocol/board-schema';
import { strokeOutline } from './stroke-outline';

function pointsEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class StrokePath {
  private path: Path2D | null = null;
  private points: readonly number[] = [];
  private width = 0;

  update(stroke: Pick<StrokeShape, 'points' | 'width'>): void {
    if (this.path && stroke.width === this.width && pointsEqual(stroke.points, this.points)) return;
    const path = new Path2D();
    strokeOutline(stroke).forEach((p, i) => (i === 0 ? path.moveTo(p[0] as number, p[1] as number) : path.lineTo(p[0] as number, p[1] as number)));
    path.closePath();
    this.path = path;
    this.points = stroke.points;
    this.width = stroke.width;
  }

  paint(ctx: CanvasRenderingContext2D, color: string): void {
    if (!this.path) return;
    ctx.fillStyle = color;
    ctx.fill(this.path);
  }
}
