/**
 * Where the in-place text editor sits: a <textarea> with the shape's font, size, line height and
 * rotation, over the free text's origin, or over a note's or box's text area with its width,
 * centred and as tall as what is typed (the textarea is sized to its content, then centred in
 * the area as the canvas centres the text). And where a character of it is on screen.
 */
import type { Shape } from '../../protocol/board-schema';
import { toBoard, type Point } from '../board/geometry';
import { DEFAULT_FONT_SIZE } from '../board/style';
import type { BoardView } from '../canvas/board-view';
import { paletteFor } from '../canvas/palette';
import { TextAlign, textBoxOf, textOf } from '../canvas/text-layout';
import { FONT_FAMILY, LINE_HEIGHT, measureText } from '../canvas/text-metrics';
import { textareaCaret } from './textarea-caret';

/** Lays `area` over `shape`'s text (or at `at`, for a text not created yet), in client pixels. */
export function placeEditor(area: HTMLTextAreaElement, shape: Shape | null, view: BoardView, at: Point, color: string): void {
  const scale = view.camera.scale;
  const style = area.style;
  const content = shape ? textOf(shape) : null;
  const fontSize = content?.fontSize ?? DEFAULT_FONT_SIZE;
  style.fontSize = `${fontSize * scale}px`;
  style.fontFamily = FONT_FAMILY;
  style.lineHeight = String(LINE_HEIGHT);
  // As the canvas shows it: dark mode turns the colour over (the text keeps its true colour).
  style.color = paletteFor(view.theme)(content?.color ?? color);
  style.opacity = String(shape?.opacity ?? 1);
  style.transform = `rotate(${shape?.rotation ?? 0}deg)`;
  style.padding = '0';
  style.background = 'transparent';
  const box = shape ? textBoxOf(shape) : null;
  if (shape && box && box.align === TextAlign.Centre) {
    area.dataset.kind = 'centred';
    style.width = `${box.width * scale}px`;
    style.textAlign = 'center';
    style.whiteSpace = 'pre-wrap';
    style.height = '0px';
    const height = Math.max(area.scrollHeight, fontSize * LINE_HEIGHT * scale);
    style.height = `${height}px`;
    const top = box.top + (box.height - height / scale) / 2;
    const origin = view.toClientPoint(toBoard(shape, { x: box.left, y: top }));
    style.left = `${origin.x}px`;
    style.top = `${origin.y}px`;
    return;
  }
  area.dataset.kind = 'text';
  const origin = view.toClientPoint(shape ? toBoard(shape, { x: 0, y: 0 }) : at);
  const size = measureText(area.value || ' ', fontSize);
  style.left = `${origin.x}px`;
  style.top = `${origin.y}px`;
  style.width = `${(size.w + fontSize) * scale}px`;
  style.height = `${size.h * scale}px`;
  style.textAlign = 'left';
  style.whiteSpace = 'pre';
}

/** Where character `index` of the editor is on screen: its top, height, and the rotation. */
export function editorCaret(area: HTMLTextAreaElement, index: number, rotation: number): { x: number; y: number; height: number; rotation: number } {
  const offset = textareaCaret(area, Math.min(index, area.value.length));
  const radians = (rotation * Math.PI) / 180;
  // The textarea turns about its top-left corner, which sits at its style's (left, top).
  const left = parseFloat(area.style.left);
  const top = parseFloat(area.style.top);
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  return { x: left + offset.left * cos - offset.top * sin, y: top + offset.left * sin + offset.top * cos, height: offset.height, rotation };
}
