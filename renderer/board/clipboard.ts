/**
 * Copy, paste and duplicate. Copied shapes travel as JSON text (with the images they use, in
 * base64), so they paste into another board, another window or another app instance through
 * the ordinary system clipboard. Everything pasted is validated exactly as a peer's shapes are:
 * each one is written into a scratch document and read back through the schema's `readShape`.
 *
 * Copies are new shapes: they get new ids, their groups new group ids (a pasted group is a
 * group of its own), and a connector copied with the shapes it joins is bound to the copies
 * (one copied without them keeps its drawn points and no binding). Which frame a copy is in is
 * decided where it lands, by the caller.
 */
import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { checkImageBytes, type Asset, type ImageMime } from '../../protocol/board-assets';
import { BOARD_SCHEMA_VERSION, ShapeType, isShapeId, newShapeFields, readShape, type Binding, type Shape, type ShapeBody, type ShapeInit } from '../../protocol/board-schema';
import { newShapeId, type Board, type NewShape } from './board';
import { unionBounds, shapeBounds, type Point } from './geometry';

export const CLIPBOARD_TYPE = 'whiteboard/clipboard';
/** Most shapes taken from one paste: a generous board's worth, far below any message limit. */
export const MAX_PASTED_SHAPES = 5_000;

interface ClipboardAsset {
  mime: string;
  w: number;
  h: number;
  data: string;
}

interface ClipboardPayload {
  type: typeof CLIPBOARD_TYPE;
  version: number;
  shapes: unknown[];
  assets: Record<string, ClipboardAsset>;
}

/** A copied shape: its content, and the id it had (so copies can refer to each other). */
export type CopiedShape = ShapeBody & { sourceId?: string };

export interface ClipboardContent {
  /** Bottom to top, without stacking keys. */
  shapes: CopiedShape[];
  assets: Asset[];
}

function withoutIdentity(shape: Shape): CopiedShape {
  const { id, z: _z, ...rest } = shape;
  return { ...rest, sourceId: id } as CopiedShape;
}

/** The clipboard text for these shapes (bottom to top) and the images they show. */
export function serializeShapes(board: Board, shapes: readonly Shape[]): string {
  const assets: Record<string, ClipboardAsset> = {};
  for (const shape of shapes) {
    if (shape.type !== ShapeType.Image || assets[shape.assetId]) continue;
    const asset = board.getAsset(shape.assetId);
    if (asset) assets[asset.id] = { mime: asset.mime, w: asset.w, h: asset.h, data: toBase64(asset.data) };
  }
  // Each shape keeps its id: what it was called on the board it was copied from.
  const copied = shapes.map(({ z: _z, ...rest }) => rest);
  const payload: ClipboardPayload = { type: CLIPBOARD_TYPE, version: BOARD_SCHEMA_VERSION, shapes: copied, assets };
  return JSON.stringify(payload);
}

/** Reads clipboard text; null when it is not ours. Invalid shapes and images are left out. */
export function parseClipboard(text: string): ClipboardContent | null {
  if (!text.startsWith('{') || !text.includes(CLIPBOARD_TYPE)) return null;
  let payload: Partial<ClipboardPayload>;
  try {
    payload = JSON.parse(text) as Partial<ClipboardPayload>;
  } catch {
    return null;
  }
  if (payload?.type !== CLIPBOARD_TYPE || !Array.isArray(payload.shapes)) return null;
  const scratch = new Y.Doc();
  const map = scratch.getMap<Y.Map<unknown>>('shapes');
  const shapes: CopiedShape[] = [];
  for (const candidate of payload.shapes.slice(0, MAX_PASTED_SHAPES)) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    try {
      const { id, ...fields } = candidate as { id?: unknown };
      map.set('s', newShapeFields({ ...fields, z: 'a0' } as ShapeInit));
      const result = readShape('s', map.get('s'));
      if (!result.ok) continue;
      const { sourceId: _scratch, ...body } = withoutIdentity(result.shape);
      shapes.push(isShapeId(id) ? { ...body, sourceId: id } : (body as CopiedShape));
    } catch {
      // Values Yjs cannot hold: not a shape.
    }
  }
  const assets: Asset[] = [];
  for (const [id, raw] of Object.entries(payload.assets ?? {})) {
    try {
      const data = fromBase64(raw.data);
      if (checkImageBytes(raw.mime, data) === null && /^[\w-]{1,64}$/.test(id) && Number.isInteger(raw.w) && Number.isInteger(raw.h)) {
        assets.push({ id, mime: raw.mime as ImageMime, data, w: raw.w, h: raw.h });
      }
    } catch {
      // Not base64: leave the image out.
    }
  }
  return { shapes, assets };
}

/**
 * Adds copied shapes on top of the board, their box centred on `at` (or moved by `offset` from
 * where they were), as one undo step. Images missing from this board come along. Returns the
 * new ids.
 */
export function pasteContent(board: Board, content: ClipboardContent, placement: { at: Point } | { offset: Point }): string[] {
  const usable = content.shapes.filter((s) => s.type !== ShapeType.Image || board.assets.has(s.assetId) || content.assets.some((a) => a.id === s.assetId));
  if (usable.length === 0) return [];
  let dx: number;
  let dy: number;
  if ('at' in placement) {
    const box = unionBounds(usable.map((s) => shapeBounds({ ...s, id: '', z: 'a0' } as Shape))) ?? { minX: 0, minY: 0, maxX: 0, maxY: 0 };
    dx = placement.at.x - (box.minX + box.maxX) / 2;
    dy = placement.at.y - (box.minY + box.maxY) / 2;
  } else {
    dx = placement.offset.x;
    dy = placement.offset.y;
  }
  const ids = usable.map(() => newShapeId());
  const renamed = new Map<string, string>();
  usable.forEach((s, i) => s.sourceId && renamed.set(s.sourceId, ids[i] as string));
  const groups = new Map<string, string>();
  const groupOf = (g: string): string => groups.get(g) ?? (groups.set(g, newShapeId()), groups.get(g) as string);
  const rebind = (b: Binding | undefined): Binding | undefined => (b && renamed.has(b.id) ? { ...b, id: renamed.get(b.id) as string } : undefined);
  const copies = usable.map((shape) => {
    const { sourceId: _source, frameId: _frame, ...s } = shape as CopiedShape & { frameId?: string };
    const copy: Record<string, unknown> = { ...s, x: s.x + dx, y: s.y + dy };
    if (s.groupIds) copy.groupIds = s.groupIds.map(groupOf);
    if (s.type === ShapeType.Arrow) {
      copy.start = rebind(s.start);
      copy.end = rebind(s.end);
    }
    return copy as NewShape;
  });
  board.transact(() => {
    for (const asset of content.assets) {
      if (board.assets.has(asset.id)) continue;
      const { id, ...rest } = asset;
      board.addAsset(rest, id);
    }
    board.create(copies, true, ids);
  });
  return ids;
}

/** Copies of the given shapes, moved by `offset`, on top of the board; returns the new ids. */
export function duplicateShapes(board: Board, shapes: readonly Shape[], offset: Point): string[] {
  // `shapes` as drawn: a connector copied without what it joins keeps its drawn points.
  return pasteContent(board, { shapes: shapes.map(withoutIdentity), assets: [] }, { offset });
}
