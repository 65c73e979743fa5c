/**
 * What an export holds and what its file is called: the whole board, the selection, or one
 * frame with the shapes in it (cut to the frame's edges); and the file itself, PNG or SVG, with
 * the shapes inside it (embedded-scene.ts) so that dropping it back onto a board restores them.
 * The export dialog, the right-click menu, the Frames navigator and the desktop app's File menu
 * all export through here.
 */
import type { Shape } from '../protocol/board-schema';
import type { Board } from './board/board';
import { isFrame, membersOf } from './board/frames';
import type { Selection } from './board/selection';
import { serializeShapes } from './board/clipboard';
import { embedInPng, embedInSvg } from './board/embedded-scene';
import type { BoardView } from './canvas/board-view';
import { DEFAULT_LOOK, exportPng, type ExportLook, type ExportScene } from './canvas/export';
import { exportSvg } from './canvas/export-svg';

export type ExportTarget = { kind: 'board' } | { kind: 'selection' } | { kind: 'frame'; id: string };

export type ExportPlan = { ok: true; scene: ExportScene; name: string } | { ok: false; error: string };

function fileName(name: string): string {
  const slug = name.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return slug === '' ? 'frame' : slug;
}

export function planExport(view: BoardView, selection: Selection, target: ExportTarget): ExportPlan {
  const { index } = view;
  if (target.kind === 'frame') {
    const frame = index.get(target.id);
    if (!isFrame(frame)) return { ok: false, error: 'That frame is no longer on the board.' };
    const members = new Set(membersOf(index, frame.id).map((s) => s.id));
    const shapes = index.all().filter((s) => s.id === frame.id || members.has(s.id));
    return { ok: true, scene: { shapes, frame }, name: `whiteboard-${fileName(frame.name)}` };
  }
  const selected = target.kind === 'selection';
  const shapes = index.all().filter((s) => !selected || selection.has(s.id));
  if (shapes.length === 0) return { ok: false, error: selected ? 'Select something to export first.' : 'The board is empty: there is nothing to export.' };
  return { ok: true, scene: { shapes }, name: selected ? 'whiteboard-selection' : 'whiteboard' };
}

/**
 * The shapes as stored, to carry inside the file: a bound connector as it is kept (its binding
 * routes it wherever it lands), not as routed for this picture.
 */
export function storedShapes(view: BoardView, shapes: ExportScene['shapes']): Shape[] {
  return shapes.map((s) => view.index.storedShape(s.id) ?? s);
}

/**
 * The export as file contents: PNG bytes or SVG text, carrying the shapes unless `embed` is
 * false (a picture only, a little smaller).
 */
export async function renderExport(view: BoardView, board: Board, scene: ExportScene, format: 'png' | 'svg', look: ExportLook = DEFAULT_LOOK, embed = true): Promise<Blob | string | null> {
  const shapes = embed ? serializeShapes(board, storedShapes(view, scene.shapes)) : null;
  if (format === 'svg') {
    const svg = exportSvg(scene, board, look);
    return svg && shapes ? embedInSvg(svg, shapes) : svg;
  }
  const png = await exportPng(scene, view.images, look);
  if (!png || !shapes) return png;
  return new Blob([(await embedInPng(new Uint8Array(await png.arrayBuffer()), shapes)) as BlobPart], { type: 'image/png' });
}
