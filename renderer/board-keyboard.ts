/**
 * The board by keyboard alone. The canvas is a stop in the Tab order ("Board"); while it has
 * focus, Tab steps to the next shape in reading order (Shift+Tab back), selects it (on a board
 * this user may edit: then Enter edits its text, the arrow keys move it, Delete removes it),
 * brings it into view, and tells screen readers what it is: its kind, its text, where it is in
 * the list. Past the last shape, Tab leaves the board for the controls around it.
 */
import { ShapeType, type Shape } from '../protocol/board-schema';
import { searchableText } from './board/find';
import { shapeBounds } from './board/geometry';
import type { Selection } from './board/selection';
import type { BoardView } from './canvas/board-view';
import { createAnnouncer } from './ui/announcer';

const KIND: Record<Shape['type'], string> = {
  [ShapeType.Stroke]: 'Drawing',
  [ShapeType.Rect]: 'Rectangle',
  [ShapeType.Ellipse]: 'Ellipse',
  [ShapeType.Arrow]: 'Arrow',
  [ShapeType.Text]: 'Text',
  [ShapeType.Sticky]: 'Sticky note',
  [ShapeType.Image]: 'Image',
  [ShapeType.Frame]: 'Frame',
};
/** Rows closer than this (board units) read as one line. */
const SAME_ROW = 24;

/** How a shape is read out: "Sticky note, “Ship it”" or "Line, locked". */
export function describeShape(shape: Shape): string {
  const kind = shape.type === ShapeType.Arrow && shape.endHead === 'none' && shape.startHead === 'none' ? 'Line' : KIND[shape.type];
  const text = searchableText(shape)?.trim();
  return `${kind}${text ? `, “${text.length > 120 ? `${text.slice(0, 120)}…` : text}”` : ''}${shape.locked ? ', locked' : ''}`;
}

export function bindBoardKeyboard(options: { view: BoardView; selection: Selection; canvasHost: HTMLElement; readOnly(): boolean }): HTMLElement {
  const { view, selection, canvasHost } = options;
  const announcer = createAnnouncer();
  canvasHost.tabIndex = 0;
  canvasHost.setAttribute('role', 'application');
  canvasHost.setAttribute('aria-roledescription', 'whiteboard');
  canvasHost.setAttribute('aria-label', 'Board. Tab steps through the shapes; press ? for every shortcut.');
  let at: string | null = null;

  const ordered = (): Shape[] =>
    view.index.all().sort((a, b) => {
      const ba = shapeBounds(a);
      const bb = shapeBounds(b);
      return Math.abs(ba.minY - bb.minY) < SAME_ROW ? ba.minX - bb.minX : ba.minY - bb.minY;
    });

  const show = (shape: Shape, position: number, count: number): void => {
    at = shape.id;
    if (options.readOnly()) view.setHover(shape.id);
    else selection.set([shape.id]);
    // Into view, if it is not: centred, at the same zoom.
    const b = shapeBounds(shape);
    const seen = view.visibleBounds();
    if (b.minX < seen.minX || b.maxX > seen.maxX || b.minY < seen.minY || b.maxY > seen.maxY) {
      const { scale } = view.camera;
      view.setCamera({ scale, x: view.width / 2 - ((b.minX + b.maxX) / 2) * scale, y: view.height / 2 - ((b.minY + b.maxY) / 2) * scale });
    }
    announcer.say(`${describeShape(shape)}. ${position} of ${count}.`);
  };

  canvasHost.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab' || event.ctrlKey || event.metaKey || event.altKey || event.target !== canvasHost) return;
    const shapes = ordered();
    if (shapes.length === 0) {
      announcer.say('The board is empty.');
      return;
    }
    const current = shapes.findIndex((s) => s.id === at);
    const next = current === -1 ? (event.shiftKey ? shapes.length - 1 : 0) : current + (event.shiftKey ? -1 : 1);
    if (next < 0 || next >= shapes.length) {
      // Past the ends: Tab goes on to the controls around the board.
      at = null;
      view.setHover(null);
      return;
    }
    event.preventDefault();
    show(shapes[next] as Shape, next + 1, shapes.length);
  });
  canvasHost.addEventListener('focus', () => {
    // Tabbing in starts from the first shape (Shift+Tab: the last).
    at = null;
    const count = view.index.size;
    announcer.say(count === 0 ? 'Board, empty.' : `Board, ${count} shape${count === 1 ? '' : 's'}. Tab steps through them.`);
  });
  canvasHost.addEventListener('blur', () => {
    if (options.readOnly()) view.setHover(null);
  });
  // A click on the focused canvas starts the stepping over from the shape it picked.
  selection.onChange(() => {
    const [only] = [...selection.ids];
    if (document.activeElement === canvasHost && selection.size === 1 && only) at = only;
  });
  return announcer.element;
}
