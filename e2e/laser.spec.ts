/**
 * The laser pointer (K): a glowing trail that the others in the room see in the presenter's
 * colour, gone about a second later. It is presence, not an edit: nothing enters the board or
 * anyone's history, and a viewer may use it.
 */
import type { Page } from '@playwright/test';
import { drawPolyline, expect, openLink, openNewRoom, shapeCount, test } from './fixtures';

interface LaserSample {
  /** Painted pixels of the laser overlay in the box. */
  painted: number;
  /** The sums of red, green and blue over its strongly painted pixels, for the colour it leans to. */
  rgb: [number, number, number];
}

/** The laser overlay in a box of the page (CSS pixels), read at one moment: the trail fades as it is read. */
function laserSample(page: Page, box: { x: number; y: number; w: number; h: number }): Promise<LaserSample> {
  return page.evaluate((b) => {
    const canvas = document.querySelector('.laser-overlay') as HTMLCanvasElement;
    const ratio = canvas.width / canvas.clientWidth;
    const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(b.x * ratio, b.y * ratio, b.w * ratio, b.h * ratio).data;
    let painted = 0;
    const rgb: [number, number, number] = [0, 0, 0];
    for (let i = 0; i < data.length; i += 4) {
      const alpha = data[i + 3] as number;
      if (alpha > 40) painted++;
      if (alpha < 120) continue;
      rgb[0] += data[i] as number;
      rgb[1] += data[i + 1] as number;
      rgb[2] += data[i + 2] as number;
    }
    return { painted, rgb };
  }, box);
}

const laserPixels = async (page: Page, box: { x: number; y: number; w: number; h: number }): Promise<number> => (await laserSample(page, box)).painted;

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
  // While Bob moves, Alice sees the trail grow: read while it is drawn, since it fades behind the pointer (on a busy
  // machine the end of the stroke can come a second after its start).
  await expect.poll(() => livePoints(alice), { timeout: 5_000 }).toBeGreaterThan(5);
  let sample: LaserSample = { painted: 0, rgb: [0, 0, 0] };
  await expect
    .poll(async () => (sample = await laserSample(alice, { x: 340, y: 320, w: 440, h: 160 })).painted, { timeout: 5_000, intervals: [50] })
    .toBeGreaterThan(200);
  await alice.screenshot({ path: 'test-results/laser-seen.png' });
  await drawn;
  // In Bob's colour: the overlay's painted pixels lean to his avatar's colour.
  // (Polled: the people list redraws its avatars as presence changes, and one replaced as it is read has no computed
  // style, so no colour.)
  let bobColor = '';
  await expect
    .poll(async () => (bobColor = await bob.locator('.avatar.self').evaluate((el) => getComputedStyle(el).getPropertyValue('--avatar').trim())))
    .toMatch(/^#[0-9a-f]{6}$/i);
  const tint = sample.rgb;
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
  // Bob is watched while Alice draws: the trail fades within 2 s, which a busy machine can spend before a late look.
  const bobSees = expect.poll(() => livePoints(bob), { intervals: [50] }).toBeGreaterThan(0);
  await drawPolyline(alice, [[400, 300], [500, 350], [600, 300], [700, 360]]);
  expect(await livePoints(alice)).toBeGreaterThan(0);
  await bobSees;
  await bob.screenshot({ path: 'test-results/laser-editor.png' });
  expect(await shapeCount(alice)).toBe(0);
  expect(await shapeCount(bob)).toBe(0);
  await expect(alice.getByRole('button', { name: 'Undo (Ctrl+Z)' })).toBeDisabled();
  await expect.poll(() => livePoints(bob), { timeout: 3_000 }).toBe(0);
});
