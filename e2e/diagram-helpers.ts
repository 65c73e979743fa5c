/** Helpers for the diagram specs: shapes as drawn (connectors routed), and outline geometry. */
import { expect, type Download, type Page } from '@playwright/test';
import fs from 'node:fs';
import type { ShapeSnapshot } from './fixtures';

interface IndexHandle {
  whiteboardDebug: { view: { index: { get(id: string): ShapeSnapshot | undefined; all(): ShapeSnapshot[] } } };
}

/** A shape as the page draws it: a bound connector with its routed points. */
export function drawn(page: Page, id: string): Promise<ShapeSnapshot | undefined> {
  return page.evaluate((shapeId) => (window as unknown as IndexHandle).whiteboardDebug.view.index.get(shapeId), id);
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  rotation?: number;
  ellipse?: boolean;
}

/**
 * How far a point is outside a box's outline (negative: inside), in board units. For an
 * ellipse, measured along the ray from its centre.
 */
export function outsideBy(box: Box, point: { x: number; y: number }): number {
  const r = (-(box.rotation ?? 0) * Math.PI) / 180;
  const dx = point.x - box.x;
  const dy = point.y - box.y;
  const local = { x: Math.cos(r) * dx - Math.sin(r) * dy, y: Math.sin(r) * dx + Math.cos(r) * dy };
  if (box.ellipse) {
    const cx = local.x - box.w / 2;
    const cy = local.y - box.h / 2;
    const scale = Math.hypot(cx / (box.w / 2), cy / (box.h / 2));
    const length = Math.hypot(cx, cy);
    return length - length / scale;
  }
  const ox = Math.max(-local.x, local.x - box.w);
  const oy = Math.max(-local.y, local.y - box.h);
  return ox > 0 || oy > 0 ? Math.hypot(Math.max(0, ox), Math.max(0, oy)) : Math.max(ox, oy);
}

/** The board points of a connector's ends. */
export function ends(shape: ShapeSnapshot): [{ x: number; y: number }, { x: number; y: number }] {
  const p = shape.points ?? [];
  const r = (shape.rotation * Math.PI) / 180;
  const at = (i: number) => ({ x: shape.x + Math.cos(r) * (p[i] ?? 0) - Math.sin(r) * (p[i + 1] ?? 0), y: shape.y + Math.sin(r) * (p[i] ?? 0) + Math.cos(r) * (p[i + 1] ?? 0) });
  return [at(0), at(p.length - 2)];
}

/** Exports through the board menu and returns the file's bytes. */
export async function exportFile(page: Page, which: string): Promise<Buffer> {
  return exportThroughDialog(page, which);
}

/** A shape's group in an exported SVG: its translation and the markup inside it. */
export function svgShape(svg: string, id: string): { tx: number; ty: number; rotate: number; body: string } | null {
  const escaped = id.replace(/[-]/g, '\\-');
  const match = new RegExp(`<g transform="translate\\(([-\\d.]+) ([-\\d.]+)\\)(?: rotate\\(([-\\d.]+)\\))?"[^>]*data-shape="${escaped}">(.*?)</g>`).exec(svg);
  if (!match) return null;
  return { tx: Number(match[1]), ty: Number(match[2]), rotate: Number(match[3] ?? 0), body: match[4] as string };
}

/**
 * Exports through the Export dialog (Ctrl+Shift+E) with its defaults but the target and format:
 * `which` is `board-png`, `selection-svg`… Returns the saved file's bytes.
 */
export async function exportThroughDialog(page: Page, which: string, look: (dialog: import('@playwright/test').Locator) => Promise<void> = async () => {}): Promise<Buffer> {
  const [target, format] = which.split('-') as [string, string];
  await page.keyboard.press('Control+Shift+E');
  const dialog = page.getByRole('dialog', { name: 'Export image' });
  await dialog.locator(`input[name="export-target"][value="${target}"]`).check();
  await dialog.locator(`input[name="export-format"][value="${format}"]`).check();
  await look(dialog);
  const [download] = (await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: `Save ${format.toUpperCase()}` }).click()])) as [Download, void];
  await expect(dialog).toBeHidden();
  return fs.readFileSync(await download.path());
}
