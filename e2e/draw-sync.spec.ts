/**
 * The walking skeleton, end to end: two browser windows on one room of a real sync server; a
 * stroke drawn with the mouse in one appears in the other, in its document and on its canvas.
 */
import { drawPolyline, expect, openLink, openNewRoom, shapeCount, test } from './fixtures';
import { inkNear, screenshotPixels, segmentMidpoints } from './pixels';

const STROKE: ReadonlyArray<readonly [number, number]> = [
  [300, 400],
  [450, 300],
  [600, 450],
  [750, 350],
];

test('a stroke drawn in one window appears in another, in the document and on the canvas', async ({ browser, server }) => {
  // Separate browser contexts: nothing is shared between the two pages but the server.
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openNewRoom(server.url, alice, bob);

  const onStroke = segmentMidpoints(STROKE);
  const before = await screenshotPixels(bob);
  expect(onStroke.filter(([x, y]) => inkNear(before, x, y))).toEqual([]);

  await alice.locator('[data-tool="pen"]').click();
  await drawPolyline(alice, STROKE);

  await expect.poll(() => shapeCount(bob)).toBe(1);
  const points = await bob.evaluate(() => {
    const { board } = (window as unknown as { whiteboardDebug: { board: { all(): Array<{ points: number[] }> } } }).whiteboardDebug;
    return board.all()[0]?.points ?? [];
  });
  // The whole stroke arrived, from its first point to its last.
  expect(points.length).toBeGreaterThan(3 * STROKE.length);
  expect(points.slice(0, 2)).toEqual([300, 400]);
  expect(points.slice(-3, -1)).toEqual([750, 350]);

  // Bob's canvas shows ink along the stroke and not far away from it.
  await expect.poll(async () => {
    const pixel = await screenshotPixels(bob);
    return onStroke.filter(([x, y]) => inkNear(pixel, x, y)).length;
  }).toBe(onStroke.length);
  // Alice's just-drawn stroke is outlined in her colour for a moment; check for stray ink once
  // the outline has faded, so only the canvas is judged.
  await expect(bob.locator('.outline')).toHaveCount(0, { timeout: 5_000 });
  const after = await screenshotPixels(bob);
  expect(inkNear(after, 300, 650)).toBe(false);
  expect(inkNear(after, 525, 375 - 80)).toBe(false);
});

test('a new visitor to the room is sent everything drawn before', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const room = await openNewRoom(server.url, alice);
  await drawPolyline(alice, STROKE);
  await drawPolyline(alice, [[300, 600], [700, 600]]);
  await expect.poll(() => shapeCount(alice)).toBe(2);

  const carol = await (await browser.newContext()).newPage();
  await openLink(carol, room.links.editor?.web ?? '');
  await expect.poll(() => shapeCount(carol)).toBe(2);
  await expect.poll(async () => inkNear(await screenshotPixels(carol), 500, 600)).toBe(true);
});

test('opening the server root creates a new board, with its editor link in the address bar', async ({ page, server }) => {
  await page.goto(server.url);
  await expect(page.locator('.status-badge')).toHaveAttribute('data-status', 'connected');
  const url = new URL(page.url());
  expect(url.pathname).toMatch(/^\/r\/[A-Za-z0-9_-]{22}$/);
  expect(url.hash).toMatch(/^#t=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  await expect(page.locator('[data-tool="pen"]')).toBeEnabled();
});
