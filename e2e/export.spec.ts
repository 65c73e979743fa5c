/**
 * Export: the board, or the selection, as PNG and as SVG through the menu. The files are read
 * back and checked pixel by pixel: the outline of the rectangle, the ellipse's fill, white
 * elsewhere. Also the style panel: a chosen stroke and fill go into the shape, and are still
 * chosen after a reload.
 */
import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { chooseTool, drag, expect, openLink, openNewRoom, shapes, test } from './fixtures';
import { exportThroughDialog } from './diagram-helpers';
import { isInk, type Rgb } from './pixels';

async function exportFile(page: Page, which: string): Promise<Buffer> {
  return exportThroughDialog(page, which);
}

const near = (a: Rgb, b: Rgb, tolerance = 24): boolean => Math.abs(a.r - b.r) <= tolerance && Math.abs(a.g - b.g) <= tolerance && Math.abs(a.b - b.b) <= tolerance;
const WHITE = { r: 255, g: 255, b: 255 };
const LIGHT_BLUE = { r: 0xa5, g: 0xd8, b: 0xff };

test('the board and the selection export as PNG and SVG that show the shapes', async ({ page, server }) => {
  const room = await openNewRoom(server.url, page);
  await chooseTool(page, 'rect');
  await drag(page, [300, 200], [500, 320]);
  await chooseTool(page, 'ellipse');
  await page.locator('.style-panel [data-color="#1971c2"]').click();
  await page.locator('.style-panel [data-fill="#a5d8ff"]').click();
  await drag(page, [600, 200], [800, 320]);
  await expect.poll(async () => (await shapes(page)).map((s) => [s.type, s.color, s.fill])).toEqual([
    ['rect', '#1f2328', 'transparent'],
    ['ellipse', '#1971c2', '#a5d8ff'],
  ]);

  // Shapes span (298, 198)–(802, 322) with their 4-unit outlines; export adds 32 each side and
  // draws at twice the resolution.
  const png = PNG.sync.read(await exportFile(page, 'board-png'));
  expect([png.width, png.height]).toEqual([(802 - 298 + 64) * 2, (322 - 198 + 64) * 2]);
  const pngPixel = (x: number, y: number): Rgb => {
    const offset = (png.width * Math.round((y - 166) * 2) + Math.round((x - 266) * 2)) * 4;
    return { r: png.data[offset] as number, g: png.data[offset + 1] as number, b: png.data[offset + 2] as number };
  };
  expect(isInk(pngPixel(400, 200))).toBe(true);
  expect(near(pngPixel(400, 260), WHITE)).toBe(true);
  expect(near(pngPixel(700, 260), LIGHT_BLUE)).toBe(true);
  expect(near(pngPixel(280, 180), WHITE)).toBe(true);

  const svg = (await exportFile(page, 'board-svg')).toString('utf8');
  expect(svg).toMatch(/^<\?xml version="1.0"[^>]*\?>\s*<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="568" height="188"/);
  // Render the SVG in the browser and read its pixels (1 SVG unit = 1 pixel).
  const svgPixels = await page.evaluate(async (text) => {
    const image = new Image();
    image.src = `data:image/svg+xml;base64,${btoa(text)}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(image, 0, 0);
    const at = (x: number, y: number) => {
      const [r, g, b] = ctx.getImageData(x - 266, y - 166, 1, 1).data;
      return { r, g, b };
    };
    return { size: [canvas.width, canvas.height], edge: at(400, 200), inside: at(400, 260), ellipse: at(700, 260), outside: at(280, 180) };
  }, svg);
  expect(svgPixels.size).toEqual([568, 188]);
  expect(isInk(svgPixels.edge as Rgb)).toBe(true);
  expect(near(svgPixels.inside as Rgb, WHITE)).toBe(true);
  expect(near(svgPixels.ellipse as Rgb, LIGHT_BLUE)).toBe(true);
  expect(near(svgPixels.outside as Rgb, WHITE)).toBe(true);

  // The selection alone: just the ellipse (598–802 wide).
  await page.mouse.click(700, 260);
  const selected = PNG.sync.read(await exportFile(page, 'selection-png'));
  expect(selected.width).toBe((802 - 598 + 64) * 2);
  const selectionSvg = (await exportFile(page, 'selection-svg')).toString('utf8');
  expect(selectionSvg).toContain('<ellipse');
  expect(selectionSvg).not.toContain('<rect width="200"');

  // The style chosen in the panel is remembered for the next session.
  await openLink(page, room.links.editor?.web ?? '');
  await chooseTool(page, 'rect');
  await expect(page.locator('.style-panel [data-color="#1971c2"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.style-panel [data-fill="#a5d8ff"]')).toHaveAttribute('aria-pressed', 'true');
});
