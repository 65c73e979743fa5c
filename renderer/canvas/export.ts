/**
 * Export of the board, of some shapes, or of one frame, as PNG: drawn by the same Konva nodes as
 * the canvas, on a stage of its own, so culling and caching never leave anything out. The SVG
 * export (export-svg.ts) writes the same geometry from the shapes' data.
 *
 * A frame exported on its own is cut to its edges (its title, above it, is left out), as in
 * Excalidraw and tldraw: the picture is what the frame frames.
 */
import Konva from 'konva';
import { ShapeType, type FrameShape, type Shape } from '../../protocol/board-schema';
import { unionBounds, shapeBounds, type Bounds } from '../board/geometry';
import type { ImageCache } from './image-cache';
import { PAPER, Theme, paletteFor } from './palette';
import { ShapeNode } from './shape-nodes';

/** Room around the shapes, board units, unless the export asks for other. */
export const EXPORT_PADDING = 32;
export const MAX_EXPORT_PADDING = 400;

/** How an export looks: its resolution, background, colours and margin. */
export interface ExportLook {
  /** Pixels per board unit (PNG): 1, 2 or 3. */
  scale: number;
  /** Paper behind the shapes; off: transparent. */
  background: boolean;
  /** Light: the board's true colours. Dark: as dark mode shows them, on dark paper. */
  theme: Theme;
  /** Board units around the shapes (not for a frame, which is cut to its edges). */
  padding: number;
}

export const DEFAULT_LOOK: ExportLook = { scale: 2, background: true, theme: Theme.Light, padding: EXPORT_PADDING };
/** Browsers refuse canvases past about 16k pixels a side; stay well inside. */
const MAX_EXPORT_SIDE_PX = 8192;
const MAX_EXPORT_AREA_PX = 40_000_000;

/** What to export: shapes (bottom to top), or one frame and the shapes in it. */
export interface ExportScene {
  shapes: readonly Shape[];
  /** Set when exporting a frame on its own: the picture is cut to it. */
  frame?: FrameShape;
}

/** The board area an export shows: the shapes with a margin, or exactly the frame. */
export function exportArea(scene: ExportScene, padding = EXPORT_PADDING): Bounds | null {
  if (scene.frame) {
    const { x, y, w, h } = scene.frame;
    return { minX: x, minY: y, maxX: x + w, maxY: y + h };
  }
  const box = unionBounds(scene.shapes.map(shapeBounds));
  if (!box) return null;
  const pad = Math.min(MAX_EXPORT_PADDING, Math.max(0, padding));
  return { minX: box.minX - pad, minY: box.minY - pad, maxX: box.maxX + pad, maxY: box.maxY + pad };
}

/** The size of the PNG an export makes, in pixels (the scale is lowered for huge boards). */
export function exportPixels(area: Bounds, scale: number): { width: number; height: number; ratio: number } {
  const width = Math.ceil(area.maxX - area.minX);
  const height = Math.ceil(area.maxY - area.minY);
  const ratio = Math.min(scale, MAX_EXPORT_SIDE_PX / width, MAX_EXPORT_SIDE_PX / height, Math.sqrt(MAX_EXPORT_AREA_PX / (width * height)));
  return { width: Math.round(width * ratio), height: Math.round(height * ratio), ratio };
}

/** The shapes as a PNG image, or null when there are none. */
export async function exportPng(scene: ExportScene, images: ImageCache, look: ExportLook = DEFAULT_LOOK): Promise<Blob | null> {
  const { shapes } = scene;
  const area = exportArea(scene, look.padding);
  if (!area) return null;
  const width = Math.ceil(area.maxX - area.minX);
  const height = Math.ceil(area.maxY - area.minY);
  const { ratio } = exportPixels(area, look.scale);
  const palette = paletteFor(look.theme);
  const loaded = new Map<string, HTMLImageElement | null>();
  for (const shape of shapes) if (shape.type === ShapeType.Image) loaded.set(shape.assetId, await images.load(shape.assetId));
  const container = document.createElement('div');
  const stage = new Konva.Stage({ container, width, height });
  try {
    const layer = new Konva.Layer({ listening: false });
    stage.add(layer);
    if (look.background) layer.add(new Konva.Rect({ x: 0, y: 0, width, height, fill: PAPER[look.theme] }));
    // The stage is the export area: whatever reaches past a frame's edge is cut there.
    const group = new Konva.Group({ x: -area.minX, y: -area.minY });
    layer.add(group);
    for (const shape of shapes) {
      const node = new ShapeNode(shape, (id) => loaded.get(id) ?? null);
      node.setPalette(palette);
      if (shape.id === scene.frame?.id) node.setTextHidden(true);
      group.add(node);
    }
    layer.draw();
    return await stage.toBlob({ pixelRatio: ratio, mimeType: 'image/png' }) as Blob;
  } finally {
    stage.destroy();
  }
}

