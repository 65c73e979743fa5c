/**
 * Frames, end to end: the frame tool draws a named region that takes in the shapes inside it;
 * a shape dropped in joins it, one dragged out leaves; moving the frame moves what is in it (for
 * a peer too); the Frames navigator lists it and zooms to it; it exports on its own, cut to its
 * edges; its title is renamed in place.
 */
import { PNG } from 'pngjs';
import type { Download, Page } from '@playwright/test';
import fs from 'node:fs';
import { chooseTool, drag, expect, openNewRoom, shapes, test, type ShapeSnapshot } from './fixtures';

async function camera(page: Page): Promise<{ x: number; y: number; scale: number }> {
  return page.evaluate(() => (window as unknown as { whiteboardDebug: { view: { camera: { x: number; y: number; scale: number } } } }).whiteboardDebug.view.camera);
}

const byId = async (page: Page, id: string): Promise<ShapeSnapshot & { frameId?: string; name?: string }> =>
  (await shapes(page)).find((s) => s.id === id) as ShapeSnapshot & { frameId?: string; name?: string };

test('a frame holds what is dropped in it and carries it when moved; the navigator zooms to it and exports it', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openNewRoom(server.url, alice, bob);
  const page = alice;
  await chooseTool(page, 'rect');
  await drag(page, [340, 260], [460, 340]);
  await chooseTool(page, 'ellipse');
  await drag(page, [900, 500], [1000, 580]);
  const [rect, ellipse] = await shapes(page);

  // A frame drawn around the rectangle takes it in, and is named.
  await chooseTool(page, 'frame');
  await drag(page, [300, 200], [700, 450]);
  const frame = (await shapes(page)).find((s) => s.type === 'frame') as ShapeSnapshot & { name: string };
  expect(frame).toMatchObject({ x: 300, y: 200, w: 400, h: 250, name: 'Frame 1' });
  expect((await byId(page, rect?.id as string)).frameId).toBe(frame.id);
  expect((await byId(page, ellipse?.id as string)).frameId).toBeUndefined();

  // The ellipse dragged into the frame joins it (it is drawn over the frame, never under).
  await page.keyboard.press('Escape');
  await drag(page, [950, 540], [600, 380], 15);
  await expect.poll(async () => (await byId(page, ellipse?.id as string)).frameId).toBe(frame.id);
  expect((await shapes(page)).map((s) => s.type)).toEqual(['frame', 'rect', 'ellipse']);
  await page.screenshot({ path: 'test-results/frame-with-shapes.png' });

  // Moving the frame by its title moves both, on Bob's screen too.
  const before = [await byId(bob, rect?.id as string), await byId(bob, ellipse?.id as string)];
  await page.keyboard.press('Escape');
  await drag(page, [330, 190], [430, 290], 15);
  await expect.poll(async () => (await byId(bob, frame.id)).x).toBeGreaterThan(350);
  const moved = await byId(bob, frame.id);
  const dx = moved.x - frame.x;
  const dy = moved.y - frame.y;
  expect(Math.abs(dx - 100)).toBeLessThan(10);
  await expect.poll(async () => [(await byId(bob, rect?.id as string)).x - (before[0]?.x ?? 0), (await byId(bob, ellipse?.id as string)).y - (before[1]?.y ?? 0)]).toEqual([dx, dy]);

  // A shape dragged out of it leaves it.
  await page.keyboard.press('Escape');
  await page.mouse.click(400 + dx, 300 + dy);
  await drag(page, [400 + dx, 300 + dy], [1000, 680], 15);
  await expect.poll(async () => (await byId(page, rect?.id as string)).frameId).toBeUndefined();

  // Renamed in place: double-click its title.
  await page.mouse.dblclick(320 + dx, 190 + dy);
  const title = page.locator('input.frame-title-editor');
  await expect(title).toBeFocused();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Checkout flow');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await byId(bob, frame.id)).name).toBe('Checkout flow');

  // The navigator lists it; clicking it zooms there.
  await page.mouse.wheel(0, 600);
  await page.getByRole('button', { name: 'Frames' }).click();
  const entry = page.locator(`[data-frame="${frame.id}"]`);
  await expect(entry).toHaveText('Checkout flow');
  await page.screenshot({ path: 'test-results/frames-navigator.png' });
  await entry.click();
  await expect.poll(async () => (await camera(page)).scale).toBe(1);
  const cam = await camera(page);
  const centre = { x: (600 - cam.x) / cam.scale, y: (400 - cam.y) / cam.scale };
  expect(Math.abs(centre.x - (moved.x + 200))).toBeLessThan(2);
  expect(Math.abs(centre.y - (moved.y + 125))).toBeLessThan(2);

  // Exported on its own: exactly the frame, twice the resolution, the ellipse in it.
  await page.getByRole('button', { name: 'Frames' }).click();
  const [download] = (await Promise.all([page.waitForEvent('download'), page.locator(`[data-frame-export="${frame.id}-png"]`).click()])) as [Download, void];
  expect(download.suggestedFilename()).toBe('whiteboard-checkout-flow.png');
  const png = PNG.sync.read(fs.readFileSync(await download.path()));
  expect([png.width, png.height]).toEqual([800, 500]);
  const [svgDownload] = (await Promise.all([page.waitForEvent('download'), (await page.getByRole('button', { name: 'Frames' }).click(), page.locator(`[data-frame-export="${frame.id}-svg"]`).click())])) as [Download, void];
  const svg = fs.readFileSync(await svgDownload.path(), 'utf8');
  expect(svg).toContain('width="400" height="250"');
  expect(svg).toContain(`data-shape="${ellipse?.id}"`);
  expect(svg).not.toContain(`data-shape="${rect?.id}"`);
  expect(svg).not.toContain('Checkout flow');
});

test('what is drawn in a frame joins it; a frame is duplicated and deleted with what it holds', async ({ page, server }) => {
  await openNewRoom(server.url, page);
  await chooseTool(page, 'frame');
  await drag(page, [300, 200], [700, 500]);
  const frame = (await shapes(page))[0] as ShapeSnapshot;
  await chooseTool(page, 'rect');
  await drag(page, [350, 260], [450, 330]);
  await chooseTool(page, 'pen');
  await page.mouse.move(500, 400);
  await page.mouse.down();
  await page.mouse.move(600, 430, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await shapes(page)).map((s) => [s.type, (s as { frameId?: string }).frameId])).toEqual([
    ['frame', undefined],
    ['rect', frame.id],
    ['stroke', frame.id],
  ]);

  // Duplicated: a second frame holding copies of both.
  await chooseTool(page, 'select');
  await page.mouse.click(310, 190);
  await page.keyboard.press('Control+d');
  await expect.poll(async () => (await shapes(page)).length).toBe(6);
  const all = await shapes(page);
  const copy = all.find((s) => s.type === 'frame' && s.id !== frame.id) as ShapeSnapshot;
  expect(all.filter((s) => (s as { frameId?: string }).frameId === copy.id).map((s) => s.type).sort()).toEqual(['rect', 'stroke']);

  // Deleted, with what it holds; undo brings all three back.
  await page.keyboard.press('Delete');
  await expect.poll(async () => (await shapes(page)).length).toBe(3);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await shapes(page)).length).toBe(6);
});
