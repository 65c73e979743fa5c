/**
 * Routes pointer events on the canvas to the active tool, in board coordinates. Pointer capture
 * keeps a stroke going when the pointer leaves the window; coalesced events keep fast strokes
 * smooth on high-rate pens and mice.
 */
import type { BoardView } from '../canvas/board-view';
import type { PointerSample, Tool } from './tool';

export class PointerInput {
  private activePointer: number | null = null;
  private readonly element: HTMLElement;
  private readOnly = false;

  constructor(
    private readonly view: BoardView,
    private tool: Tool,
  ) {
    this.element = view.stage.container();
    this.element.style.cursor = tool.cursor;
    this.element.addEventListener('pointerdown', this.onDown);
    this.element.addEventListener('pointermove', this.onMove);
    this.element.addEventListener('pointerup', this.onUp);
    this.element.addEventListener('pointercancel', this.onCancel);
    window.addEventListener('blur', this.onCancel);
  }

  setTool(tool: Tool): void {
    this.tool.cancel();
    this.activePointer = null;
    this.tool = tool;
    this.element.style.cursor = this.readOnly ? 'default' : tool.cursor;
  }

  /** A read-only board (view-only link) takes no pointer input at all. */
  setReadOnly(readOnly: boolean): void {
    if (readOnly) this.onCancel();
    this.readOnly = readOnly;
    this.element.style.cursor = readOnly ? 'default' : this.tool.cursor;
  }

  destroy(): void {
    this.element.removeEventListener('pointerdown', this.onDown);
    this.element.removeEventListener('pointermove', this.onMove);
    this.element.removeEventListener('pointerup', this.onUp);
    this.element.removeEventListener('pointercancel', this.onCancel);
    window.removeEventListener('blur', this.onCancel);
  }

  private sample(event: PointerEvent): PointerSample {
    const point = this.view.toBoardPoint(event.clientX, event.clientY);
    const pressure = Number.isFinite(event.pressure) ? Math.min(1, Math.max(0, event.pressure)) : 0.5;
    return { x: point.x, y: point.y, pressure };
  }

  private readonly onDown = (event: PointerEvent): void => {
    if (this.readOnly || event.button !== 0 || this.activePointer !== null) return;
    this.activePointer = event.pointerId;
    this.element.setPointerCapture(event.pointerId);
    this.tool.begin(this.sample(event));
  };

  private readonly onMove = (event: PointerEvent): void => {
    if (event.pointerId !== this.activePointer) return;
    const events = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
    this.tool.move((events.length > 0 ? events : [event]).map((e) => this.sample(e)));
  };

  private readonly onUp = (event: PointerEvent): void => {
    if (event.pointerId !== this.activePointer) return;
    this.activePointer = null;
    this.tool.end();
  };

  private readonly onCancel = (): void => {
    if (this.activePointer === null) return;
    this.activePointer = null;
    this.tool.cancel();
  };
}
