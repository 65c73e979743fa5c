/**
 * Routes pointer input on the canvas: to the active tool (in board coordinates), or to the
 * camera. Pointer capture keeps a gesture going when the pointer leaves the window; coalesced
 * events keep fast strokes smooth on high-rate pens and mice.
 *
 * Navigation, as in Excalidraw, tldraw and Miro: drag with the middle button or with space held
 * to pan; mouse wheel (and trackpad pinch, which browsers report as a ctrl+wheel) to zoom about
 * the pointer; two-finger trackpad scrolling to pan; two fingers on a touch screen to pan and
 * pinch. A read-only board pans with a plain drag too, and takes no other input but the laser
 * pointer's.
 *
 * Pen mode (turned on by the first pen that touches the board, or from the menu) is for tablets
 * drawn on with a stylus: only the pen draws, one finger pans and two pinch, and while the pen is
 * drawing every touch is ignored, so a palm resting on the screen leaves no mark and moves
 * nothing (palm rejection). Pen pressure comes from the pointer events.
 */
import type { Point } from '../board/geometry';
import type { BoardView } from '../canvas/board-view';
import type { PointerSample, Tool } from './tool';

/** Zoom per pixel of wheel movement: a mouse notch (~100 px) is about 16%. */
const WHEEL_ZOOM_PER_PX = 0.0015;
/** Trackpad pinches report small deltas: zoom faster per pixel. */
const PINCH_ZOOM_PER_PX = 0.01;
const MIDDLE_BUTTON = 1;
/**
 * A double-click on the spot where, this soon before, a tool handed over to another as the
 * pointer was let go belongs to the tool that finished (a line ended with a double-click), not
 * to the one that took over (which would edit the shape under the pointer).
 */
const DOUBLE_CLICK_AFTER_SWITCH_MS = 500;
const DOUBLE_CLICK_SLOP_PX = 4;

type Gesture =
  | { kind: 'none' }
  | { kind: 'tool'; pointerId: number }
  | { kind: 'pan'; pointerId: number; last: Point }
  | { kind: 'pinch'; distance: number; centre: Point };

/** Space in a field is a space, and on a focused button it presses the button: not a pan. */
function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON|A)$/.test(element.tagName));
}

/** Wheel events from a mouse come in whole notches (or lines); a trackpad's are fine-grained. */
function isMouseWheel(event: WheelEvent): boolean {
  return event.deltaMode !== 0 || (event.deltaX === 0 && Math.abs(event.deltaY) >= 50 && Number.isInteger(event.deltaY));
}

export class PointerInput {
  private gesture: Gesture = { kind: 'none' };
  private readonly element: HTMLElement;
  private readonly touches = new Map<number, Point>();
  private readOnly = false;
  private spaceHeld = false;
  /** Where and when a tool last handed over as the pointer was let go. */
  private handover: { at: number; x: number; y: number } | null = null;
  /** Where the pointer is being let go, while the tool handles it. */
  private releasing: { x: number; y: number } | null = null;
  /** Told where the pointer is over the board (pastes land there). */
  onPointer: (point: Point) => void = () => {};
  /** Only the pen draws; touch pans and pinches (see above). */
  private penOnly = false;
  /** Told when a pen first touches the board while pen mode is off (it then turns on). */
  onPenDetected: () => void = () => {};

  constructor(
    private readonly view: BoardView,
    private tool: Tool,
  ) {
    this.element = view.stage.container();
    this.updateCursor();
    this.element.addEventListener('pointerdown', this.onDown);
    this.element.addEventListener('pointermove', this.onMove);
    this.element.addEventListener('pointerup', this.onUp);
    this.element.addEventListener('pointercancel', this.onCancel);
    this.element.addEventListener('dblclick', this.onDoubleClick);
    this.element.addEventListener('wheel', this.onWheel, { passive: false });
    window.addEventListener('keydown', this.onKeyDown);
    window.addEventListener('keyup', this.onKeyUp);
    window.addEventListener('blur', this.onCancel);
  }

  get activeTool(): Tool {
    return this.tool;
  }

  setTool(tool: Tool): void {
    this.tool.cancel();
    if (tool !== this.tool) this.tool.deactivate?.();
    if (this.gesture.kind === 'tool') this.gesture = { kind: 'none' };
    if (tool !== this.tool && this.releasing) this.handover = { at: performance.now(), ...this.releasing };
    this.tool = tool;
    this.updateCursor();
  }

  get penMode(): boolean {
    return this.penOnly;
  }

  setPenMode(on: boolean): void {
    this.penOnly = on;
  }

  /** A read-only board (view-only link) can be panned and zoomed, nothing else. */
  setReadOnly(readOnly: boolean): void {
    if (readOnly === this.readOnly) return;
    if (readOnly) this.onCancel();
    this.readOnly = readOnly;
    this.updateCursor();
  }

  destroy(): void {
    this.element.removeEventListener('pointerdown', this.onDown);
    this.element.removeEventListener('pointermove', this.onMove);
    this.element.removeEventListener('pointerup', this.onUp);
    this.element.removeEventListener('pointercancel', this.onCancel);
    this.element.removeEventListener('dblclick', this.onDoubleClick);
    this.element.removeEventListener('wheel', this.onWheel);
    window.removeEventListener('keydown', this.onKeyDown);
    window.removeEventListener('keyup', this.onKeyUp);
    window.removeEventListener('blur', this.onCancel);
  }

  private updateCursor(): void {
    const panning = this.gesture.kind === 'pan';
    this.element.style.cursor = panning ? 'grabbing' : this.spaceHeld || this.blocked() ? 'grab' : this.tool.cursor;
  }

  /** A view-only board takes no input from tools that write to it (the laser is not one). */
  private blocked(): boolean {
    return this.readOnly && !this.tool.presenceOnly;
  }

  private sample(event: PointerEvent | MouseEvent): PointerSample {
    const point = this.view.toBoardPoint(event.clientX, event.clientY);
    const raw = 'pressure' in event ? event.pressure : 0.5;
    const pressure = Number.isFinite(raw) ? Math.min(1, Math.max(0, raw)) : 0.5;
    return { x: point.x, y: point.y, pressure, shift: event.shiftKey, alt: event.altKey, mod: event.ctrlKey || event.metaKey };
  }

  private localPoint(event: { clientX: number; clientY: number }): Point {
    const rect = this.element.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  private readonly onDown = (event: PointerEvent): void => {
    if (event.pointerType === 'pen' && !this.penOnly) {
      this.penOnly = true;
      this.onPenDetected();
    }
    if (event.pointerType === 'touch') {
      // Palm rejection: while the pen draws, a touch is a hand resting on the screen.
      if (this.penOnly && this.gesture.kind === 'tool') return;
      this.touches.set(event.pointerId, this.localPoint(event));
      if (this.touches.size === 2) {
        // A second finger: whatever the first began was the start of a pinch, not a stroke.
        if (this.gesture.kind === 'tool') {
          if (this.tool.abandon) this.tool.abandon();
          else this.tool.cancel();
        }
        this.gesture = this.pinchState();
        return;
      }
      if (this.penOnly && this.gesture.kind === 'none') {
        // In pen mode one finger pans.
        this.element.setPointerCapture(event.pointerId);
        this.gesture = { kind: 'pan', pointerId: event.pointerId, last: { x: event.clientX, y: event.clientY } };
        return;
      }
    }
    if (this.gesture.kind !== 'none') return;
    const pan = event.button === MIDDLE_BUTTON || (event.button === 0 && (this.spaceHeld || this.blocked()));
    if (pan) {
      event.preventDefault();
      this.element.setPointerCapture(event.pointerId);
      this.gesture = { kind: 'pan', pointerId: event.pointerId, last: { x: event.clientX, y: event.clientY } };
      this.updateCursor();
      return;
    }
    if (event.button !== 0) return;
    // The selection handles belong to the Transformer.
    if (this.view.handleAt(event.clientX, event.clientY)) return;
    this.gesture = { kind: 'tool', pointerId: event.pointerId };
    this.element.setPointerCapture(event.pointerId);
    this.tool.begin(this.sample(event));
  };

  private readonly onMove = (event: PointerEvent): void => {
    if (event.pointerType === 'touch' && this.touches.has(event.pointerId)) this.touches.set(event.pointerId, this.localPoint(event));
    const g = this.gesture;
    if (g.kind === 'pinch') {
      const next = this.pinchState();
      // Pan first, then zoom about where the fingers are now: the board point that was between
      // them stays between them. (Zooming first, about the new centre, let it slide off by
      // (zoom − 1) × the centre's movement on every event.)
      this.view.panBy(next.centre.x - g.centre.x, next.centre.y - g.centre.y);
      if (g.distance > 0) this.view.zoomBy(next.distance / g.distance, next.centre);
      this.gesture = next;
      return;
    }
    if (g.kind === 'pan' && event.pointerId === g.pointerId) {
      this.view.panBy(event.clientX - g.last.x, event.clientY - g.last.y);
      g.last = { x: event.clientX, y: event.clientY };
      return;
    }
    if (g.kind === 'tool' && event.pointerId === g.pointerId) {
      const events = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
      this.tool.move((events.length > 0 ? events : [event]).map((e) => this.sample(e)));
      return;
    }
    if (g.kind === 'none') {
      const sample = this.sample(event);
      this.onPointer(sample);
      if (!this.blocked() && event.buttons === 0) this.tool.hover?.(sample);
    }
  };

  private readonly onUp = (event: PointerEvent): void => {
    this.touches.delete(event.pointerId);
    const g = this.gesture;
    if (g.kind === 'pinch') {
      if (this.touches.size < 2) this.gesture = { kind: 'none' };
      return;
    }
    if (g.kind === 'none' || g.pointerId !== event.pointerId) return;
    this.gesture = { kind: 'none' };
    if (g.kind === 'tool') {
      this.releasing = { x: event.clientX, y: event.clientY };
      try {
        this.tool.end();
      } finally {
        this.releasing = null;
      }
    }
    this.updateCursor();
  };

  private readonly onCancel = (): void => {
    this.touches.clear();
    const g = this.gesture;
    this.gesture = { kind: 'none' };
    if (g.kind === 'tool') this.tool.cancel();
    this.spaceHeld = false;
    this.updateCursor();
  };

  private readonly onDoubleClick = (event: MouseEvent): void => {
    const h = this.handover;
    if (h && performance.now() - h.at < DOUBLE_CLICK_AFTER_SWITCH_MS && Math.hypot(event.clientX - h.x, event.clientY - h.y) <= DOUBLE_CLICK_SLOP_PX) return;
    if (!this.readOnly && event.button === 0 && !this.spaceHeld) this.tool.doubleClick?.(this.sample(event));
  };

  private readonly onWheel = (event: WheelEvent): void => {
    event.preventDefault();
    const anchor = this.localPoint(event);
    if (event.ctrlKey || event.metaKey) {
      this.view.zoomBy(Math.exp(-event.deltaY * PINCH_ZOOM_PER_PX), anchor);
    } else if (isMouseWheel(event) && !event.shiftKey) {
      const lines = event.deltaMode === 1 ? 33 : 1;
      this.view.zoomBy(Math.exp(-event.deltaY * lines * WHEEL_ZOOM_PER_PX), anchor);
    } else {
      const dx = event.shiftKey && event.deltaX === 0 ? event.deltaY : event.deltaX;
      const dy = event.shiftKey && event.deltaX === 0 ? 0 : event.deltaY;
      this.view.panBy(-dx, -dy);
    }
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.code !== 'Space' || isTyping(event.target)) return;
    event.preventDefault();
    if (!this.spaceHeld) {
      this.spaceHeld = true;
      this.updateCursor();
    }
  };

  private readonly onKeyUp = (event: KeyboardEvent): void => {
    if (event.code !== 'Space') return;
    this.spaceHeld = false;
    this.updateCursor();
  };

  private pinchState(): Gesture & { kind: 'pinch' } {
    const [a, b] = [...this.touches.values()] as [Point, Point];
    return { kind: 'pinch', distance: Math.hypot(a.x - b.x, a.y - b.y), centre: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
  }
}
