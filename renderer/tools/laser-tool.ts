/**
 * The laser pointer (K): press and move to draw a short-lived glowing trail that everyone in the
 * room sees in this person's colour, fading in about a second. It writes nothing to the board,
 * so it works on view-only boards too; where the trail goes (the overlay, presence) is the
 * sink's business.
 */
import type { Point } from '../board/geometry';
import { ToolName, type PointerSample, type Tool } from './tool';

export interface LaserSink {
  /** Points added to a trail; a new `run` is a new press of the pointer. */
  trail(run: number, points: readonly Point[]): void;
  /** Where the laser's dot is (null: off the board). */
  pointer(point: Point | null): void;
}

export class LaserTool implements Tool {
  readonly name = ToolName.Laser;
  /** The overlay draws the laser's own dot instead. */
  readonly cursor = 'none';
  readonly presenceOnly = true;
  private run = 0;
  private drawing = false;

  constructor(private readonly sink: LaserSink) {}

  begin(sample: PointerSample): void {
    this.run++;
    this.drawing = true;
    this.sink.pointer(sample);
    this.sink.trail(this.run, [{ x: sample.x, y: sample.y }]);
  }

  move(samples: readonly PointerSample[]): void {
    const last = samples[samples.length - 1];
    if (last) this.sink.pointer(last);
    if (this.drawing && samples.length > 0) this.sink.trail(this.run, samples.map((s) => ({ x: s.x, y: s.y })));
  }

  end(): void {
    this.drawing = false;
  }

  cancel(): void {
    this.drawing = false;
  }

  hover(sample: PointerSample): void {
    this.sink.pointer(sample);
  }

  deactivate(): void {
    this.drawing = false;
    this.sink.pointer(null);
  }
}
