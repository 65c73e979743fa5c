/**
 * The drawing surface: the board model, its canvas, the tools and the toolbar, wired together.
 * It knows nothing about servers or rooms; `main.ts` gives it a document and tells it when the
 * board is read-only.
 */
import type * as Y from 'yjs';
import { Board } from './board/board';
import { BoardView } from './canvas/board-view';
import { PenTool } from './tools/pen-tool';
import { PointerInput } from './tools/pointer-input';
import { ToolName } from './tools/tool';
import { PEN_ICON } from './ui/icons';
import { createToolbar } from './ui/toolbar';

const PEN_COLORS = ['#1f2328', '#e03131', '#2f9e44', '#1971c2', '#f08c00'] as const;
const PEN_WIDTH = 5;

export interface BoardApp {
  readonly board: Board;
  readonly view: BoardView;
  /** The toolbar's element, for the caller to place. */
  readonly toolbar: HTMLElement;
  /** View-only boards take no input and show disabled tools. */
  setReadOnly(readOnly: boolean): void;
}

export function createBoardApp(canvasHost: HTMLDivElement, doc: Y.Doc): BoardApp {
  const board = new Board(doc);
  const view = new BoardView(canvasHost, board);

  let color: string = PEN_COLORS[0];
  const pen = new PenTool(board, () => ({ color, width: PEN_WIDTH }));
  const input = new PointerInput(view, pen);

  const toolbar = createToolbar({
    tools: [{ name: ToolName.Pen, label: 'Pen', shortcut: 'p', icon: PEN_ICON }],
    colors: PEN_COLORS,
    onTool: (name) => {
      if (name === ToolName.Pen) input.setTool(pen);
      toolbar.setActiveTool(name);
    },
    onColor: (next) => {
      color = next;
      toolbar.setActiveColor(next);
    },
  });
  toolbar.setActiveTool(ToolName.Pen);
  toolbar.setActiveColor(color);

  return {
    board,
    view,
    toolbar: toolbar.element,
    setReadOnly(readOnly) {
      toolbar.setEnabled(!readOnly);
      input.setReadOnly(readOnly);
    },
  };
}
