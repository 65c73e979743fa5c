/**
 * Export of the board, or of some shapes, as PNG (drawn by the same Konva nodes as the canvas,
 * on a stage of its own, so culling and caching never leave anything out) and as SVG (written
 * from the shapes' data, with the same geometry: stroke outlines, corner radii, arrowheads,
 * line breaks and note wrapping).
 */
import Konva from 'konva';
import { toBase64 } from 'lib0/buffer';
import { ShapeType, TRANSPARENT, type Shape } from '../../protocol/board-schema';
import type { Board } from '../board/board';
import { unionBounds, shapeBounds, type Bounds } from '../board/geometry';
import type { ImageCache } from './image-cache';
import { FONT_FAMILY, LINE_HEIGHT, STICKY_PADDING, wrapText } from './text-metrics';
import { ShapeNode, arrowWings, cornerRadius, outlinePath, strokeOutline } from './shape-nodes';

export const EXPORT_PADDING = 32;
export const EXPORT_BACKGROUND = '#ffffff';
/** Browsers refuse canvases past about 16k pixels a side; stay well inside. */
const MAX_EXPORT_SIDE_PX = 8192;
const MAX_EXPORT_AREA_PX = 40_000_000;

function exportArea(shapes: readonly Shape[]): Bounds | null {
  const box = unionBounds(shapes.map(shapeBounds));
  if (!box) return null;
  return { minX: box.minX - EXPORT_PADDING, minY: box.minY - EXPORT_PADDING, maxX: box.maxX + EXPORT_PADDING, maxY: box.maxY + EXPORT_PADDING };
}

/** The shapes as a PNG image (white background), or null when there are none. */
export async function exportPng(shapes: readonly Shape[], images: ImageCache, pixelRatio = 2): Promise<Blob | null> {
  const area = exportArea(shapes);
  if (!area) return null;
  const width = Math.ceil(area.maxX - area.minX);
  const height = Math.ceil(area.maxY - area.minY);
  const ratio = Math.min(pixelRatio, MAX_EXPORT_SIDE_PX / width, MAX_EXPORT_SIDE_PX / height, Math.sqrt(MAX_EXPORT_AREA_PX / (width * height)));
  const loaded = new Map<string, HTMLImageElement | null>();
  for (const shape of shapes) if (shape.type === ShapeType.Image) loaded.set(shape.assetId, await images.load(shape.assetId));
  const container = document.createElement('div');
  const stage = new Konva.Stage({ container, width, height });
  try {
    const layer = new Konva.Layer({ listening: false });
    stage.add(layer);
    layer.add(new Konva.Rect({ x: 0, y: 0, width, height, fill: EXPORT_BACKGROUND }));
    const group = new Konva.Group({ x: -area.minX, y: -area.minY });
    layer.add(group);
    for (const shape of shapes) group.add(new ShapeNode(shape, (id) => loaded.get(id) ?? null));
    layer.draw();
    return await stage.toBlob({ pixelRatio: ratio, mimeType: 'image/png' }) as Blob;
  } finally {
    stage.destroy();
  }
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const n = (value: number): string => String(Math.round(value * 100) / 100);

function textLines(lines: readonly string[], fontSize: number, color: string, left: number, top: number): string {
  const lineHeight = fontSize * LINE_HEIGHT;
  const spans = lines
    .map((line, i) => `<tspan x="${n(left)}" y="${n(top + i * lineHeight + lineHeight / 2)}">${escapeXml(line)}</tspan>`)
    .join('');
  return `<text font-family="${escapeXml(FONT_FAMILY)}" font-size="${n(fontSize)}" fill="${color}" dominant-baseline="central" xml:space="preserve">${spans}</text>`;
}

function shapeSvg(shape: Shape, board: Board, clipId: string): string {
  switch (shape.type) {
    case ShapeType.Stroke:
      return `<path d="${outlinePath(strokeOutline(shape))}" fill="${shape.color}"/>`;
    case ShapeType.Rect:
    case ShapeType.Ellipse: {
      const paint = `fill="${shape.fill === TRANSPARENT ? 'none' : shape.fill}" stroke="${shape.color}" stroke-width="${n(shape.width)}" stroke-linejoin="round"`;
      return shape.type === ShapeType.Rect
        ? `<rect width="${n(shape.w)}" height="${n(shape.h)}" rx="${n(cornerRadius(shape.w, shape.h))}" ${paint}/>`
        : `<ellipse cx="${n(shape.w / 2)}" cy="${n(shape.h / 2)}" rx="${n(shape.w / 2)}" ry="${n(shape.h / 2)}" ${paint}/>`;
    }
    case ShapeType.Arrow: {
      const p = shape.points;
      let d = p.reduce((acc, v, i) => (i % 2 === 0 ? `${acc}${i === 0 ? 'M' : 'L'}${n(v)} ` : `${acc}${n(v)}`), '');
      const head = (fx: number, fy: number, tx: number, ty: number): string => {
        const [ax, ay, bx, by] = arrowWings(fx, fy, tx, ty, shape.width);
        return `M${n(ax)} ${n(ay)}L${n(tx)} ${n(ty)}L${n(bx)} ${n(by)}`;
      };
      const k = p.length;
      if (shape.endHead !== 'none') d += head(p[k - 4] as number, p[k - 3] as number, p[k - 2] as number, p[k - 1] as number);
      if (shape.startHead !== 'none') d += head(p[2] as number, p[3] as number, p[0] as number, p[1] as number);
      return `<path d="${d}" fill="none" stroke="${shape.color}" stroke-width="${n(shape.width)}" stroke-linecap="round" stroke-linejoin="round"/>`;
    }
    case ShapeType.Text:
      return textLines(shape.text.split('\n'), shape.fontSize, shape.color, 0, 0);
    case ShapeType.Sticky: {
      const lines = wrapText(shape.text, shape.fontSize, Math.max(1, shape.w - 2 * STICKY_PADDING));
      return (
        `<clipPath id="${clipId}"><rect width="${n(shape.w)}" height="${n(shape.h)}"/></clipPath>` +
        `<rect width="${n(shape.w)}" height="${n(shape.h)}" rx="${n(Math.min(4, shape.w / 8))}" fill="${shape.fill}"/>` +
        `<g clip-path="url(#${clipId})">${textLines(lines, shape.fontSize, shape.color, STICKY_PADDING, STICKY_PADDING)}</g>`
      );
    }
    case ShapeType.Image: {
      const asset = board.getAsset(shape.assetId);
      if (!asset) return `<rect width="${n(shape.w)}" height="${n(shape.h)}" fill="#e9ecef"/>`;
      return `<image width="${n(shape.w)}" height="${n(shape.h)}" preserveAspectRatio="none" href="data:${asset.mime};base64,${toBase64(asset.data)}"/>`;
    }
  }
}

/** The shapes as an SVG document (white background), or null when there are none. */
export function exportSvg(shapes: readonly Shape[], board: Board): string | null {
  const area = exportArea(shapes);
  if (!area) return null;
  const width = area.maxX - area.minX;
  const height = area.maxY - area.minY;
  const body = shapes
    .map((shape, i) => {
      const transform = `translate(${n(shape.x - area.minX)} ${n(shape.y - area.minY)})${shape.rotation ? ` rotate(${n(shape.rotation)})` : ''}`;
      const opacity = shape.opacity < 1 ? ` opacity="${n(shape.opacity)}"` : '';
      return `<g transform="${transform}"${opacity}>${shapeSvg(shape, board, `clip${i}`)}</g>`;
    })
    .join('\n');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}">\n` +
    `<rect width="100%" height="100%" fill="${EXPORT_BACKGROUND}"/>\n${body}\n</svg>\n`
  );
}
