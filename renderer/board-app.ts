/**
 * The drawing surface: the board model, its canvas, the tools and the chrome around them (tool
 * bar, style panel, zoom and undo controls, board menu), wired together. It knows nothing about
 * servers or rooms; `main.ts` gives it a document and tells it when the board is read-only.
 */
import type * as Y from 'yjs';
import { Board } from './board/board';
import { bindBoardContextMenu } from './board-context-menu';
import { Selection } from './board/selection';
import { styleOf, type ShapeStyle } from './board/style';
import { ZMove } from './board/z-order';
import { BoardView } from './canvas/board-view';
import { canvasCaret } from './canvas/canvas-caret';
import { exportPng } from './canvas/export';
import { exportSvg } from './canvas/export-svg';
import { Commands } from './tools/commands';
import { EraserTool } from './tools/eraser-tool';
import { PenTool } from './tools/pen-tool';
import { PointerInput } from './tools/pointer-input';
import { SelectTool } from './tools/select-tool';
import { ShapeTool } from './tools/shape-tool';
import { bindShortcuts } from './tools/shortcuts';
import { TextEditor } from './tools/text-editor';
import { StickyTool, TextTool } from './tools/text-tools';
import { ToolName, type Tool } from './tools/tool';
import type { TextCaret } from './board/text-caret';
import type { ToolContext } from './tools/tool-context';
import { commitTransform } from './tools/transform-commit';
import { ExportFormat, createExportMenu, download } from './ui/export-menu';
import { ARROW_ICON, ELLIPSE_ICON, ERASER_ICON, PEN_ICON, RECT_ICON, SELECT_ICON, STICKY_ICON, TEXT_ICON } from './ui/icons';
import { PanelAction, createStylePanel } from './ui/style-panel';
import { loadStyle, saveStyle } from './ui/style-memory';
import { showToast } from './ui/toast';
import { createToolbar, type ToolButton } from './ui/toolbar';
import { createZoomControls } from './ui/zoom-controls';

const TOOL_BUTTONS: readonly ToolButton[] = [
  { name: ToolName.Select, label: 'Select', shortcut: 'v', altShortcut: '1', icon: SELECT_ICON },
  { name: ToolName.Pen, label: 'Pen', shortcut: 'p', altShortcut: '2', icon: PEN_ICON },
  { name: ToolName.Rect, label: 'Rectangle', shortcut: 'r', altShortcut: '3', icon: RECT_ICON },
  { name: ToolName.Ellipse, label: 'Ellipse', shortcut: 'o', altShortcut: '4', icon: ELLIPSE_ICON },
  { name: ToolName.Arrow, label: 'Arrow', shortcut: 'a', altShortcut: '5', icon: ARROW_ICON },
  { name: ToolName.Text, label: 'Text', shortcut: 't', altShortcut: '6', icon: TEXT_ICON },
  { name: ToolName.Sticky, label: 'Sticky note', shortcut: 'n', altShortcut: '7', icon: STICKY_ICON },
  { name: ToolName.Eraser, label: 'Eraser', shortcut: 'e', altShortcut: '8', icon: ERASER_ICON },
];

/** Tools that draw something new: the style panel shows while they are active. */
const DRAWING_TOOLS = new Set<ToolName>([ToolName.Pen, ToolName.Rect, ToolName.Ellipse, ToolName.Arrow, ToolName.Text, ToolName.Sticky]);

export interface BoardAppOptions {
  /** Canvas optimisations (culling, cached layers); off only to measure what they bring. */
  optimize?: boolean;
  /**
   * Pastes the system clipboard as a paste event (the desktop app, whose pages may not read
   * the clipboard); without it, the right-click menu's Paste reads the clipboard itself.
   */
  systemPaste?: () => Promise<void>;
}

export interface BoardApp {
  readonly board: Board;
  readonly view: BoardView;
  readonly selection: Selection;
  readonly commands: Commands;
  /** The toolbar's element, for the caller to place. */
  readonly toolbar: HTMLElement;
  /** View-only boards take no input but pan and zoom, and show disabled tools. */
  setReadOnly(readOnly: boolean): void;
  setTool(name: ToolName): void;
  /** Calls `listener` when this user's caret moves in a text being edited (null: editing ended). */
  onTextCaret(listener: (caret: TextCaret | null) => void): () => void;
  /** Where a character of a shape's text is on screen (client pixels), for someone's caret. */
  caretAt(id: string, field: 'text' | 'label', index: number): ScreenCaret | null;
}

/** A caret on screen: its top, in client pixels, its height and the text's rotation (degrees). */
export interface ScreenCaret {
  x: number;
  y: number;
  height: number;
  rotation: number;
}

function optimizeFromAddress(): boolean {
  return new URLSearchParams(window.location.search).get('canvas-optimizations') !== 'off';
}

export function createBoardApp(canvasHost: HTMLDivElement, doc: Y.Doc, options: BoardAppOptions = {}): BoardApp {
  const board = new Board(doc);
  const selection = new Selection();
  const view = new BoardView(canvasHost, board, { selection, optimize: options.optimize ?? optimizeFromAddress() });
  let style: ShapeStyle = loadStyle();
  let readOnly = false;

  const context: ToolContext = {
    board,
    view,
    selection,
    style: () => style,
    setTool: (name) => setTool(name),
    editText: (id, justCreated) => textEditor.edit(id, justCreated),
    newText: (at) => textEditor.create(at),
    notify: (message) => showToast(message),
    onCaret: (caret) => {
      for (const listener of caretListeners) listener(caret);
    },
  };
  const caretListeners = new Set<(caret: TextCaret | null) => void>();
  const textEditor = new TextEditor(context);
  const commands = new Commands(context);
  const tools: Record<ToolName, Tool> = {
    [ToolName.Select]: new SelectTool(context),
    [ToolName.Pen]: new PenTool(board, () => style, (ids) => view.setActive(ids)),
    [ToolName.Rect]: new ShapeTool(ToolName.Rect, context),
    [ToolName.Ellipse]: new ShapeTool(ToolName.Ellipse, context),
    [ToolName.Arrow]: new ShapeTool(ToolName.Arrow, context),
    [ToolName.Text]: new TextTool(context),
    [ToolName.Sticky]: new StickyTool(context),
    [ToolName.Eraser]: new EraserTool(context),
  };
  const input = new PointerInput(view, tools[ToolName.Pen]);
  input.onPointer = (point) => (commands.pointer = point);

  view.overlay.setTransformListener({
    start: (ids) => view.setActive(ids),
    end: (results) => {
      commitTransform(board, (id) => view.index.get(id), results);
      view.setActive([]);
    },
  });

  const toolbar = createToolbar({ tools: TOOL_BUTTONS, onTool: (name) => setTool(name) });
  const panel = createStylePanel({
    onStyle: (change) => {
      style = { ...style, ...change };
      saveStyle(style);
      commands.applyStyle(change);
      refreshPanel();
    },
    onAction: (action) => {
      if (action === PanelAction.Duplicate) commands.duplicate();
      else if (action === PanelAction.Delete) commands.deleteSelection();
      else commands.reorder({ front: ZMove.Front, forward: ZMove.Forward, backward: ZMove.Backward, back: ZMove.Back }[action]);
    },
  });
  const zoom = createZoomControls({
    onUndo: () => commands.undo(),
    onRedo: () => commands.redo(),
    onZoomIn: () => view.zoomBy(1.25),
    onZoomOut: () => view.zoomBy(0.8),
    onReset: () => view.zoomTo(1),
    onFit: () => view.zoomToFit(),
  });
  const menu = createExportMenu({
    hasSelection: () => selection.size > 0,
    onExport: (format, selectionOnly) => void exportShapes(format, selectionOnly),
  });

  const contextMenu = bindBoardContextMenu({
    view,
    selection,
    commands,
    readOnly: () => readOnly,
    selectTool: () => {
      if (input.activeTool.name !== ToolName.Select) setTool(ToolName.Select);
    },
    exportShapes: (format, selectionOnly) => void exportShapes(format, selectionOnly),
    notify: (message) => showToast(message),
    systemPaste: options.systemPaste,
  });

  async function exportShapes(format: ExportFormat, selectionOnly: boolean): Promise<void> {
    const shapes = view.index.all().filter((s) => !selectionOnly || selection.has(s.id));
    const name = selectionOnly ? 'whiteboard-selection' : 'whiteboard';
    if (shapes.length === 0) {
      showToast(selectionOnly ? 'Select something to export first.' : 'The board is empty: there is nothing to export.');
      return;
    }
    if (format === ExportFormat.Png) {
      const blob = await exportPng({ shapes }, view.images);
      if (blob) download(blob, `${name}.png`);
    } else {
      const svg = exportSvg({ shapes }, board);
      if (svg) download(new Blob([svg], { type: 'image/svg+xml' }), `${name}.svg`);
    }
  }

  function refreshPanel(): void {
    const toolName = input.activeTool.name;
    const first = [...selection.ids].map((id) => view.index.get(id)).find((s) => s !== undefined);
    if (readOnly || (!first && !DRAWING_TOOLS.has(toolName))) panel.hide();
    else panel.show(first ? styleOf(first, style) : style, first !== undefined);
  }

  function setTool(name: ToolName): void {
    if (readOnly) return;
    if (name !== ToolName.Select) selection.clear();
    textEditor.close();
    input.setTool(tools[name]);
    toolbar.setActiveTool(name);
    refreshPanel();
  }

  const refreshHistory = (): void => zoom.setHistory(board.history.canUndo(), board.history.canRedo());
  for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) board.history.on(event, refreshHistory);
  refreshHistory();
  view.onCameraChange((camera) => zoom.setZoom(camera.scale));
  selection.onChange(refreshPanel);
  bindShortcuts({
    commands,
    view,
    readOnly: () => readOnly,
    escape: () => {
      textEditor.close();
      selection.clear();
      setTool(ToolName.Select);
    },
  });

  const chrome = canvasHost.parentElement ?? document.body;
  chrome.append(panel.element, zoom.element, menu, contextMenu.element);
  toolbar.setActiveTool(ToolName.Pen);
  refreshPanel();

  return {
    board,
    view,
    selection,
    commands,
    toolbar: toolbar.element,
    setTool,
    onTextCaret(listener) {
      caretListeners.add(listener);
      return () => caretListeners.delete(listener);
    },
    caretAt(id, field, index) {
      const editing = textEditor.editing;
      if (editing?.id === id && editing.field === field) return textEditor.caretAt(index);
      return canvasCaret(view, id, field, index);
    },
    setReadOnly(next) {
      readOnly = next;
      if (next) {
        textEditor.close();
        selection.clear();
      }
      toolbar.setEnabled(!next);
      input.setReadOnly(next);
      view.setEditable(!next);
      zoom.setEditable(!next);
      refreshPanel();
    },
  };
}
