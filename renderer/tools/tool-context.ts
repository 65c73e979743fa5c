/** What every tool may use: the board, its view, the local selection and the current style. */
import type { Board } from '../board/board';
import type { Point } from '../board/geometry';
import type { Selection } from '../board/selection';
import type { TextCaret } from '../board/text-caret';
import type { ShapeStyle } from '../board/style';
import type { BoardView } from '../canvas/board-view';
import type { ToolName } from './tool';

export interface ToolContext {
  readonly board: Board;
  readonly view: BoardView;
  readonly selection: Selection;
  style(): ShapeStyle;
  setTool(name: ToolName): void;
  /** Opens the in-place editor on a text, note or box label; `justCreated`: joins the edit that made it. */
  editText(id: string, justCreated?: boolean): void;
  /** Opens the editor on a frame's title. */
  renameFrame(id: string): void;
  /** Opens the editor for a text that does not exist yet (created with its first character). */
  newText(at: Point): void;
  /** Tells the user something (a refused image, say). */
  notify(message: string): void;
  /** Where this user's caret is in a text being edited (null: none), for others to see. */
  onCaret(caret: TextCaret | null): void;
}


/** Pointer slack for hit-testing, in screen pixels (converted with the zoom). */
export const HIT_TOLERANCE_PX = 6;
/** A press that moves less than this (screen pixels) is a click, not a drag. */
export const DRAG_THRESHOLD_PX = 4;

export function screenToBoard(context: ToolContext, pixels: number): number {
  return pixels / context.view.camera.scale;
}
