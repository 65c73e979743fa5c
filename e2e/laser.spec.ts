/**
 * The laser pointer (K): a glowing trail that the others in the room see in the presenter's
 * colour, gone about a second later. It is presence, not an edit: nothing enters the board or
 * anyone's history, and a viewer may use it.
 */
import type { Page } from '@playwright/test';
import { drawPolyline, expect, openLink, openNewRoom, shapeCount, test } from './fixtures';

/** Painted pixels of the laser overlay in a box of the page (CSS pixels). */
function laserPixels(page: Page, box: { x: number; y: number; w: number; h: number }): Promise<number> {
  return page.evaluate((b) => {
    const canvas = document.querySelector('.laser-overlay') as HTMLCanvasElement;
    const ratio = canvas.width / canvas.clientWidth;
    const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(b.x * ratio, b.y * ratio, b.w * ratio, b.h * ratio).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] as number) > 40) painted++;
    return painted;
  }, box);
}

const livePoints = (page: Page): Promise<number> => page.locator('.laser-overlay').evaluate((el) => Number((el as HTMLElement).dataset.livePoints ?? 0));

/** The board document as bytes, to prove the laser never wrote to it. */
const docState = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const debug = (window as unknown as { whiteboardDebug: { doc: { store: { clients: Map<number, unknown[]> } } } }).whiteboardDebug;
    return JSON.stringify([...debug.doc.store.clients].map(([id, items]) => [id, items.length]));
  });

test('a viewer’s laser trail is seen by the editor in the viewer’s colour, and gone after 2 s', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const room = await openNewRoom(server.url, alice);
  const bob = await (await browser.newContext()).newPage();
  await openLink(bob, room.links.viewer?.web ?? '');
  await expect(bob.locator('.status-badge .view-only')).toBeVisible();

  const before = await docState(alice);
  // The viewer picks the laser by its key; the other tools stay off for them.
  await bob.keyboard.press('k');
  await expect(bob.locator('[data-tool="laser"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(bob.locator('[data-tool="pen"]')).toBeDisabled();
  const path: Array<[number, number]> = [];
  for (let i = 0; i <= 20; i++) path.push([350 + i * 20, 400 + Math.sin(i / 3) * 60]);
  const drawn = drawPolyline(bob, path);
  // While Bob moves, Alice sees the trail grow.
  await expect.poll(() => livePoints(alice), { timeout: 5_000 }).toBeGreaterThan(5);
  await drawn;
  expect(await laserPixels(alice, { x: 340, y: 320, w: 440, h: 160 })).toBeGreaterThan(200);
  await alice.screenshot({ path: 'test-results/laser-seen.png' });
  // In Bob's colour: the overlay's painted pixels lean to his avatar's colour.
  const bobColor = await bob.locator('.avatar.self').evaluate((el) => getComputedStyle(el).getPropertyValue('--avatar').trim());
  const tint = await alice.evaluate(() => {
    const canvas = document.querySelector('.laser-overlay') as HTMLCanvasElement;
    const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
    let [r, g, b] = [0, 0, 0];
    for (let i = 0; i < data.length; i += 4) {
      if ((data[i + 3] as number) < 120) continue;
      r += data[i] as number;
      g += data[i + 1] as number;
      b += data[i + 2] as number;
    }
    return [r, g, b];
  });
  const want = [1, 3, 5].map((i) => parseInt(bobColor.slice(i, i + 2), 16));
  const strongest = (rgb: number[]) => rgb.indexOf(Math.max(...rgb));
  expect(strongest(tint)).toBe(strongest(want));

  // Gone after 2 s, on both screens; the board and its history never heard of it.
  await alice.waitForTimeout(2_000);
  expect(await livePoints(alice)).toBe(0);
  expect(await laserPixels(alice, { x: 0, y: 0, w: 1200, h: 800 })).toBe(0);
  expect(await livePoints(bob)).toBe(0);
  expect(await shapeCount(alice)).toBe(0);
  expect(await docState(alice)).toBe(before);
  await expect(alice.getByRole('button', { name: 'Undo (Ctrl+Z)' })).toBeDisabled();
});

test('an editor’s laser draws nothing on the board and leaves no undo step', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openNewRoom(server.url, alice, bob);
  await alice.locator('[data-tool="laser"]').click();
  await drawPolyline(alice, [[400, 300], [500, 350], [600, 300], [700, 360]]);
  expect(await livePoints(alice)).toBeGreaterThan(0);
  await expect.poll(() => livePoints(bob)).toBeGreaterThan(0);
  await bob.screenshot({ path: 'test-results/laser-editor.png' });
  expect(await shapeCount(alice)).toBe(0);
  expect(await shapeCount(bob)).toBe(0);
  await expect(alice.getByRole('button', { name: 'Undo (Ctrl+Z)' })).toBeDisabled();
  await expect.poll(() => livePoints(bob), { timeout: 3_000 }).toBe(0);
});
