/**
 * Eraser: every shape the pointer passes over while pressed is deleted, the whole sweep being
 * one undo step. Only the shape's own geometry counts (a stroke's ink, not its bounding box);
 * locked shapes are passed over.
 */
import { deleteShapes } from '../board/deletion';
import { HIT_TOLERANCE_PX, screenToBoard, type ToolContext } from './tool-context';
import { ToolName, type PointerSample, type Tool } from './tool';

export class EraserTool implements Tool {
  readonly name = ToolName.Eraser;
  readonly cursor = 'cell';
  private erasing = false;
  private erasedAny = false;

  constructor(private readonly context: ToolContext) {}

  begin(sample: PointerSample): void {
    this.erasing = true;
    this.erasedAny = false;
    this.eraseAt([sample]);
  }

  move(samples: readonly PointerSample[]): void {
    if (this.erasing) this.eraseAt(samples);
  }

  end(): void {
    this.erasing = false;
  }

  cancel(): void {
    this.end();
  }

  hover(sample: PointerSample): void {
    const hit = this.context.view.index.hitTest(sample, screenToBoard(this.context, HIT_TOLERANCE_PX), (shape) => !shape.locked);
    this.context.view.setHover(hit?.id ?? null);
  }

  deactivate(): void {
    this.context.view.setHover(null);
  }

  private eraseAt(samples: readonly PointerSample[]): void {
    const tolerance = screenToBoard(this.context, HIT_TOLERANCE_PX);
    const doomed = new Set<string>();
    for (const sample of samples) {
      const hit = this.context.view.index.hitTest(sample, tolerance, (shape) => !shape.locked);
      if (hit) doomed.add(hit.id);
    }
    if (doomed.size === 0) return;
    deleteShapes(this.context.board, this.context.view.index, doomed, this.erasedAny);
    this.erasedAny = true;
    this.context.view.setHover(null);
  }
}
