/** A version saved as a file: PNG or SVG as the board exports them (board-exports.ts), or a `.whiteboard` file. */
import * as Y from 'yjs';
import { encodeBoardFile } from '../../protocol/board-file';
import type { VersionInfo } from '../../protocol/history';
import { renderExport } from '../board-exports';
import { download } from '../ui/download';
import { showToast } from '../ui/toast';
import type { VersionPreview } from './preview';

export type ExportFormat = 'png' | 'svg' | 'whiteboard';

export async function exportVersion(version: VersionInfo, doc: Y.Doc, preview: VersionPreview, format: ExportFormat): Promise<void> {
  const name = `whiteboard-${new Date(version.at).toISOString().slice(0, 16).replace(/[T:]/g, '-')}`;
  if (format === 'whiteboard') return download(new Blob([encodeBoardFile(Y.encodeStateAsUpdate(doc)) as Uint8Array<ArrayBuffer>]), `${name}.whiteboard`);
  const shapes = preview.board.all();
  if (shapes.length === 0) return showToast('This version of the board is empty: there is nothing to export.');
  const file = await renderExport(preview.view, preview.board, { shapes }, format);
  if (file instanceof Blob) download(file, `${name}.png`);
  else if (typeof file === 'string') download(new Blob([file], { type: 'image/svg+xml' }), `${name}.svg`);
}
