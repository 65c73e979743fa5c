/**
 * The board's menus beside the canvas: the board menu (export, presenting, view settings, the
 * shortcuts), the Frames navigator (zoom to a frame, present from it, export it), the Export
 * dialog and the Keyboard shortcuts dialog; and the commands they share with the right-click menu
 * and the keyboard.
 */
import type { Board } from './board/board';
import { framesOf, isFrame } from './board/frames';
import type { Selection } from './board/selection';
import { createBoardExport, downloadImage, type SaveImage } from './board-export';
import { planExport, renderExport, type ExportTarget } from './board-exports';
import type { BoardView } from './canvas/board-view';
import { fitBounds } from './canvas/camera';
import { SHORTCUTS } from './tools/shortcut-list';
import { MENU_RULE, createBoardMenu, type MenuItem } from './ui/board-menu';
import type { ExportWhat, ImageFormat } from './ui/export-dialog';
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
  /** Menu items of the view (find, minimap, theme, pen mode), placed after presenting. */
  viewItems: readonly MenuItem[];
  /** Where exported files go (the desktop app's save dialog); a download when absent. */
  saveImage?: SaveImage;
  /** Opens or closes the Version history panel. */
  toggleHistory(): void;
}

export interface BoardMenus {
  readonly menu: HTMLElement;
  readonly frames: HTMLElement;
  /** Opens the Export dialog, on a target and format if given. */
  openExport(initial?: { target?: ExportWhat; format?: ImageFormat }): void;
  /** Exports a frame straight away (the navigator's PNG and SVG buttons). */
  exportFrame(id: string, format: ImageFormat): void;
  toggleGrid(): void;
  showShortcuts(): void;
}

export function createBoardMenus({ board, view, selection, readOnly, toggleHistory, present, viewItems, saveImage = downloadImage }: BoardMenusOptions): BoardMenus {
  const exporter = createBoardExport(board, view, selection, saveImage);
  async function exportTo(target: ExportTarget, format: ImageFormat): Promise<void> {
    const plan = planExport(view, selection, target);
    if (!plan.ok) {
      showToast(plan.error);
      return;
    }
    const file = await renderExport(view, board, plan.scene, format);
    if (file) await saveImage(file, `${plan.name}.${format}`, format);
  }
  const exportFrame = (id: string, format: ImageFormat): void => void exportTo({ kind: 'frame', id }, format);

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
    { id: 'export', label: 'Export image…', shortcut: SHORTCUTS.exportImage.keys, run: () => exporter.open() },
    MENU_RULE,
    { id: 'history', label: 'Version history', shortcut: SHORTCUTS.history.keys, run: toggleHistory },
    MENU_RULE,
    { id: 'present', label: 'Present frames as slides', shortcut: SHORTCUTS.present.keys, run: () => present() },
    ...viewItems,
    { id: 'grid', label: 'Show grid', shortcut: SHORTCUTS.grid.keys, checked: () => view.gridOn, run: toggleGrid },
    MENU_RULE,
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

  return { menu, frames: frames.element, openExport: (initial) => exporter.open(initial), exportFrame, toggleGrid, showShortcuts: () => shortcuts.open() };
}
