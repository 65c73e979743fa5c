/**
 * The board's menus beside the canvas: the board menu (exports, the grid, the shortcuts), the
 * Frames navigator (zoom to a frame, export it), and the Keyboard shortcuts dialog; and the
 * commands they share with the right-click menu and the keyboard.
 */
import type { Board } from './board/board';
import { framesOf, isFrame } from './board/frames';
import type { Selection } from './board/selection';
import { planExport, renderExport, type ExportTarget } from './board-exports';
import type { BoardView } from './canvas/board-view';
import { fitBounds } from './canvas/camera';
import { SHORTCUTS } from './tools/shortcut-list';
import { MENU_RULE, createBoardMenu } from './ui/board-menu';
import { ExportFormat, download } from './ui/download';
import { createFramesPanel } from './ui/frames-panel';
import { createShortcutsDialog } from './ui/shortcuts-dialog';
import { saveGrid } from './ui/style-memory';
import { showToast } from './ui/toast';

/** Zooming to a frame shows it whole, never past 100%. */
const FRAME_ZOOM_MAX = 1;

export interface BoardMenusOptions {
  board: Board;
  view: BoardView;
  selection: Selection;
  readOnly(): boolean;
  /** Presents the frames as slides, from the given one or the one in view. */
  present(frameId?: string): void;
}

export interface BoardMenus {
  readonly menu: HTMLElement;
  readonly frames: HTMLElement;
  exportShapes(format: ExportFormat, selectionOnly: boolean): void;
  exportFrame(id: string, format: 'png' | 'svg'): void;
  toggleGrid(): void;
  showShortcuts(): void;
}

export function createBoardMenus({ board, view, selection, readOnly, present }: BoardMenusOptions): BoardMenus {
  async function exportTo(target: ExportTarget, format: 'png' | 'svg'): Promise<void> {
    const plan = planExport(view, selection, target);
    if (!plan.ok) {
      showToast(plan.error);
      return;
    }
    const file = await renderExport(view, board, plan.scene, format);
    if (file instanceof Blob) download(file, `${plan.name}.png`);
    else if (typeof file === 'string') download(new Blob([file], { type: 'image/svg+xml' }), `${plan.name}.svg`);
  }
  const exportShapes = (format: ExportFormat, selectionOnly: boolean): void => void exportTo(selectionOnly ? { kind: 'selection' } : { kind: 'board' }, format);
  const exportFrame = (id: string, format: 'png' | 'svg'): void => void exportTo({ kind: 'frame', id }, format);

  const zoomToFrame = (id: string): void => {
    const frame = view.index.get(id);
    if (!isFrame(frame)) return;
    view.setCamera(fitBounds({ minX: frame.x, minY: frame.y, maxX: frame.x + frame.w, maxY: frame.y + frame.h }, view.width, view.height, FRAME_ZOOM_MAX));
    if (!readOnly()) selection.set([id]);
  };

  const toggleGrid = (): void => {
    view.setGrid(!view.gridOn);
    saveGrid(view.gridOn);
    showToast(view.gridOn ? 'Grid on: shapes snap to it.' : 'Grid off.');
  };
  const shortcuts = createShortcutsDialog();

  const menu = createBoardMenu([
    { id: 'export-board-png', label: 'Export board as PNG', run: () => exportShapes(ExportFormat.Png, false) },
    { id: 'export-board-svg', label: 'Export board as SVG', run: () => exportShapes(ExportFormat.Svg, false) },
    { id: 'export-selection-png', label: 'Export selection as PNG', enabled: () => selection.size > 0, run: () => exportShapes(ExportFormat.Png, true) },
    { id: 'export-selection-svg', label: 'Export selection as SVG', enabled: () => selection.size > 0, run: () => exportShapes(ExportFormat.Svg, true) },
    MENU_RULE,
    { id: 'present', label: 'Present frames as slides', shortcut: SHORTCUTS.present.keys, run: () => present() },
    { id: 'grid', label: 'Show grid', shortcut: SHORTCUTS.grid.keys, checked: () => view.gridOn, run: toggleGrid },
    { id: 'shortcuts', label: 'Keyboard shortcuts', shortcut: SHORTCUTS.help.keys, run: () => shortcuts.open() },
  ]);
  const frames = createFramesPanel({
    frames: () => framesOf(view.index).sort((a, b) => (a.z < b.z ? -1 : a.z > b.z ? 1 : 0)).map((f) => ({ id: f.id, name: f.name })),
    onZoom: zoomToFrame,
    onExport: exportFrame,
    onPresent: (id) => present(id),
  });
  // A frame made, renamed or removed (by anyone) shows in the open navigator at once.
  view.index.onChange((ids) => {
    for (const id of ids) {
      const shape = view.index.get(id);
      if (!shape || isFrame(shape)) {
        frames.refresh();
        return;
      }
    }
  });

  return { menu, frames: frames.element, exportShapes, exportFrame, toggleGrid, showShortcuts: () => shortcuts.open() };
}
