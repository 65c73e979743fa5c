/**
 * In-place text editing: a <textarea> laid exactly over the text, note or box label (same font,
 * size, line height, wrapping width and rotation, following pans and zooms), while the canvas
 * draws the shape without its text.
 *
 * The text is a Y.Text (protocol/board-text.ts), bound both ways: each keystroke is written as
 * the one change it made, at the caret, and a change from a peer is applied to the textarea
 * with this user's selection kept where it was in the text (through Yjs relative positions), so
 * two people can type into the same note at once and both keep every character. The selection
 * is also reported (`onCaret`), so others see this caret in this user's colour. The session is
 * one undo step; Escape, Ctrl+Enter or a click elsewhere ends it; a free text left empty is
 * removed.
 */
import * as Y from 'yjs';
import { MAX_TEXT_LENGTH, ShapeType, textFieldOf, type Shape } from '../../protocol/board-schema';
import { applyTextChange } from '../../protocol/board-text';
import type { ShapePatch } from '../board/board';
import type { Point } from '../board/geometry';
import { DEFAULT_FONT_SIZE } from '../board/style';
import { heightToFit, textOf } from '../canvas/text-layout';
import { LINE_HEIGHT, measureText } from '../canvas/text-metrics';
import { joinFrames } from './frame-placement';
import { editorCaret, placeEditor } from './text-editor-layout';
import type { TextCaret } from '../board/text-caret';
import type { ToolContext } from './tool-context';

type TextField = 'text' | 'label';

interface Session {
  id: string | null;
  field: TextField;
  /** Where a text not yet created will go (its top-left corner). */
  at: Point;
  area: HTMLTextAreaElement;
  text: Y.Text | null;
  /** Whether the next write continues the edit that created the shape (or a previous keystroke). */
  continues: boolean;
  /** This user's selection, anchored in the text so a peer's edit does not move it. */
  anchor: Y.RelativePosition | null;
  head: Y.RelativePosition | null;
  composing: boolean;
  /** Set while this user's keystroke is written, so its own echo is not taken for a peer's. */
  writing: boolean;
  stop: Array<() => void>;
}

export class TextEditor {
  private session: Session | null = null;

  constructor(private readonly context: ToolContext) {}

  get isOpen(): boolean {
    return this.session !== null;
  }

  /** The shape being edited and which of its fields, if any. */
  get editing(): { id: string; field: TextField } | null {
    const s = this.session;
    return s?.id ? { id: s.id, field: s.field } : null;
  }

  /** Edits the text of a text, note or box. `justCreated`: typing joins the edit that made it. */
  edit(id: string, justCreated = false): void {
    const shape = this.context.view.index.get(id);
    const field = shape ? textFieldOf(shape) : null;
    if (!shape || !field || shape.locked) return;
    this.open({ id, field, at: { x: shape.x, y: shape.y }, continues: justCreated }, textOf(shape)?.text ?? '');
  }

  /** Starts a new text whose first line is centred on `point` vertically. */
  create(point: Point): void {
    const at = { x: point.x, y: point.y - (DEFAULT_FONT_SIZE * LINE_HEIGHT) / 2 };
    this.open({ id: null, field: 'text', at, continues: false }, '');
  }

  close(): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    for (const stop of session.stop) stop();
    session.area.remove();
    this.context.onCaret(null);
    const { board, view, selection } = this.context;
    view.setTextHidden([]);
    if (!session.id) return;
    const shape = view.index.get(session.id);
    if (shape?.type === ShapeType.Text && shape.text.trim() === '') {
      board.delete([session.id], session.continues);
    } else if (shape) {
      selection.set([session.id]);
    }
  }

  /** Where a character of the text being edited is, on screen (for other people's carets). */
  caretAt(index: number): { x: number; y: number; height: number; rotation: number } | null {
    const shape = this.current();
    return this.session && shape ? editorCaret(this.session.area, index, shape.rotation) : null;
  }

  private open(init: Pick<Session, 'id' | 'field' | 'at' | 'continues'>, text: string): void {
    this.close();
    const area = document.createElement('textarea');
    area.className = 'text-editor';
    area.value = text;
    area.spellcheck = false;
    area.maxLength = MAX_TEXT_LENGTH;
    area.setAttribute('aria-label', init.field === 'label' ? 'Label' : 'Text');
    const session: Session = { ...init, area, text: null, anchor: null, head: null, composing: false, writing: false, stop: [] };
    this.session = session;
    document.body.append(area);
    if (session.id) {
      this.context.view.setTextHidden([session.id]);
      this.bind(session, true);
    }
    this.context.selection.clear();
    this.layout();

    area.addEventListener('input', () => this.write());
    area.addEventListener('compositionstart', () => (session.composing = true));
    area.addEventListener('compositionend', () => {
      session.composing = false;
      this.write();
    });
    area.addEventListener('keydown', (event) => {
      // Keys typed here are text, not shortcuts.
      event.stopPropagation();
      if (event.key === 'Escape' || (event.key === 'Enter' && (event.ctrlKey || event.metaKey))) {
        event.preventDefault();
        this.close();
      }
    });
    const onSelection = (): void => {
      if (document.activeElement === area) this.rememberSelection();
    };
    document.addEventListener('selectionchange', onSelection);
    session.stop.push(() => document.removeEventListener('selectionchange', onSelection));
    session.stop.push(this.context.view.onCameraChange(() => this.layout()));
    session.stop.push(this.context.view.index.onChange((ids) => {
      if (session.id && ids.has(session.id)) this.onShapeChanged(session);
    }));
    // Focus now (opened by a key, what is typed next goes in). Opened by a pointer, its mousedown
    // (same task) would move the focus to the board, and keys typed before any timer (input comes
    // first) were board shortcuts, the text lost: that mousedown keeps the focus here.
    area.focus();
    const keepFocus = (event: MouseEvent): void => event.preventDefault();
    window.addEventListener('mousedown', keepFocus, { capture: true, once: true });
    setTimeout(() => {
      window.removeEventListener('mousedown', keepFocus, { capture: true });
      if (this.session !== session) return;
      area.focus();
      area.setSelectionRange(area.value.length, area.value.length);
      this.rememberSelection();
      area.addEventListener('blur', () => {
        if (this.session === session) this.close();
      });
    }, 0);
  }

  /**
   * Follows the shape's Y.Text: a peer's typing lands in the textarea, the selection kept.
   * `sync`: the text may hold what this textarea does not (opened, or replaced by a peer).
   */
  private bind(session: Session, sync: boolean): void {
    const fields = session.id ? this.context.board.shapes.get(session.id) : undefined;
    const value = fields?.get(session.field);
    if (!(value instanceof Y.Text) || value === session.text) return;
    session.text = value;
    const observer = (event: Y.YTextEvent): void => {
      if (event.transaction.origin === this.context.board.localOrigin) return;
      if (session.composing) return;
      this.showRemote(session);
    };
    value.observe(observer);
    session.stop.push(() => value.unobserve(observer));
    if (sync && value.toString() !== session.area.value) this.showRemote(session);
  }

  private onShapeChanged(session: Session): void {
    // A peer may have turned a version 2 string into a Y.Text (or made the label) meanwhile.
    if (!session.writing) this.bind(session, true);
    if (!this.current()) {
      this.close();
      return;
    }
    this.layout();
  }

  private showRemote(session: Session): void {
    const { area, text } = session;
    if (!text) return;
    const doc = this.context.board.doc;
    const absolute = (position: Y.RelativePosition | null): number | null => {
      const resolved = position ? Y.createAbsolutePositionFromRelativePosition(position, doc) : null;
      return resolved && resolved.type === text ? resolved.index : null;
    };
    const start = absolute(session.anchor);
    const end = absolute(session.head);
    area.value = text.toString();
    if (start !== null && end !== null && document.activeElement === area) area.setSelectionRange(Math.min(start, end), Math.max(start, end));
    this.fitToText(false);
    this.layout();
    this.rememberSelection();
  }

  private rememberSelection(): void {
    const session = this.session;
    if (!session?.text || !session.id) return;
    const { selectionStart, selectionEnd, selectionDirection } = session.area;
    const [anchorIndex, headIndex] = selectionDirection === 'backward' ? [selectionEnd, selectionStart] : [selectionStart, selectionEnd];
    session.anchor = Y.createRelativePositionFromTypeIndex(session.text, anchorIndex);
    session.head = Y.createRelativePositionFromTypeIndex(session.text, headIndex);
    this.context.onCaret({ id: session.id, field: session.field, anchor: session.anchor, head: session.head } satisfies TextCaret);
  }

  private current(): Shape | null {
    const id = this.session?.id;
    const shape = id ? this.context.view.index.get(id) : undefined;
    return shape && textFieldOf(shape) ? shape : null;
  }

  private write(): void {
    const session = this.session;
    if (!session || session.composing) return;
    session.writing = true;
    try {
      this.writeValue(session, session.area.value.slice(0, MAX_TEXT_LENGTH));
    } finally {
      session.writing = false;
    }
    this.rememberSelection();
    this.layout();
  }

  private writeValue(session: Session, value: string): void {
    const { board } = this.context;
    if (!session.id) {
      if (value === '') return;
      const style = this.context.style();
      const size = measureText(value, DEFAULT_FONT_SIZE);
      const [id] = board.create([
        { type: ShapeType.Text, x: session.at.x, y: session.at.y, rotation: 0, opacity: style.opacity, text: value, fontSize: DEFAULT_FONT_SIZE, color: style.color, ...size },
      ]);
      session.id = id ?? null;
      session.continues = true;
      if (session.id) {
        joinFrames(this.context, [session.id]);
        this.context.view.setTextHidden([session.id]);
        this.bind(session, false);
      }
      return;
    }
    const text = board.textOf(session.id, session.field, session.continues);
    session.continues = true;
    if (!text) return;
    if (text !== session.text) this.bind(session, false);
    const caret = session.area.selectionEnd;
    board.transact(() => applyTextChange(text, value, caret), true);
    this.fitToText(true);
  }

  /**
   * Keeps the shape fitting its text: a free text is measured, a note or labelled box grows
   * (never shrinks under what is written). `own`: part of this user's typing (one undo step);
   * else it follows a peer's typing and is written outside this user's undo history.
   */
  private fitToText(own: boolean): void {
    const shape = this.current();
    const session = this.session;
    if (!shape || !session?.id) return;
    const content = textOf(shape);
    if (!content) return;
    let patch: ShapePatch | null = null;
    if (shape.type === ShapeType.Text) {
      const { w, h } = measureText(content.text, shape.fontSize);
      if (w !== shape.w || h !== shape.h) patch = { w, h };
    } else if ('h' in shape) {
      const h = heightToFit(shape, content.text);
      if (h > shape.h) patch = { h };
    }
    if (!patch) return;
    const patches = new Map([[session.id, patch]]);
    if (own) this.context.board.update(patches, true);
    else this.context.board.updateUntracked(patches);
  }

  /** Lays the textarea over the shape's text area. */
  private layout(): void {
    const session = this.session;
    if (session) placeEditor(session.area, this.current(), this.context.view, session.at, this.context.style().color);
  }
}
