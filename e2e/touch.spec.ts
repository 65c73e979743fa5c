/**
 * A touch screen, in real Chromium (touch events sent through the DevTools protocol, which the
 * page receives as touch pointer events): one finger draws; a second finger turns the gesture
 * into a pinch that zooms about the fingers' centre and pans with it, and takes back the stroke
 * the first finger had begun.
 */
import type { CDPSession, Page } from '@playwright/test';
import { chooseTool, expect, openNewRoom, shapeCount, test } from './fixtures';

interface Finger {
  id: number;
  x: number;
  y: number;
}

/** Sends one touch event; `fingers` are the points down after it (none for the last touchEnd). */
async function touch(cdp: CDPSession, type: 'touchStart' | 'touchMove' | 'touchEnd', fingers: Finger[]): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: fingers.map((f) => ({ ...f, radiusX: 5, radiusY: 5, force: 0.5 })) });
}

async function camera(page: Page): Promise<{ x: number; y: number; scale: number }> {
  return page.evaluate(() => ({ ...(window as unknown as { whiteboardDebug: { view: { camera: { x: number; y: number; scale: number } } } }).whiteboardDebug.view.camera }));
}

/** The board point under a point of the page, as the app maps it now. */
async function boardPointAt(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  type View = { toBoardPoint(x: number, y: number): { x: number; y: number } };
  return page.evaluate(([px, py]) => (window as unknown as { whiteboardDebug: { view: View } }).whiteboardDebug.view.toBoardPoint(px!, py!), [x, y]);
}

test('one finger draws; two fingers pinch-zoom and pan, and draw nothing', async ({ browser, server }) => {
  const page = await (await browser.newContext({ hasTouch: true })).newPage();
  await openNewRoom(server.url, page);
  await chooseTool(page, 'pen');
  const cdp = await page.context().newCDPSession(page);

  // One finger: a stroke.
  await touch(cdp, 'touchStart', [{ id: 1, x: 300, y: 600 }]);
  for (let i = 1; i <= 10; i++) await touch(cdp, 'touchMove', [{ id: 1, x: 300 + 30 * i, y: 600 + 5 * i }]);
  await touch(cdp, 'touchEnd', []);
  await expect.poll(() => shapeCount(page)).toBe(1);

  // The first finger lands and starts a stroke; the second lands 200 px away (centre (605, 400));
  // they spread to 400 px apart while their centre moves 45 px right.
  const before = await camera(page);
  const anchor = await boardPointAt(page, 605, 400);
  await touch(cdp, 'touchStart', [{ id: 1, x: 500, y: 400 }]);
  await touch(cdp, 'touchMove', [{ id: 1, x: 505, y: 400 }]);
  await touch(cdp, 'touchStart', [{ id: 1, x: 505, y: 400 }, { id: 2, x: 705, y: 400 }]);
  for (let i = 1; i <= 10; i++) {
    const half = 100 + 10 * i;
    const centre = 605 + 4.5 * i;
    await touch(cdp, 'touchMove', [{ id: 1, x: centre - half, y: 400 }, { id: 2, x: centre + half, y: 400 }]);
  }
  await touch(cdp, 'touchEnd', []);
  const after = await camera(page);
  expect(after.scale / before.scale).toBeCloseTo(2, 1);
  // The board point that was between the fingers is between them still, where they ended.
  const under = await boardPointAt(page, 650, 400);
  expect(under.x).toBeCloseTo(anchor.x, 0);
  expect(under.y).toBeCloseTo(anchor.y, 0);
  // The first finger had begun a stroke: the second one took it back, undo step and all, so
  // undo takes back the one-finger stroke.
  await page.waitForTimeout(300);
  expect(await shapeCount(page)).toBe(1);
  await page.screenshot({ path: 'test-results/touch-pinch.png' });
  await page.keyboard.press('Control+z');
  await expect.poll(() => shapeCount(page)).toBe(0);
});
