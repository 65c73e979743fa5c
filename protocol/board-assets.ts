/**
 * Images placed on a board are stored in the board document itself, so they sync, work offline
 * and travel with the board file: `doc.getMap('assets')`, asset id -> Y.Map
 * `{ mime, data: Uint8Array, w, h }` (w, h: the image's natural size in pixels). Image shapes
 * refer to an asset by id; several shapes (duplicates, pastes) may share one asset.
 *
 * Only raster formats browsers decode safely are accepted (never SVG, which can carry script),
 * and the bytes must start with the format's signature, so a peer cannot smuggle other content
 * under an image type.
 */
import * as Y from 'yjs';

/**
 * Largest image stored in a board. A board's first sync travels in one message (16 MiB at most)
 * and rooms are capped (64 MB by default), so a handful of photos must fit with room to spare.
 */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** Largest natural width or height accepted, in pixels. */
export const MAX_IMAGE_DIMENSION_PX = 16_384;

export const ImageMime = {
  Png: 'image/png',
  Jpeg: 'image/jpeg',
  Gif: 'image/gif',
  Webp: 'image/webp',
} as const;
export type ImageMime = (typeof ImageMime)[keyof typeof ImageMime];

export interface Asset {
  readonly id: string;
  readonly mime: ImageMime;
  readonly data: Uint8Array;
  readonly w: number;
  readonly h: number;
}

export type AssetReadResult = { ok: true; asset: Asset } | { ok: false; error: string };

export function assetsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>('assets');
}

const SIGNATURES: Record<ImageMime, (bytes: Uint8Array) => boolean> = {
  [ImageMime.Png]: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47,
  [ImageMime.Jpeg]: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  [ImageMime.Gif]: (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38,
  [ImageMime.Webp]: (b) =>
    b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50,
};

export function isImageMime(value: unknown): value is ImageMime {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SIGNATURES, value);
}

/** Why these bytes cannot be stored as an image of this type, or null when they can. */
export function checkImageBytes(mime: unknown, data: unknown): string | null {
  if (!isImageMime(mime)) return `unsupported image type ${JSON.stringify(mime)?.slice(0, 40)}`;
  if (!(data instanceof Uint8Array)) return 'image data missing';
  if (data.byteLength > MAX_IMAGE_BYTES) return `image is ${data.byteLength} bytes, over the ${MAX_IMAGE_BYTES}-byte limit`;
  if (!SIGNATURES[mime](data)) return `data does not start like ${mime}`;
  return null;
}

const isDimension = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= MAX_IMAGE_DIMENSION_PX;

export function readAsset(id: string, fields: unknown): AssetReadResult {
  if (!(fields instanceof Y.Map)) return { ok: false, error: `asset ${id}: not a map` };
  const mime = fields.get('mime');
  const data = fields.get('data');
  const w = fields.get('w');
  const h = fields.get('h');
  const problem = checkImageBytes(mime, data);
  if (problem) return { ok: false, error: `asset ${id}: ${problem}` };
  if (!isDimension(w) || !isDimension(h)) return { ok: false, error: `asset ${id}: invalid size` };
  return { ok: true, asset: { id, mime: mime as ImageMime, data: data as Uint8Array, w, h } };
}

/** Creates the Y.Map for a new asset. Call inside a transaction and set it into `assetsMap`. */
export function newAssetFields(asset: Omit<Asset, 'id'>): Y.Map<unknown> {
  const fields = new Y.Map<unknown>();
  fields.set('mime', asset.mime);
  fields.set('data', asset.data);
  fields.set('w', asset.w);
  fields.set('h', asset.h);
  return fields;
}
