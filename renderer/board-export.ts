/**
 * The Export dialog wired to a board: what each choice would make (size, file name, or why not),
 * the files themselves (board-exports.ts), saving them (a download, or the desktop app's save
 * dialog) and what a copied PNG carries as text (the shapes, for pasting onto a board).
 */
import type { Board } from './board/board';
import { serializeShapes } from './board/clipboard';
import { framesOf } from './board/frames';
import type { Selection } from './board/selection';
import { planExport, renderExport, storedShapes } from './board-exports';
import type { BoardView } from './canvas/board-view';
import { exportArea, exportPixels } from './canvas/export';
import { download } from './ui/download';
import { createExportDialog, type ExportDialog, type ImageFormat } from './ui/export-dialog';
import { showToast } from './ui/toast';

/** Saves an exported file: the desktop app asks where; a browser downloads it. */
export type SaveImage = (file: Blob | string, name: string, format: ImageFormat) => Promise<void>;

export const downloadImage: SaveImage = async (file, name, format) => {
  download(file instanceof Blob ? file : new Blob([file], { type: format === 'svg' ? 'image/svg+xml' : 'image/png' }), name);
};

export function createBoardExport(board: Board, view: BoardView, selection: Selection, save: SaveImage = downloadImage): ExportDialog {
  return createExportDialog({
    frames: () => framesOf(view.index).map((f) => ({ id: f.id, name: f.name })),
    hasSelection: () => selection.size > 0,
    describe(request) {
      const plan = planExport(view, selection, request.target);
      if (!plan.ok) return plan;
      const area = exportArea(plan.scene, request.look.padding);
      if (!area) return { ok: false, error: 'There is nothing to export.' };
      const size = request.format === 'png' ? exportPixels(area, request.look.scale) : { width: Math.round(area.maxX - area.minX), height: Math.round(area.maxY - area.minY) };
      return { ok: true, width: size.width, height: size.height, name: plan.name };
    },
    async render(request) {
      const plan = planExport(view, selection, request.target);
      return plan.ok ? renderExport(view, board, plan.scene, request.format, request.look, request.embed) : null;
    },
    save,
    clipboardText(request) {
      const plan = planExport(view, selection, request.target);
      return plan.ok && request.embed ? serializeShapes(board, storedShapes(view, plan.scene.shapes)) : null;
    },
    notify: showToast,
  });
}
