/**
 * The filled outline of one pen stroke, as the canvas draws it, kept up to date incrementally:
 * while a stroke grows, the runs of its outline that are complete (stroke-outline.ts) are added
 * once to a finished path and only the last run is recomputed, so each appended point costs
 * the same however long the stroke already is. Anything else (another width, points that
 * changed rather than grew) rebuilds it.
 *
 * A stroke's points grow in place while it is drawn (board/stroke-points.ts): the same array,
 * longer, is an append; a different array is a change.
 */
import { STROKE_POINT_STRIDE, type StrokeShape } from '../../protocol/board-schema';
import { OUTLINE_CHUNK_POINTS, chunkOutline, hasMousePressure, outlineChunkCount } from './stroke-outline';

function toPath(outline: readonly number[][], into: Path2D = new Path2D()): Path2D {
  outline.forEach((p, i) => (i === 0 ? into.moveTo(p[0] as number, p[1] as number) : into.lineTo(p[0] as number, p[1] as number)));
  into.closePath();
  return into;
}

export class StrokePath {
  /** Every complete run, in one path. */
  private finished = new Path2D();
  private finishedRuns = 0;
  /** The last run, still growing. */
  private tail: Path2D | null = null;
  /** Both together, for a translucent stroke (two fills would darken where they overlap). */
  private whole: Path2D | null = null;
  private points: readonly number[] | null = null;
  private count = 0;
  private width = 0;
  private mouse = true;

  update(stroke: Pick<StrokeShape, 'points' | 'width'>): void {
    const count = stroke.points.length / STROKE_POINT_STRIDE;
    const grew = stroke.points === this.points && stroke.width === this.width && count >= this.count;
    if (grew && count === this.count) return;
    const mouse = grew ? this.mouse && hasMousePressure(stroke.points, this.count) : hasMousePressure(stroke.points);
    if (!grew || mouse !== this.mouse) {
      this.finished = new Path2D();
      this.finishedRuns = 0;
    }
    this.points = stroke.points;
    this.count = count;
    this.width = stroke.width;
    this.mouse = mouse;
    // Runs whose last point has arrived are final.
    const complete = count <= 1 ? 0 : Math.floor((count - 1) / OUTLINE_CHUNK_POINTS);
    for (; this.finishedRuns < complete; this.finishedRuns++) toPath(chunkOutline(stroke, this.finishedRuns, mouse, count), this.finished);
    const tailStart = this.finishedRuns * OUTLINE_CHUNK_POINTS;
    // A run of one point after a finished run adds nothing the finished run's cap does not draw.
    this.tail = this.finishedRuns < outlineChunkCount(count) && (count - tailStart > 1 || count === 1) ? toPath(chunkOutline(stroke, this.finishedRuns, mouse, count)) : null;
    this.whole = null;
  }

  paint(ctx: CanvasRenderingContext2D, color: string, translucent: boolean): void {
    ctx.fillStyle = color;
    if (translucent && this.finishedRuns > 0 && this.tail) {
      if (!this.whole) {
        this.whole = new Path2D(this.finished);
        this.whole.addPath(this.tail);
      }
      ctx.fill(this.whole);
      return;
    }
    if (this.finishedRuns > 0) ctx.fill(this.finished);
    if (this.tail) ctx.fill(this.tail);
  }
}
