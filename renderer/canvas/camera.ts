/**
 * The view onto the infinite board: screen = board × scale + offset. Pure arithmetic; the
 * BoardView applies it to the Konva stage.
 */
import type { Bounds, Point } from '../board/geometry';

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 8;
/** Room left around the shapes by zoom to fit, in screen pixels. */
export const FIT_PADDING_PX = 64;

export interface Camera {
  readonly x: number;
  readonly y: number;
  readonly scale: number;
}

export function clampZoom(scale: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, scale));
}

/** Zooms to `scale` keeping the board point under `anchor` (screen pixels) where it is. */
export function zoomAt(camera: Camera, scale: number, anchor: Point): Camera {
  const next = clampZoom(scale);
  const boardX = (anchor.x - camera.x) / camera.scale;
  const boardY = (anchor.y - camera.y) / camera.scale;
  return { scale: next, x: anchor.x - boardX * next, y: anchor.y - boardY * next };
}

/** The board area visible in a viewport of `width` × `height` screen pixels. */
export function visibleBounds(camera: Camera, width: number, height: number): Bounds {
  return {
    minX: -camera.x / camera.scale,
    minY: -camera.y / camera.scale,
    maxX: (width - camera.x) / camera.scale,
    maxY: (height - camera.y) / camera.scale,
  };
}

/** The camera that shows `bounds` whole and centred, never zoomed in past `maxScale`. */
export function fitBounds(bounds: Bounds, width: number, height: number, maxScale = 1): Camera {
  const w = Math.max(1, bounds.maxX - bounds.minX);
  const h = Math.max(1, bounds.maxY - bounds.minY);
  const scale = clampZoom(Math.min(maxScale, (width - 2 * FIT_PADDING_PX) / w, (height - 2 * FIT_PADDING_PX) / h));
  return { scale, x: width / 2 - ((bounds.minX + bounds.maxX) / 2) * scale, y: height / 2 - ((bounds.minY + bounds.maxY) / 2) * scale };
}
