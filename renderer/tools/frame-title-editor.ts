/**
 * Renaming a frame in place: a one-line field over its title (the canvas draws the frame
 * without it meanwhile). Enter or a click elsewhere keeps the new name, Escape the old one.
 */
import { MAX_FRAME_NAME_LENGTH } from '../../protocol/board-schema';
import { isFrame } from '../board/frames';
import { FRAME_TITLE_FONT_SIZE, FRAME_TITLE_GAP, frameTitleScale } from '../canvas/shape-paint';
import { FONT_FAMILY } from '../canvas/text-metrics';
import type { ToolContext } from './tool-context';

export class FrameTitleEditor {
  private close: (() => void) | null = null;

  constructor(private readonly context: ToolContext) {}

  edit(id: string): void {
    this.close?.();
    const { view, board } = this.context;
    const frame = view.index.get(id);
    if (!isFrame(frame) || frame.locked) return;
    const input = document.createElement('input');
    input.className = 'frame-title-editor';
    input.value = frame.name;
    input.maxLength = MAX_FRAME_NAME_LENGTH;
    input.setAttribute('aria-label', 'Frame name');
    const place = (): void => {
      const scale = view.camera.scale;
      const growth = frameTitleScale(scale);
      const fontSize = FRAME_TITLE_FONT_SIZE * growth * scale;
      const at = view.toClientPoint({ x: frame.x, y: frame.y - FRAME_TITLE_GAP * growth });
      input.style.left = `${at.x - 4}px`;
      input.style.top = `${at.y - fontSize * 1.15}px`;
      input.style.font = `500 ${fontSize}px ${FONT_FAMILY}`;
      input.style.width = `${Math.max(120, frame.w * scale)}px`;
    };
    place();
    document.body.append(input);
    view.setTextHidden([id]);
    const stopCamera = view.onCameraChange(place);
    let done = false;
    const finish = (keep: boolean): void => {
      if (done) return;
      done = true;
      this.close = null;
      stopCamera();
      input.remove();
      view.setTextHidden([]);
      const name = input.value.trim();
      if (keep && name !== frame.name) board.update(new Map([[id, { name }]]));
    };
    this.close = () => finish(true);
    input.addEventListener('keydown', (event) => {
      event.stopPropagation();
      if (event.key === 'Enter') finish(true);
      else if (event.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(true));
    setTimeout(() => {
      if (done) return;
      input.focus();
      input.select();
    }, 0);
  }

  /** Keeps whatever is typed and closes the field, if one is open. */
  finish(): void {
    this.close?.();
  }
}
