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
import { ShapeNode } from './shape-nodes';

export const EXPORT_PADDING = 32;
export const EXPORT_BACKGROUND = '#ffffff';
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
export function exportArea(scene: ExportScene): Bounds | null {
  if (scene.frame) {
    const { x, y, w, h } = scene.frame;
    return { minX: x, minY: y, maxX: x + w, maxY: y + h };
  }
  const box = unionBounds(scene.shapes.map(shapeBounds));
  if (!box) return null;
  return { minX: box.minX - EXPORT_PADDING, minY: box.minY - EXPORT_PADDING, maxX: box.maxX + EXPORT_PADDING, maxY: box.maxY + EXPORT_PADDING };
}

/** The shapes as a PNG image (white background), or null when there are none. */
export async function exportPng(scene: ExportScene, images: ImageCache, pixelRatio = 2): Promise<Blob | null> {
  const { shapes } = scene;
  const area = exportArea(scene);
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
    // The stage is the export area: whatever reaches past a frame's edge is cut there.
    const group = new Konva.Group({ x: -area.minX, y: -area.minY });
    layer.add(group);
    for (const shape of shapes) {
      const node = new ShapeNode(shape, (id) => loaded.get(id) ?? null);
      if (shape.id === scene.frame?.id) node.setTextHidden(true);
      group.add(node);
    }
    layer.draw();
    return await stage.toBlob({ pixelRatio: ratio, mimeType: 'image/png' }) as Blob;
  } finally {
    stage.destroy();
  }
}

