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

/** A pen event through the DevTools protocol (Chromium sends it to the page as a pen pointer). */
async function pen(cdp: CDPSession, type: 'mousePressed' | 'mouseMoved' | 'mouseReleased', x: number, y: number, force: number): Promise<void> {
  await cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', buttons: type === 'mouseReleased' ? 0 : 1, clickCount: 1, pointerType: 'pen', force });
}

test('pen mode: the pen draws with its pressure, a palm during a stroke draws and moves nothing, one finger pans', async ({ browser, server }) => {
  const page = await (await browser.newContext({ hasTouch: true })).newPage();
  await openNewRoom(server.url, page);
  await chooseTool(page, 'pen');
  const cdp = await page.context().newCDPSession(page);
  await expect(page.locator('[data-menu="pen-mode"]')).toHaveCount(1);

  // The first pen stroke turns pen mode on (and says so); during it, a palm lands and slides.
  // Toasts are recorded as they appear: one shows for 4 s, less than these CDP events can take
  // on a loaded machine.
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { toastsSeen: string[] }).toastsSeen = []);
    new MutationObserver((records) => {
      for (const record of records) for (const node of record.addedNodes) {
        if (node instanceof HTMLElement && node.classList.contains('toast')) seen.push(node.textContent ?? '');
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  const before = await camera(page);
  await pen(cdp, 'mousePressed', 300, 300, 0.2);
  for (let i = 1; i <= 6; i++) await pen(cdp, 'mouseMoved', 300 + 25 * i, 300 + 10 * i, 0.2 + i * 0.1);
  // A palm touches in more than one place: without palm rejection, that is a pinch.
  await touch(cdp, 'touchStart', [{ id: 7, x: 700, y: 600 }]);
  await touch(cdp, 'touchStart', [{ id: 7, x: 700, y: 600 }, { id: 8, x: 760, y: 640 }]);
  for (let i = 1; i <= 6; i++) await touch(cdp, 'touchMove', [{ id: 7, x: 700 + 20 * i, y: 600 - 10 * i }, { id: 8, x: 760 + 35 * i, y: 640 }]);
  await touch(cdp, 'touchEnd', []);
  for (let i = 7; i <= 10; i++) await pen(cdp, 'mouseMoved', 300 + 25 * i, 300 + 10 * i, 0.9);
  await pen(cdp, 'mouseReleased', 550, 400, 0);
  await expect.poll(() => page.evaluate(() => (window as unknown as { toastsSeen: string[] }).toastsSeen.join('\n'))).toContain('Pen detected');
  await expect.poll(() => shapeCount(page)).toBe(1);
  const stroke = await page.evaluate(() => (window as unknown as { whiteboardDebug: { board: { all(): Array<{ type: string; points: number[] }> } } }).whiteboardDebug.board.all()[0]);
  expect(stroke?.type).toBe('stroke');
  // Pressure from the pen: rising along the stroke, not the mouse's constant 0.5.
  const pressures = (stroke?.points ?? []).filter((_, i) => i % 3 === 2);
  expect(Math.min(...pressures)).toBeLessThan(0.35);
  expect(Math.max(...pressures)).toBeGreaterThan(0.8);
  expect(await camera(page), 'the palm moved nothing').toEqual(before);
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(page.locator('[data-menu="pen-mode"]')).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('Escape');

  // One finger in pen mode pans, and draws nothing.
  await touch(cdp, 'touchStart', [{ id: 1, x: 600, y: 500 }]);
  for (let i = 1; i <= 5; i++) await touch(cdp, 'touchMove', [{ id: 1, x: 600 - 20 * i, y: 500 - 10 * i }]);
  await touch(cdp, 'touchEnd', []);
  const panned = await camera(page);
  expect(panned.x - before.x).toBeCloseTo(-100, 0);
  expect(panned.y - before.y).toBeCloseTo(-50, 0);
  expect(await shapeCount(page)).toBe(1);
  // Two fingers still pinch-zoom.
  await touch(cdp, 'touchStart', [{ id: 1, x: 500, y: 400 }, { id: 2, x: 700, y: 400 }]);
  for (let i = 1; i <= 5; i++) await touch(cdp, 'touchMove', [{ id: 1, x: 500 - 20 * i, y: 400 }, { id: 2, x: 700 + 20 * i, y: 400 }]);
  await touch(cdp, 'touchEnd', []);
  expect((await camera(page)).scale).toBeGreaterThan(panned.scale * 1.5);
  expect(await shapeCount(page)).toBe(1);
});
