/**
 * Presenting together: "Bring everyone to me" moves everyone else's camera to the presenter's
 * until they move on their own or it is switched off; frames become slides that step with the
 * arrow keys, on the presenter's screen and on every follower's; people idle for a while show
 * as away.
 */
import type { Page } from '@playwright/test';
import { chooseTool, drag, expect, openNewRoom, test } from './fixtures';

interface CameraHandle {
  whiteboardDebug: { view: { camera: { x: number; y: number; scale: number }; visibleBounds(): { minX: number; minY: number; maxX: number; maxY: number } } };
}
const cameraOf = (page: Page) => page.evaluate(() => ({ ...(window as unknown as CameraHandle).whiteboardDebug.view.camera }));
/** The board point at the centre of the page's view. */
const centreOf = (page: Page) =>
  page.evaluate(() => {
    const b = (window as unknown as CameraHandle).whiteboardDebug.view.visibleBounds();
    return { x: (b.minX + b.maxX) / 2, y: (b.minY + b.maxY) / 2 };
  });

/** Pans by dragging with the middle button (screen pixels). */
async function pan(page: Page, dx: number, dy: number): Promise<void> {
  await page.mouse.move(600, 400);
  await page.mouse.down({ button: 'middle' });
  await page.mouse.move(600 + dx, 400 + dy, { steps: 5 });
  await page.mouse.up({ button: 'middle' });
}

/** Draws a frame by dragging with the Frame tool (screen coordinates). */
async function frame(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  await chooseTool(page, 'frame');
  await drag(page, from, to);
  await page.keyboard.press('Escape');
}

test('"Bring everyone to me" moves the others’ cameras until they move on their own', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  const carol = await (await browser.newContext({ viewport: { width: 900, height: 700 } })).newPage();
  await openNewRoom(server.url, alice, bob, carol);
  // Alice looks somewhere else, zoomed in.
  await alice.getByRole('button', { name: 'Zoom in (Ctrl+=)' }).click();
  await pan(alice, -200, -350);
  await pan(alice, 0, -350);
  const aliceCentre = await centreOf(alice);
  const bobBefore = await centreOf(bob);
  expect(Math.abs(aliceCentre.y - bobBefore.y)).toBeGreaterThan(500);

  const spotlight = alice.getByRole('button', { name: 'Bring everyone to me' });
  await spotlight.click();
  await expect(spotlight).toHaveAttribute('aria-pressed', 'true');
  for (const page of [bob, carol]) {
    await expect.poll(async () => (await cameraOf(page)).scale).toBeCloseTo((await cameraOf(alice)).scale, 5);
    await expect.poll(async () => (await centreOf(page)).y).toBeCloseTo(aliceCentre.y, 0);
    await expect(page.locator('.follow-banner')).toContainText('Following');
  }
  await expect(alice.locator('.follow-banner')).toContainText('Everyone is following you (2 people)');
  await alice.screenshot({ path: 'test-results/spotlight-presenter.png' });
  await bob.screenshot({ path: 'test-results/spotlight-follower.png' });

  // Alice moves on: both follow.
  await pan(alice, 0, -200);
  const moved = await centreOf(alice);
  await expect.poll(async () => (await centreOf(bob)).y).toBeCloseTo(moved.y, 0);
  // Carol moves on her own: she stops following, and stays where she went.
  await carol.getByRole('button', { name: 'Zoom out (Ctrl+-)' }).click();
  await expect(carol.locator('.follow-banner')).toBeHidden();
  const carolOwn = await cameraOf(carol);
  await pan(alice, 0, -150);
  const again = await centreOf(alice);
  await expect.poll(async () => (await centreOf(bob)).y).toBeCloseTo(again.y, 0);
  expect((await cameraOf(carol)).y).toBeCloseTo(carolOwn.y, 5);
  await expect(alice.locator('.follow-banner')).toContainText('(1 person)');

  // Alice stops: Bob is let go.
  await spotlight.click();
  await expect(bob.locator('.follow-banner')).toBeHidden();
  const bobLetGo = await cameraOf(bob);
  await pan(alice, 0, 250);
  await bob.waitForTimeout(500);
  expect((await cameraOf(bob)).y).toBeCloseTo(bobLetGo.y, 5);
});

test('frames are slides: the arrow keys step through them on the presenter’s screen and the followers’', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext({ viewport: { width: 1000, height: 640 } })).newPage();
  await openNewRoom(server.url, alice, bob);
  await frame(alice, [250, 150], [450, 300]);
  await frame(alice, [600, 450], [900, 700]);
  await frame(alice, [700, 150], [820, 260]);
  const frames = await alice.evaluate(() =>
    (window as unknown as { whiteboardDebug: { board: { all(): Array<{ id: string; type: string; x: number; y: number; w: number; h: number }> } } }).whiteboardDebug.board
      .all()
      .filter((s) => s.type === 'frame'),
  );
  expect(frames.length).toBe(3);
  const centre = (i: number) => ({ x: (frames[i]?.x ?? 0) + (frames[i]?.w ?? 0) / 2, y: (frames[i]?.y ?? 0) + (frames[i]?.h ?? 0) / 2 });

  // Bob follows Alice.
  await bob.locator('.avatar:not(.self)').click();
  // Alice presents from the first frame (the Frames navigator's order).
  await alice.getByRole('button', { name: 'Frames' }).click();
  await alice.getByRole('menuitem', { name: 'Present as slides' }).click();
  await expect(alice.locator('.slide-bar')).toBeVisible();
  await expect(alice.locator('.slide-position')).toHaveText(/^1 \/ 3/);
  await expect(alice.locator('.toolbar')).toBeHidden();
  const onSlide = async (page: Page, i: number) => {
    await expect.poll(async () => (await centreOf(page)).x, { timeout: 5_000 }).toBeCloseTo(centre(i).x, 0);
    expect((await centreOf(page)).y).toBeCloseTo(centre(i).y, 0);
  };
  await onSlide(alice, 0);
  await onSlide(bob, 0);
  await bob.screenshot({ path: 'test-results/slides-follower.png' });
  await alice.screenshot({ path: 'test-results/slides-presenter.png' });

  await alice.keyboard.press('ArrowRight');
  await expect(alice.locator('.slide-position')).toHaveText(/^2 \/ 3/);
  await onSlide(alice, 1);
  await onSlide(bob, 1);
  // The slide fills each screen: Bob's smaller window zooms less.
  expect((await cameraOf(bob)).scale).toBeLessThan((await cameraOf(alice)).scale);
  await alice.keyboard.press('ArrowRight');
  await onSlide(bob, 2);
  await alice.keyboard.press('ArrowRight'); // the last: stays
  await alice.keyboard.press('ArrowLeft');
  await onSlide(alice, 1);
  await onSlide(bob, 1);
  // The arrow keys stepped slides, they moved no frame.
  const after = await alice.evaluate(() =>
    (window as unknown as { whiteboardDebug: { board: { all(): Array<{ type: string; x: number; y: number }> } } }).whiteboardDebug.board.all().filter((s) => s.type === 'frame').map((s) => [s.x, s.y]),
  );
  expect(after).toEqual(frames.map((f) => [f.x, f.y]));

  await alice.keyboard.press('Escape');
  await expect(alice.locator('.slide-bar')).toBeHidden();
  await expect(alice.locator('.toolbar')).toBeVisible();
});

test('someone idle for a while shows as away to the others, and comes back when they move', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await bob.clock.install();
  await openNewRoom(server.url, alice, bob);
  await bob.mouse.move(500, 400);
  const bobOnAlice = alice.locator('.avatar:not(.self)');
  await expect(bobOnAlice).not.toHaveClass(/away/);
  await bob.clock.fastForward('03:10');
  await expect(bobOnAlice).toHaveClass(/away/, { timeout: 10_000 });
  await expect(bobOnAlice).toHaveAttribute('aria-label', /\(away\)/);
  await expect(alice.locator('.cursor.away .cursor-name')).toContainText('away');
  await alice.screenshot({ path: 'test-results/away.png' });
  await bob.mouse.move(520, 420);
  await expect(bobOnAlice).not.toHaveClass(/away/);
});
