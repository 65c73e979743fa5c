/**
 * Dark mode: it follows the system, the menu and Shift+D switch it (and it is remembered); on
 * screen, shapes keep their meaning (dark ink turns light, fills turn deep, hues stay), while
 * exports keep the board's true colours unless dark is asked for.
 */
import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { exportThroughDialog } from './diagram-helpers';
import { chooseTool, drag, expect, openLink, openNewRoom, test } from './fixtures';

/** The colour the canvas shows at a point of the page. */
async function canvasPixel(page: Page, x: number, y: number): Promise<[number, number, number]> {
  const shot = PNG.sync.read(await page.screenshot({ clip: { x, y, width: 1, height: 1 } }));
  return [shot.data[0] as number, shot.data[1] as number, shot.data[2] as number];
}
const brightness = ([r, g, b]: number[]): number => ((r ?? 0) + (g ?? 0) + (b ?? 0)) / 3;

test('dark mode follows the system, switches with Shift+D, and exports keep the true colours', async ({ browser, server }) => {
  const page = await (await browser.newContext({ colorScheme: 'dark' })).newPage();
  const room = await openNewRoom(server.url, page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await chooseTool(page, 'rect');
  await drag(page, [400, 300], [640, 460]);
  await chooseTool(page, 'sticky');
  await page.mouse.click(850, 380);
  await page.keyboard.type('Dark notes');
  await page.keyboard.press('Escape');
  await page.mouse.click(1000, 700);
  await page.waitForTimeout(300);
  // Dark paper, light ink (the rectangle's outline is the board's near-black ink).
  expect(brightness(await canvasPixel(page, 1000, 650))).toBeLessThan(40);
  expect(brightness(await canvasPixel(page, 520, 301))).toBeGreaterThan(170);
  await page.screenshot({ path: 'test-results/dark-board.png' });
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(page.locator('[data-menu="theme-system"]')).toHaveAttribute('aria-checked', 'true');
  await page.screenshot({ path: 'test-results/dark-menu.png' });
  await page.keyboard.press('Escape');

  // The export keeps the board's own colours: white paper, dark ink.
  const png = PNG.sync.read(await exportThroughDialog(page, 'board-png'));
  const px = (x: number, y: number) => [png.data[(png.width * y + x) * 4], png.data[(png.width * y + x) * 4 + 1], png.data[(png.width * y + x) * 4 + 2]] as number[];
  expect(brightness(px(4, 4))).toBeGreaterThan(250);
  let ink = 0;
  let yellow = 0;
  for (let y = 0; y < png.height; y += 2) {
    for (let x = 0; x < png.width; x += 2) {
      const [r, g, b] = px(x, y) as [number, number, number];
      if (brightness([r, g, b]) < 80) ink++;
      if (r > 240 && g > 220 && b < 180) yellow++;
    }
  }
  expect(ink, 'the rectangle in its true near-black ink').toBeGreaterThan(200);
  expect(yellow, 'the note in its true yellow').toBeGreaterThan(2000);

  // Shift+D: light, chosen, and remembered after a reload.
  await page.mouse.click(1000, 700);
  await page.keyboard.press('Shift+D');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.waitForTimeout(300);
  expect(brightness(await canvasPixel(page, 1000, 650))).toBeGreaterThan(240);
  expect(brightness(await canvasPixel(page, 520, 301))).toBeLessThan(90);
  await openLink(page, room.links.editor?.web ?? '');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  // Back to the system's choice from the menu.
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.locator('[data-menu="theme-system"]').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});
