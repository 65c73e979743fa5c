/** Where a character of a shape's text is drawn on the canvas, in client pixels (for carets). */
import { textFieldOf } from '../../protocol/board-schema';
import { toBoard } from '../board/geometry';
import type { BoardView } from './board-view';
import { caretOf, placeText } from './text-layout';

export function canvasCaret(view: BoardView, id: string, field: 'text' | 'label', index: number): { x: number; y: number; height: number; rotation: number } | null {
  const shape = view.index.get(id);
  if (!shape || textFieldOf(shape) !== field) return null;
  const placed = placeText(shape) ?? placeText(shape, '');
  if (!placed) return null;
  const caret = caretOf(placed, index);
  const top = view.toClientPoint(toBoard(shape, { x: caret.x, y: caret.y }));
  return { x: top.x, y: top.y, height: caret.height * view.camera.scale, rotation: shape.rotation };
}
