/**
 * The minimap (M): the whole board in a corner with this user's view and the others' views
 * outlined in their colours; clicking or dragging on it moves the view.
 */
import type { Page } from '@playwright/test';
import { chooseTool, drag, expect, openNewRoom, test } from './fixtures';

interface Handle {
  whiteboardDebug: { view: { camera: { x: number; y: number; scale: number }; visibleBounds(): { minX: number; minY: number; maxX: number; maxY: number } } };
}
const centreOf = (page: Page) =>
  page.evaluate(() => {
    const b = (window as unknown as Handle).whiteboardDebug.view.visibleBounds();
    return { x: (b.minX + b.maxX) / 2, y: (b.minY + b.maxY) / 2 };
  });

/** How many minimap pixels are close to a colour. */
function minimapPixels(page: Page, hex: string): Promise<number> {
  return page.evaluate((color) => {
    const canvas = document.querySelector('.minimap canvas') as HTMLCanvasElement;
    const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
    let count = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.abs((data[i] as number) - r) < 30 && Math.abs((data[i + 1] as number) - g) < 30 && Math.abs((data[i + 2] as number) - b) < 30 && (data[i + 3] as number) > 200) count++;
    return count;
  }, hex);
}

test('the minimap shows everyone’s view and moves this one by click and drag', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openNewRoom(server.url, alice, bob);
  await chooseTool(alice, 'rect');
  await drag(alice, [300, 200], [500, 350]);
  await chooseTool(alice, 'rect');
  await drag(alice, [800, 500], [1000, 650]);
  // Bob looks far away, zoomed out.
  await bob.getByRole('button', { name: 'Zoom out (Ctrl+-)' }).click();
  await bob.mouse.move(600, 400);
  await bob.mouse.down({ button: 'middle' });
  await bob.mouse.move(100, 100, { steps: 4 });
  await bob.mouse.up({ button: 'middle' });

  await alice.mouse.click(1100, 120);
  await alice.keyboard.press('m');
  const minimap = alice.locator('.minimap');
  await expect(minimap).toBeVisible();
  await expect(minimap).toHaveAttribute('data-peers', '1');
  // (Polled: an avatar the people list replaces as it is read has no computed style, so no colour.)
  let bobColor = '';
  await expect
    .poll(async () => (bobColor = await bob.locator('.avatar.self').evaluate((el) => getComputedStyle(el).getPropertyValue('--avatar').trim())))
    .toMatch(/^#[0-9a-f]{6}$/i);
  await expect.poll(() => minimapPixels(alice, bobColor)).toBeGreaterThan(40);
  await minimap.screenshot({ path: 'test-results/minimap.png' });
  await alice.screenshot({ path: 'test-results/minimap-board.png' });

  // Drag this user's view box to the right on the minimap: the view moves right on the board.
  const box = (await alice.locator('.minimap canvas').boundingBox()) as { x: number; y: number; width: number; height: number };
  const view = await alice.evaluate(() => {
    const canvas = document.querySelector('.minimap canvas') as HTMLCanvasElement;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    // The accent-coloured box: find its middle.
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const accent = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim();
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(accent.slice(i, i + 2), 16)) as [number, number, number];
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs((data[i] as number) - r) < 20 && Math.abs((data[i + 1] as number) - g) < 20 && Math.abs((data[i + 2] as number) - b) < 20 && (data[i + 3] as number) > 200) {
        const p = i / 4;
        const x = p % canvas.width;
        const y = Math.floor(p / canvas.width);
        [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
      }
    }
    const ratio = canvas.width / canvas.clientWidth;
    return { x: (minX + maxX) / 2 / ratio, y: (minY + maxY) / 2 / ratio, w: (maxX - minX) / ratio };
  });
  expect(view.w).toBeGreaterThan(10);
  const before = await centreOf(alice);
  await alice.mouse.move(box.x + view.x, box.y + view.y);
  await alice.mouse.down();
  await alice.mouse.move(box.x + view.x + 30, box.y + view.y, { steps: 5 });
  await alice.mouse.up();
  const after = await centreOf(alice);
  expect(after.x - before.x).toBeGreaterThan(100);
  expect(Math.abs(after.y - before.y)).toBeLessThan(20);
  // A click elsewhere centres the view there: on Bob's part of the board.
  await alice.mouse.click(box.x + 12, box.y + 12);
  const jumped = await centreOf(alice);
  expect(jumped.x).toBeLessThan(after.x - 100);
  // M again hides it, and the menu says so.
  await alice.keyboard.press('m');
  await expect(minimap).toBeHidden();
});
