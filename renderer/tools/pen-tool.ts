/**
 * Freehand pen. Points are appended to the stroke in the document as the pointer moves, at most
 * once per animation frame, so peers watch the stroke grow without a message per pointer event.
 */
import type { Board, StrokeStyle } from '../board/board';
import { PEN_SIZE_PER_WIDTH } from '../board/style';
import { ToolName, type PointerSample, type Tool } from './tool';

/** Samples closer than this (board units) to the previous one add nothing visible. */
const MIN_POINT_DISTANCE = 0.75;

export class PenTool implements Tool {
  readonly name = ToolName.Pen;
  readonly cursor = 'crosshair';
  private strokeId: string | null = null;
  private pending: number[] = [];
  private last: PointerSample | null = null;
  private frame: number | null = null;

  constructor(
    private readonly board: Board,
    private readonly style: () => StrokeStyle,
    /** Told which stroke is being drawn (it goes on the canvas's edit layer), and when none is. */
    private readonly onActive: (ids: string[]) => void = () => {},
    /** Told when a stroke is finished (it joins the frame it was drawn in). */
    private readonly onFinished: (id: string) => void = () => {},
  ) {}

  begin(sample: PointerSample): void {
    this.end();
    this.last = sample;
    this.strokeId = this.board.beginStroke([sample.x, sample.y, sample.pressure], this.strokeStyle());
    this.onActive([this.strokeId]);
  }

  move(samples: readonly PointerSample[]): void {
    if (!this.strokeId || !this.last) return;
    for (const sample of samples) {
      if (Math.hypot(sample.x - this.last.x, sample.y - this.last.y) < MIN_POINT_DISTANCE) continue;
      this.pending.push(sample.x, sample.y, sample.pressure);
      this.last = sample;
    }
    if (this.pending.length > 0 && this.frame === null) {
      this.frame = requestAnimationFrame(() => {
        this.frame = null;
        this.flush();
      });
    }
  }

  end(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.flush();
    if (this.strokeId) {
      this.onActive([]);
      this.onFinished(this.strokeId);
    }
    this.strokeId = null;
    this.last = null;
  }

  cancel(): void {
    this.end();
  }

  abandon(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.pending = [];
    // Continuing the stroke's own undo step: it nets to nothing, and undo passes over it.
    if (this.strokeId) this.board.delete([this.strokeId], true);
    this.end();
  }

  private strokeStyle(): StrokeStyle {
    const style = this.style();
    return { ...style, width: style.width * PEN_SIZE_PER_WIDTH };
  }

  private flush(): void {
    if (!this.strokeId || this.pending.length === 0) return;
    const points = this.pending;
    this.pending = [];
    if (!this.board.extendStroke(this.strokeId, points)) {
      // The stroke is full: carry on in a fresh one from the last point so the line is unbroken.
      const x = points[points.length - 3] as number;
      const y = points[points.length - 2] as number;
      const pressure = points[points.length - 1] as number;
      this.onFinished(this.strokeId);
      this.strokeId = this.board.beginStroke([x, y, pressure], this.strokeStyle());
      this.onActive([this.strokeId]);
    }
  }
}
