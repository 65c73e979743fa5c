/**
 * Exported images that carry their shapes: a PNG or SVG exported from a board holds the same
 * text a copy puts on the clipboard (clipboard.ts: the shapes, and the images they show), so
 * dropping the file back onto any board restores editable shapes, not a picture of them
 * (as Excalidraw's and tldraw's exports do).
 *
 * - PNG: one `iTXt` chunk, keyword `whiteboard`, compressed (zlib, the PNG standard's method 0),
 *   before `IEND`. Viewers ignore chunks they do not know; the picture is unchanged.
 * - SVG: a `<metadata>` element holding a `<whiteboard:scene>` with the text in base64 (plain
 *   JSON would need escaping for XML, and base64 survives editors that reformat the file).
 */
import CRC32 from 'crc-32';
import { fromBase64, toBase64 } from 'lib0/buffer';

export const SCENE_KEYWORD = 'whiteboard';
const SCENE_NAMESPACE = 'https://whiteboard-app.org/scene';
/** A PNG's first eight bytes. */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** A scene larger than this (decompressed) is not one of ours: refused before it fills memory. */
export const MAX_SCENE_BYTES = 64 * 1024 * 1024;

async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  const typeBytes = new TextEncoder().encode(type);
  out.set(typeBytes, 4);
  out.set(data, 8);
  view.setInt32(8 + data.length, CRC32.buf(out.subarray(4, 8 + data.length)));
  return out;
}

/** The PNG's chunks, in order; null when the bytes are not a well-formed PNG. */
function chunks(bytes: Uint8Array): Array<{ type: string; start: number; data: Uint8Array }> | null {
  if (!isPng(bytes)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: Array<{ type: string; start: number; data: Uint8Array }> = [];
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    if (at + 12 + length > bytes.length) return null;
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    found.push({ type, start: at, data: bytes.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
    if (type === 'IEND') return found;
  }
  return null;
}

/** The PNG with the scene text in it. */
export async function embedInPng(png: Uint8Array, scene: string): Promise<Uint8Array> {
  const list = chunks(png);
  const end = list?.find((c) => c.type === 'IEND');
  if (!end) throw new Error('not a PNG image');
  const keyword = new TextEncoder().encode(SCENE_KEYWORD);
  const text = await transform(new TextEncoder().encode(scene), new CompressionStream('deflate'));
  // keyword \0, compressed 1, method 0, language tag \0, translated keyword \0, text.
  const data = new Uint8Array(keyword.length + 5 + text.length);
  data.set(keyword, 0);
  data.set([0, 1, 0, 0, 0], keyword.length);
  data.set(text, keyword.length + 5);
  const extra = chunk('iTXt', data);
  const out = new Uint8Array(png.length + extra.length);
  out.set(png.subarray(0, end.start), 0);
  out.set(extra, end.start);
  out.set(png.subarray(end.start), end.start + extra.length);
  return out;
}

/** The scene text a PNG carries, or null (not a PNG, or not one of ours). */
export async function readFromPng(png: Uint8Array): Promise<string | null> {
  for (const { type, data } of chunks(png) ?? []) {
    if (type !== 'iTXt') continue;
    const zero = data.indexOf(0);
    if (new TextDecoder().decode(data.subarray(0, zero)) !== SCENE_KEYWORD) continue;
    const compressed = data[zero + 1] === 1;
    // Skip the language tag and the translated keyword, each ended by a zero.
    let at = zero + 3;
    at = data.indexOf(0, at) + 1;
    at = data.indexOf(0, at) + 1;
    if (at <= 0) return null;
    try {
      const text = compressed ? await transform(data.subarray(at), new DecompressionStream('deflate')) : data.subarray(at);
      return text.length > MAX_SCENE_BYTES ? null : new TextDecoder().decode(text);
    } catch {
      return null;
    }
  }
  return null;
}

/** The SVG document with the scene text in its metadata. */
export function embedInSvg(svg: string, scene: string): string {
  const open = /<svg\b[^>]*>/.exec(svg);
  if (!open) throw new Error('not an SVG document');
  const at = open.index + open[0].length;
  const metadata = `\n<metadata><whiteboard:scene xmlns:whiteboard="${SCENE_NAMESPACE}" encoding="base64">${toBase64(new TextEncoder().encode(scene))}</whiteboard:scene></metadata>`;
  return svg.slice(0, at) + metadata + svg.slice(at);
}

/** The scene text an SVG document carries, or null. */
export function readFromSvg(svg: string): string | null {
  const match = /<whiteboard:scene\b[^>]*>([A-Za-z0-9+/=\s]*)<\/whiteboard:scene>/.exec(svg);
  if (!match) return null;
  try {
    return new TextDecoder().decode(fromBase64((match[1] as string).replace(/\s+/g, '')));
  } catch {
    return null;
  }
}

/** The scene a dropped or pasted file carries: PNGs and SVGs exported from a board. */
export async function readSceneFromFile(file: Blob & { name?: string }): Promise<string | null> {
  const svg = file.type === 'image/svg+xml' || file.name?.toLowerCase().endsWith('.svg');
  if (!svg && file.type !== 'image/png' && !file.name?.toLowerCase().endsWith('.png')) return null;
  if (file.size > MAX_SCENE_BYTES) return null;
  return svg ? readFromSvg(await file.text()) : readFromPng(new Uint8Array(await file.arrayBuffer()));
}
