/**
 * In-place text editing: a <textarea> laid exactly over the text or note (same font, size, line
 * height and rotation, following pans and zooms), while the canvas hides the shape underneath.
 * Every keystroke is written to the document (peers watch the text being typed), the whole
 * session being one undo step. Escape or a click elsewhere ends it; a text left empty is
 * removed.
 */
import { MAX_TEXT_LENGTH, ShapeType, type StickyShape, type TextShape } from '../../protocol/board-schema';
import type { ShapePatch } from '../board/board';
import { toBoard, type Point } from '../board/geometry';
import { DEFAULT_FONT_SIZE } from '../board/style';
import { FONT_FAMILY, LINE_HEIGHT, STICKY_PADDING, measureText, wrapText } from '../canvas/text-metrics';
import type { ToolContext } from './tool-context';

interface Session {
  id: string | null;
  /** Where a text not yet created will go (its top-left corner). */
  at: Point;
  area: HTMLTextAreaElement;
  /** Whether the next write continues the edit that created the shape (or a previous keystroke). */
  continues: boolean;
  stop: Array<() => void>;
}

export class TextEditor {
  private session: Session | null = null;

  constructor(private readonly context: ToolContext) {}

  get isOpen(): boolean {
    return this.session !== null;
  }

  /** Edits an existing text or note. `justCreated`: typing joins the edit that made it. */
  edit(id: string, justCreated = false): void {
    const shape = this.context.view.index.get(id);
    if (!shape || (shape.type !== ShapeType.Text && shape.type !== ShapeType.Sticky)) return;
    this.open({ id, at: { x: shape.x, y: shape.y }, continues: justCreated }, shape.text);
  }

  /** Starts a new text whose first line is centred on `point` vertically. */
  create(point: Point): void {
    const at = { x: point.x, y: point.y - (DEFAULT_FONT_SIZE * LINE_HEIGHT) / 2 };
    this.open({ id: null, at, continues: false }, '');
  }

  close(): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    for (const stop of session.stop) stop();
    session.area.remove();
    const { board, view, selection } = this.context;
    view.setHidden([]);
    if (!session.id) return;
    const shape = view.index.get(session.id);
    if (shape?.type === ShapeType.Text && shape.text.trim() === '') {
      board.delete([session.id], session.continues);
    } else if (shape) {
      selection.set([session.id]);
    }
  }

  private open(init: Pick<Session, 'id' | 'at' | 'continues'>, text: string): void {
    this.close();
    const area = document.createElement('textarea');
    area.className = 'text-editor';
    area.value = text;
    area.spellcheck = false;
    area.setAttribute('aria-label', 'Text');
    const session: Session = { ...init, area, stop: [] };
    this.session = session;
    document.body.append(area);
    if (session.id) this.context.view.setHidden([session.id]);
    this.context.selection.clear();
    this.layout();

    area.addEventListener('input', () => this.write());
    area.addEventListener('keydown', (event) => {
      // Keys typed here are text, not shortcuts.
      event.stopPropagation();
      if (event.key === 'Escape' || (event.key === 'Enter' && (event.ctrlKey || event.metaKey))) {
        event.preventDefault();
        this.close();
      }
    });
    session.stop.push(this.context.view.onCameraChange(() => this.layout()));
    // Focus after the pointer events that opened the editor, which would otherwise take it away.
    setTimeout(() => {
      if (this.session !== session) return;
      area.focus();
      area.setSelectionRange(area.value.length, area.value.length);
      area.addEventListener('blur', () => {
        if (this.session === session) this.close();
      });
    }, 0);
  }

  private current(): TextShape | StickyShape | null {
    const id = this.session?.id;
    const shape = id ? this.context.view.index.get(id) : undefined;
    return shape?.type === ShapeType.Text || shape?.type === ShapeType.Sticky ? shape : null;
  }

  private write(): void {
    const session = this.session;
    if (!session) return;
    const text = session.area.value.slice(0, MAX_TEXT_LENGTH);
    const { board } = this.context;
    const shape = this.current();
    if (!session.id) {
      if (text === '') return;
      const style = this.context.style();
      const size = measureText(text, DEFAULT_FONT_SIZE);
      const [id] = board.create([
        { type: ShapeType.Text, x: session.at.x, y: session.at.y, rotation: 0, opacity: style.opacity, text, fontSize: DEFAULT_FONT_SIZE, color: style.color, ...size },
      ]);
      session.id = id ?? null;
      session.continues = true;
      if (session.id) this.context.view.setHidden([session.id]);
    } else if (shape) {
      let patch: ShapePatch;
      if (shape.type === ShapeType.Text) {
        patch = { text, ...measureText(text, shape.fontSize) };
      } else {
        const lines = wrapText(text, shape.fontSize, shape.w - 2 * STICKY_PADDING).length;
        // A note grows to fit what is written in it (and never shrinks under its text).
        patch = { text, h: Math.max(shape.h, Math.ceil(lines * shape.fontSize * LINE_HEIGHT + 2 * STICKY_PADDING)) };
      }
      board.update(new Map([[shape.id, patch]]), session.continues);
      session.continues = true;
    }
    this.layout();
  }

  /** Lays the textarea over the shape, in screen pixels. */
  private layout(): void {
    const session = this.session;
    if (!session) return;
    const { view } = this.context;
    const scale = view.camera.scale;
    const shape = this.current();
    const area = session.area;
    const style = area.style;
    const fontSize = shape?.fontSize ?? DEFAULT_FONT_SIZE;
    const origin = view.toClientPoint(shape ? toBoard(shape, { x: 0, y: 0 }) : session.at);
    style.left = `${origin.x}px`;
    style.top = `${origin.y}px`;
    style.transform = `rotate(${shape?.rotation ?? 0}deg)`;
    style.fontSize = `${fontSize * scale}px`;
    style.fontFamily = FONT_FAMILY;
    style.lineHeight = String(LINE_HEIGHT);
    style.color = shape?.color ?? this.context.style().color;
    style.opacity = String(shape?.opacity ?? 1);
    if (shape?.type === ShapeType.Sticky) {
      area.dataset.kind = 'sticky';
      style.width = `${shape.w * scale}px`;
      style.height = `${shape.h * scale}px`;
      style.padding = `${STICKY_PADDING * scale}px`;
      style.background = shape.fill;
      style.whiteSpace = 'pre-wrap';
    } else {
      area.dataset.kind = 'text';
      const size = measureText(area.value || ' ', fontSize);
      style.width = `${(size.w + fontSize) * scale}px`;
      style.height = `${size.h * scale}px`;
      style.padding = '0';
      style.background = 'transparent';
      style.whiteSpace = 'pre';
    }
  }
}
