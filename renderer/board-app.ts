/**
 * The drawing surface: the board model, its canvas, the tools and the chrome around them (tool
 * bar, style panel, zoom and undo controls, board menu, Frames navigator, shortcuts dialog),
 * wired together. It knows nothing about servers or rooms; `main.ts` gives it a document and
 * tells it when the board is read-only.
 */
import type * as Y from 'yjs';
import { Board } from './board/board';
import type { Point } from './board/geometry';
import { bindBoardContextMenu } from './board-context-menu';
import { createBoardMenus } from './board-menus';
import type { SaveImage } from './board-export';
import { bindBoardKeyboard } from './board-keyboard';
import { bindPenMode, createPresenting, type SpotlightControl } from './board-presenting';
import type { Slideshow } from './slideshow';
import { DRAWING_TOOLS, TOOL_BUTTONS, createTools } from './board-tools';
import { adoptPatches, isFrame, membershipPatches } from './board/frames';
import { Selection } from './board/selection';
import { styleOf, type ShapeStyle } from './board/style';
import type { TextCaret } from './board/text-caret';
import { ZMove } from './board/z-order';
import { BoardView } from './canvas/board-view';
import { canvasCaret } from './canvas/canvas-caret';
import { SchemaStatus, ShapeType, metaMap, schemaStatus } from '../protocol/board-schema';
import { Commands } from './tools/commands';
import { FrameTitleEditor } from './tools/frame-title-editor';
import { PointerInput } from './tools/pointer-input';
import { createResizeSnapper } from './tools/resize-snap';
import { bindShortcuts } from './tools/shortcuts';
import { TextEditor } from './tools/text-editor';
import { ToolName } from './tools/tool';
import type { ToolContext } from './tools/tool-context';
import { commitTransform } from './tools/transform-commit';
import { PanelAction, createStylePanel } from './ui/style-panel';
import { loadGrid, loadStyle, saveStyle } from './ui/style-memory';
import { keyboardHeld } from './ui/keyboard-layer';
import type { ExportWhat, ImageFormat } from './ui/export-dialog';
import type { LaserOverlay } from './ui/laser-overlay';
import type { PeerView } from './ui/minimap';
import { showToast } from './ui/toast';
import { createToolbar } from './ui/toolbar';
import { createZoomControls } from './ui/zoom-controls';

export interface BoardAppOptions {
  /** Canvas optimisations (culling, cached layers); off only to measure what they bring. */
  optimize?: boolean;
  /**
   * Pastes the system clipboard as a paste event (the desktop app, whose pages may not read
   * the clipboard); without it, the right-click menu's Paste reads the clipboard itself.
   */
  systemPaste?: () => Promise<void>;
  /** Saves exported images (the desktop app's save dialog); a download when absent. */
  saveImage?: SaveImage;
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
  /** Everyone's laser trails over the canvas (peers' are added by presence). */
  readonly lasers: LaserOverlay;
  /** Calls `listener` with the points this user's laser adds to a trail (`run`: one press). */
  onLaser(listener: (run: number, points: readonly Point[]) => void): () => void;
  /** This user's colour, for their own laser. */
  setOwnColor(color: string): void;
  /** Presenting the frames as slides. */
  readonly slideshow: Slideshow;
  /** Lets the slide bar bring everyone along (a room does; null: nobody to bring). */
  setSpotlightControl(control: SpotlightControl | null): void;
  /** Other people's views, outlined on the minimap. */
  setPeerViews(views: readonly PeerView[]): void;
  /** Opens the Export dialog (the desktop app's File ▸ Export). */
  openExport(initial?: { target?: ExportWhat; format?: ImageFormat }): void;
  /** What the board menu's Version history and the desktop app's menu open (history/attach-history.ts). */
  setHistory(toggle: (() => void) | null): void;
  toggleHistory(): void;
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
  view.setGrid(loadGrid());
  let style: ShapeStyle = loadStyle();
  let readOnly = false;
  const caretListeners = new Set<(caret: TextCaret | null) => void>();
  const presenting = createPresenting(view, canvasHost);

  const context: ToolContext = {
    board,
    view,
    selection,
    style: () => style,
    setTool: (name) => setTool(name),
    editText: (id, justCreated) => textEditor.edit(id, justCreated),
    renameFrame: (id) => frameTitles.edit(id),
    newText: (at) => textEditor.create(at),
    notify: (message) => showToast(message),
    onCaret: (caret) => {
      for (const listener of caretListeners) listener(caret);
    },
  };
  const textEditor = new TextEditor(context);
  const frameTitles = new FrameTitleEditor(context);
  const commands = new Commands(context);
  const tools = createTools(context, view, () => style, presenting.laserSink);
  const input = new PointerInput(view, tools[ToolName.Pen]);
  input.onPointer = (point) => (commands.pointer = point);

  view.overlay.setResizeSnapper(createResizeSnapper(context));
  view.overlay.setTransformListener({
    start: (ids) => view.setActive(ids),
    end: (results) => {
      commitTransform(board, (id) => view.index.storedShape(id), results);
      // Resized frames take in (or let go of) what is now inside them; moved shapes change frames.
      const ids = results.map((r) => r.id);
      const patches = membershipPatches(view.index, ids);
      for (const id of ids) {
        const shape = view.index.get(id);
        if (isFrame(shape)) for (const [member, patch] of adoptPatches(view.index, shape)) patches.set(member, patch);
      }
      if (patches.size > 0) board.update(patches, true);
      view.setActive([]);
    },
  });

  let historyToggle: (() => void) | null = null;
  const toggleHistory = (): void => (historyToggle ? historyToggle() : showToast('This board keeps no version history.'));
  const menus = createBoardMenus({
    board,
    view,
    selection,
    readOnly: () => readOnly,
    toggleHistory,
    present: (frameId) => presenting.slideshow.start(frameId),
    viewItems: presenting.viewItems(bindPenMode(input)),
    ...(options.saveImage ? { saveImage: options.saveImage } : {}),
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
      else if (action === PanelAction.Group) commands.group();
      else if (action === PanelAction.Ungroup) commands.ungroup();
      else if (action === PanelAction.Lock) commands.toggleLock();
      else commands.reorder({ front: ZMove.Front, forward: ZMove.Forward, backward: ZMove.Backward, back: ZMove.Back }[action]);
      refreshPanel();
    },
    onAlign: (how) => commands.align(how),
    onDistribute: (how) => commands.distribute(how),
  });
  const zoom = createZoomControls({
    onUndo: () => commands.undo(),
    onRedo: () => commands.redo(),
    onZoomIn: () => view.zoomBy(1.25),
    onZoomOut: () => view.zoomBy(0.8),
    onReset: () => view.zoomTo(1),
    onFit: () => view.zoomToFit(),
  });
  const contextMenu = bindBoardContextMenu({
    view,
    selection,
    commands,
    readOnly: () => readOnly,
    selectTool: () => {
      if (input.activeTool.name !== ToolName.Select) setTool(ToolName.Select);
    },
    openExport: (target) => menus.openExport({ target }),
    renameFrame: (id) => frameTitles.edit(id),
    toggleGrid: menus.toggleGrid,
    gridOn: () => view.gridOn,
    notify: (message) => showToast(message),
    systemPaste: options.systemPaste,
  });

  function refreshPanel(): void {
    const toolName = input.activeTool.name;
    const chosen = [...selection.ids].map((id) => view.index.get(id)).filter((s) => s !== undefined);
    const first = chosen[0];
    if (readOnly || (!first && !DRAWING_TOOLS.has(toolName))) {
      panel.hide();
      return;
    }
    const facts = commands.selectionFacts();
    panel.show(first ? styleOf(first, style) : style, {
      selection: first !== undefined,
      connector: first ? chosen.some((s) => s.type === ShapeType.Arrow) : toolName === ToolName.Arrow || toolName === ToolName.Line,
      heads: first !== undefined || toolName === ToolName.Arrow,
      units: facts.units - facts.locked,
      grouped: facts.grouped,
      locked: facts.count > 0 && facts.locked === facts.count,
    });
  }

  function setTool(name: ToolName): void {
    // A view-only board has the laser (it draws nothing), and Select to put it down.
    if (readOnly && !tools[name].presenceOnly && name !== ToolName.Select) return;
    if (name !== ToolName.Select) selection.clear();
    textEditor.close();
    frameTitles.finish();
    input.setTool(tools[name]);
    toolbar.setActiveTool(name);
    refreshPanel();
  }

  const refreshHistory = (): void => zoom.setHistory(board.history.canUndo(), board.history.canRedo());
  for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) board.history.on(event, refreshHistory);
  refreshHistory();
  view.onCameraChange((camera) => zoom.setZoom(camera.scale));
  selection.onChange(refreshPanel);
  // A lock, a group or a peer's change can change what the panel offers for the selection.
  view.index.onChange((ids) => {
    if ([...ids].some((id) => selection.has(id))) refreshPanel();
  });
  bindShortcuts({
    commands,
    view,
    readOnly: () => readOnly,
    escape: () => {
      textEditor.close();
      selection.clear();
      setTool(ToolName.Select);
    },
    finishTool: () => input.activeTool.finish?.() ?? false,
    toggleGrid: menus.toggleGrid,
    showShortcuts: menus.showShortcuts,
    toggleHistory,
    suspended: keyboardHeld,
    present: () => presenting.slideshow.start(),
    exportImage: () => menus.openExport(),
    toggleTheme: () => presenting.theme.toggle(),
    find: () => presenting.find.bar.open(),
    toggleMinimap: () => presenting.toggleMinimap(),
  });

  // A board from a newer version may hold shapes this one cannot read: say so, once.
  let warnedNewer = false;
  const checkSchema = (): void => {
    if (warnedNewer || schemaStatus(doc) !== SchemaStatus.Newer) return;
    warnedNewer = true;
    showToast('This board was saved by a newer version of Whiteboard: some shapes may not show here. Update Whiteboard to see them all.');
  };
  metaMap(doc).observe(checkSchema);
  checkSchema();

  const chrome = canvasHost.parentElement ?? document.body;
  chrome.append(panel.element, zoom.element, menus.menu, menus.frames, contextMenu.element, presenting.slideshow.bar, presenting.find.bar.element, presenting.minimap.element);
  chrome.append(bindBoardKeyboard({ view, selection, canvasHost, readOnly: () => readOnly }));
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
    lasers: presenting.lasers,
    slideshow: presenting.slideshow,
    onLaser: (listener) => presenting.onLaser(listener),
    setOwnColor: (color) => presenting.setOwnColor(color),
    setSpotlightControl: (control) => presenting.setSpotlightControl(control),
    openExport: (initial) => menus.openExport(initial),
    setPeerViews: (views) => presenting.minimap.setPeers(views),
    caretAt(id, field, index) {
      const editing = textEditor.editing;
      if (editing?.id === id && editing.field === field) return textEditor.caretAt(index);
      return canvasCaret(view, id, field, index);
    },
    setHistory: (toggle) => void (historyToggle = toggle),
    toggleHistory,
    setReadOnly(next) {
      // Told again on every connection change (each ping): only a change may end a gesture.
      if (next === readOnly) return;
      readOnly = next;
      if (next) {
        textEditor.close();
        frameTitles.finish();
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
