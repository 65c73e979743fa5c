/**
 * Puts image files (pasted or dropped) on the board: the bytes go into the document as an asset
 * (protocol/board-assets.ts), an image shape shows it. Files over the size limit, or not an
 * image we accept, are refused with a message saying why.
 */
import { ImageMime, MAX_IMAGE_BYTES, checkImageBytes, isImageMime } from '../../protocol/board-assets';
import { ShapeType } from '../../protocol/board-schema';
import type { Point } from '../board/geometry';
import { joinFrames } from './frame-placement';
import type { ToolContext } from './tool-context';

/** A placed image is at most this share of the viewport's width or height. */
const MAX_VIEWPORT_SHARE = 0.6;

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why this file cannot be placed, or null. */
export function refuseImage(file: { name: string; type: string; size: number }): string | null {
  if (!isImageMime(file.type)) return `“${file.name}” is not a PNG, JPEG, GIF or WebP image.`;
  if (file.size > MAX_IMAGE_BYTES) {
    return `“${file.name}” is ${megabytes(file.size)}; images up to ${megabytes(MAX_IMAGE_BYTES)} can be placed on a board. Try a smaller or compressed copy.`;
  }
  return null;
}

/** Places image files centred on `at` (one after another, slightly offset); returns the new ids. */
export async function insertImages(context: ToolContext, files: readonly File[], at: Point): Promise<string[]> {
  const ids: string[] = [];
  let offset = 0;
  for (const file of files) {
    const refusal = refuseImage(file);
    if (refusal) {
      context.notify(refusal);
      continue;
    }
    const data = new Uint8Array(await file.arrayBuffer());
    const problem = checkImageBytes(file.type, data);
    if (problem) {
      context.notify(`“${file.name}” could not be used: ${problem}.`);
      continue;
    }
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(new Blob([data], { type: file.type }));
    } catch {
      context.notify(`“${file.name}” could not be read as an image.`);
      continue;
    }
    const natural = { w: bitmap.width, h: bitmap.height };
    bitmap.close();
    const { view, board } = context;
    const fit = Math.min(1, (view.width * MAX_VIEWPORT_SHARE) / view.camera.scale / natural.w, (view.height * MAX_VIEWPORT_SHARE) / view.camera.scale / natural.h);
    const w = natural.w * fit;
    const h = natural.h * fit;
    let id: string | undefined;
    board.transact(() => {
      const assetId = board.addAsset({ mime: file.type as ImageMime, data, ...natural });
      [id] = board.create([{ type: ShapeType.Image, x: at.x - w / 2 + offset, y: at.y - h / 2 + offset, rotation: 0, opacity: 1, assetId, w, h }], true);
    });
    if (id) ids.push(id);
    offset += 24;
  }
  if (ids.length > 0) {
    joinFrames(context, ids);
    context.selection.set(ids);
  }
  return ids;
}
