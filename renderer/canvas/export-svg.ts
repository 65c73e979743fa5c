/**
 * Export as SVG, written from the shapes' data with the geometry the canvas paints: stroke
 * outlines, corner radii, arrowheads, connectors routed to the shapes they are bound to (the
 * shapes given are as the board index resolves them), wrapped and centred text, frames.
 */
import { toBase64 } from 'lib0/buffer';
import { ShapeType, TRANSPARENT, type Shape } from '../../protocol/board-schema';
import type { Board } from '../board/board';
import { DEFAULT_LOOK, exportArea, type ExportLook, type ExportScene } from './export';
import { PAPER, paletteFor, type Palette } from './palette';
import { FRAME_CORNER_RADIUS, FRAME_FILL, FRAME_OUTLINE, FRAME_OUTLINE_WIDTH, FRAME_TITLE_COLOR, FRAME_TITLE_FONT_SIZE, FRAME_TITLE_GAP, arrowWings, cornerRadius, headFrom } from './shape-paint';
import { outlinePath, strokeOutlines } from './stroke-outline';
import { TextAlign, placeText, type PlacedText } from './text-layout';
import { FONT_FAMILY } from './text-metrics';

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const n = (value: number): string => String(Math.round(value * 100) / 100);

function textSvg(placed: PlacedText, clipId: string, ink: Palette): string {
  const anchor = placed.align === TextAlign.Centre ? ' text-anchor="middle"' : '';
  const spans = placed.lines
    .map((line, i) => `<tspan x="${n(placed.x)}" y="${n(placed.top + i * placed.lineHeight + placed.lineHeight / 2)}">${escapeXml(line.text.trimEnd())}</tspan>`)
    .join('');
  const text = `<text font-family="${escapeXml(FONT_FAMILY)}" font-size="${n(placed.fontSize)}" fill="${ink(placed.color)}" dominant-baseline="central"${anchor} xml:space="preserve">${spans}</text>`;
  if (!placed.clip) return text;
  const { x, y, w, h } = placed.clip;
  return `<clipPath id="${clipId}"><rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}"/></clipPath><g clip-path="url(#${clipId})">${text}</g>`;
}

function arrowPath(shape: Shape & { type: 'arrow' }, ink: Palette): string {
  const p = shape.points;
  let d = p.reduce((acc, v, i) => (i % 2 === 0 ? `${acc}${i === 0 ? 'M' : 'L'}${n(v)} ` : `${acc}${n(v)}`), '');
  const head = (from: [number, number], tx: number, ty: number): string => {
    const [ax, ay, bx, by] = arrowWings(from[0], from[1], tx, ty, shape.width);
    return `M${n(ax)} ${n(ay)}L${n(tx)} ${n(ty)}L${n(bx)} ${n(by)}`;
  };
  const k = p.length;
  if (shape.endHead !== 'none') d += head(headFrom(p, k - 2, -2), p[k - 2] as number, p[k - 1] as number);
  if (shape.startHead !== 'none') d += head(headFrom(p, 0, 2), p[0] as number, p[1] as number);
  return `<path d="${d}" fill="none" stroke="${ink(shape.color)}" stroke-width="${n(shape.width)}" stroke-linecap="round" stroke-linejoin="round"/>`;
}

function shapeSvg(shape: Shape, board: Board, clipId: string, title: boolean, ink: Palette): string {
  const placed = placeText(shape);
  const text = placed ? textSvg(placed, clipId, ink) : '';
  switch (shape.type) {
    case ShapeType.Stroke:
      return `<path d="${outlinePath(strokeOutlines(shape))}" fill="${ink(shape.color)}"/>`;
    case ShapeType.Rect:
    case ShapeType.Ellipse: {
      const paint = `fill="${shape.fill === TRANSPARENT ? 'none' : ink(shape.fill)}" stroke="${ink(shape.color)}" stroke-width="${n(shape.width)}" stroke-linejoin="round"`;
      const outline =
        shape.type === ShapeType.Rect
          ? `<rect width="${n(shape.w)}" height="${n(shape.h)}" rx="${n(cornerRadius(shape.w, shape.h))}" ${paint}/>`
          : `<ellipse cx="${n(shape.w / 2)}" cy="${n(shape.h / 2)}" rx="${n(shape.w / 2)}" ry="${n(shape.h / 2)}" ${paint}/>`;
      return outline + text;
    }
    case ShapeType.Arrow:
      return arrowPath(shape, ink);
    case ShapeType.Text:
      return text;
    case ShapeType.Sticky:
      return `<rect width="${n(shape.w)}" height="${n(shape.h)}" rx="${n(Math.min(4, shape.w / 8))}" fill="${ink(shape.fill)}"/>${text}`;
    case ShapeType.Image: {
      const asset = board.getAsset(shape.assetId);
      if (!asset) return `<rect width="${n(shape.w)}" height="${n(shape.h)}" fill="${ink('#e9ecef')}"/>`;
      return `<image width="${n(shape.w)}" height="${n(shape.h)}" preserveAspectRatio="none" href="data:${asset.mime};base64,${toBase64(asset.data)}"/>`;
    }
    case ShapeType.Frame: {
      const radius = Math.min(FRAME_CORNER_RADIUS, shape.w / 4, shape.h / 4);
      const frame = `<rect width="${n(shape.w)}" height="${n(shape.h)}" rx="${n(radius)}" fill="${ink(FRAME_FILL)}" stroke="${ink(FRAME_OUTLINE)}" stroke-width="${FRAME_OUTLINE_WIDTH}"/>`;
      if (!title) return frame;
      const name = shape.name.trim() === '' ? 'Frame' : shape.name;
      return `${frame}<text y="${-FRAME_TITLE_GAP}" font-family="${escapeXml(FONT_FAMILY)}" font-size="${FRAME_TITLE_FONT_SIZE}" font-weight="500" fill="${ink(FRAME_TITLE_COLOR)}">${escapeXml(name)}</text>`;
    }
  }
}

/** The shapes as an SVG document, or null when there are none. */
export function exportSvg(scene: ExportScene, board: Board, look: ExportLook = DEFAULT_LOOK): string | null {
  const area = exportArea(scene, look.padding);
  const ink = paletteFor(look.theme);
  if (!area) return null;
  const width = area.maxX - area.minX;
  const height = area.maxY - area.minY;
  const body = scene.shapes
    .map((shape, i) => {
      const transform = `translate(${n(shape.x - area.minX)} ${n(shape.y - area.minY)})${shape.rotation ? ` rotate(${n(shape.rotation)})` : ''}`;
      const opacity = shape.opacity < 1 ? ` opacity="${n(shape.opacity)}"` : '';
      return `<g transform="${transform}"${opacity} data-shape="${shape.id}">${shapeSvg(shape, board, `clip${i}`, shape.id !== scene.frame?.id, ink)}</g>`;
    })
    .join('\n');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}">\n` +
    `${look.background ? `<rect width="100%" height="100%" fill="${PAPER[look.theme]}"/>\n` : ''}${body}\n</svg>\n`
  );
}
