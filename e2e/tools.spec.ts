/**
 * Every tool, driven with the mouse and keyboard in real Chromium against a real sync server:
 * each one's shape lands in the document (and in a second window), and shows on the canvas.
 * Then the select tool: click, shift-click, marquee, move, resize and rotate with the handles,
 * delete, duplicate and stacking order; and the camera: zoom, fit, 100%, space-drag, and a
 * view-only visitor who can pan but not draw.
 */
import type { Page } from '@playwright/test';
import { chooseTool, drag, drawPolyline, expect, openLink, openNewRoom, selectedIds, shapeCount, shapes, test } from './fixtures';
import { inkNear, screenshotPixels } from './pixels';

async function camera(page: Page): Promise<{ x: number; y: number; scale: number }> {
  return page.evaluate(() => (window as unknown as { whiteboardDebug: { view: { camera: { x: number; y: number; scale: number } } } }).whiteboardDebug.view.camera);
}

/** Centre of a Transformer handle ('bottom-right', 'rotater', …) in page pixels. */
async function handle(page: Page, name: string): Promise<[number, number]> {
  return page.evaluate((anchor) => {
    type Node = { getAbsolutePosition(): { x: number; y: number }; width(): number; height(): number };
    const { view } = (window as unknown as { whiteboardDebug: { view: { stage: { findOne(selector: string): Node | undefined } } } }).whiteboardDebug;
    const node = view.stage.findOne(`.${anchor}`);
    if (!node) throw new Error(`no ${anchor} handle`);
    const p = node.getAbsolutePosition();
    return [p.x + node.width() / 2, p.y + node.height() / 2] as [number, number];
  }, name);
}

test('every tool draws on the board, for everyone in the room', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openNewRoom(server.url, alice, bob);

  await chooseTool(alice, 'rect');
  await drag(alice, [300, 180], [480, 300]);
  // A finished shape is selected and the select tool takes over, as in Excalidraw and tldraw.
  await expect(alice.locator('[data-tool="select"]')).toHaveAttribute('aria-pressed', 'true');
  await chooseTool(alice, 'ellipse');
  await drag(alice, [540, 180], [720, 300]);
  await chooseTool(alice, 'arrow');
  await drag(alice, [780, 200], [980, 300]);
  await chooseTool(alice, 'pen');
  await drawPolyline(alice, [[300, 420], [400, 380], [500, 440], [600, 400]]);

  await chooseTool(alice, 'text');
  await alice.mouse.click(700, 420);
  // Keys typed before the in-place editor has focus would go to the canvas.
  await expect(alice.locator('textarea.text-editor')).toBeFocused();
  await alice.keyboard.type('Hello');
  await alice.keyboard.press('Enter');
  await alice.keyboard.type('whiteboard');
  await alice.keyboard.press('Escape');

  await chooseTool(alice, 'sticky');
  await alice.mouse.click(450, 620);
  await expect(alice.locator('textarea.text-editor')).toBeFocused();
  await alice.keyboard.type('Ship it on Friday');
  await alice.keyboard.press('Escape');

  await expect.poll(async () => (await shapes(alice)).map((s) => s.type)).toEqual(['rect', 'ellipse', 'arrow', 'stroke', 'text', 'sticky']);
  const drawn = await shapes(alice);
  const byType = Object.fromEntries(drawn.map((s) => [s.type, s]));
  expect(byType.rect).toMatchObject({ x: 300, y: 180, w: 180, h: 120, fill: 'transparent' });
  expect(byType.ellipse).toMatchObject({ x: 540, y: 180, w: 180, h: 120 });
  expect(byType.arrow?.points).toEqual([0, 0, 200, 100]);
  expect(byType.text?.text).toBe('Hello\nwhiteboard');
  expect(byType.sticky?.text).toBe('Ship it on Friday');
  await expect.poll(() => shapes(bob)).toEqual(drawn);

  // Bob's canvas shows them: the rectangle's outline but not its (transparent) inside, the
  // ellipse's top, the arrow's shaft, the text and the note (its text centred in it).
  await expect.poll(async () => {
    const pixel = await screenshotPixels(bob);
    return [inkNear(pixel, 390, 180), inkNear(pixel, 630, 180), inkNear(pixel, 880, 250), inkNear(pixel, 715, 420, 8), inkNear(pixel, 450, 620, 12)];
  }).toEqual([true, true, true, true, true]);
  expect(inkNear(await screenshotPixels(bob), 390, 240, 6)).toBe(false);

  // The eraser takes the stroke it is dragged across, and nothing else.
  await chooseTool(alice, 'eraser');
  await drag(alice, [400, 340], [400, 420]);
  await expect.poll(async () => (await shapes(bob)).map((s) => s.type)).toEqual(['rect', 'ellipse', 'arrow', 'text', 'sticky']);
  await alice.screenshot({ path: 'test-results/tools-board.png' });
});

test('select, move, resize and rotate; marquee, delete, duplicate and stacking order', async ({ page, server }) => {
  await openNewRoom(server.url, page);
  await chooseTool(page, 'rect');
  await drag(page, [300, 200], [500, 320]);
  const [rect] = await shapes(page);
  expect(await selectedIds(page)).toEqual([rect?.id]);

  // Move: drag from inside the selected rectangle.
  await drag(page, [400, 260], [500, 310]);
  await expect.poll(async () => (await shapes(page))[0]).toMatchObject({ x: 400, y: 250, w: 200, h: 120 });

  // Resize with the bottom-right handle.
  const corner = await handle(page, 'bottom-right');
  await drag(page, corner, [corner[0] + 100, corner[1] + 60]);
  await expect.poll(async () => {
    const s = (await shapes(page))[0];
    return [Math.round(s?.w ?? 0), Math.round(s?.h ?? 0), s?.x, s?.y];
  }).toEqual([300, 180, 400, 250]);

  // Rotate with the rotation handle: drag it round to the right of the shape (snaps to 90°).
  const rotater = await handle(page, 'rotater');
  const centre = [400 + 150, 250 + 90] as const;
  await drag(page, rotater, [centre[0] + 220, centre[1] + 2], 20);
  await expect.poll(async () => (await shapes(page))[0]?.rotation).toBe(90);
  await page.screenshot({ path: 'test-results/tools-rotated.png' });

  // A second shape; shift-click adds the first to the selection.
  await chooseTool(page, 'ellipse');
  await drag(page, [800, 500], [950, 620]);
  const ellipse = (await shapes(page))[1];
  await page.keyboard.down('Shift');
  await page.mouse.click(centre[0], centre[1]);
  await page.keyboard.up('Shift');
  expect((await selectedIds(page)).sort()).toEqual([rect?.id, ellipse?.id].sort());

  // Escape clears it; a marquee from empty board around the ellipse selects the ellipse only.
  await page.keyboard.press('Escape');
  expect(await selectedIds(page)).toEqual([]);
  await drag(page, [760, 460], [1000, 660]);
  expect(await selectedIds(page)).toEqual([ellipse?.id]);

  // Send the ellipse behind the rectangle, and bring it forward again.
  await page.keyboard.press('BracketLeft');
  await expect.poll(async () => (await shapes(page)).map((s) => s.type)).toEqual(['ellipse', 'rect']);
  await page.keyboard.press('BracketRight');
  await expect.poll(async () => (await shapes(page)).map((s) => s.type)).toEqual(['rect', 'ellipse']);

  // Duplicate (a copy on top, offset) and delete.
  await page.keyboard.press('Control+d');
  await expect.poll(() => shapeCount(page)).toBe(3);
  const copy = (await shapes(page))[2];
  expect(copy).toMatchObject({ type: 'ellipse', x: (ellipse?.x ?? 0) + 24, y: (ellipse?.y ?? 0) + 24 });
  expect(await selectedIds(page)).toEqual([copy?.id]);
  await page.keyboard.press('Delete');
  await expect.poll(() => shapeCount(page)).toBe(2);
});

test('double-click edits a text in place; the canvas pans and zooms', async ({ browser, server }) => {
  const page = await (await browser.newContext()).newPage();
  const room = await openNewRoom(server.url, page);
  await chooseTool(page, 'text');
  await page.mouse.click(300, 300);
  await expect(page.locator('textarea.text-editor')).toBeFocused();
  await page.keyboard.type('Draft');
  await page.keyboard.press('Escape');
  await expect.poll(async () => (await shapes(page))[0]?.text).toBe('Draft');
  await page.mouse.dblclick(320, 300);
  await expect(page.locator('textarea.text-editor')).toBeFocused();
  await page.keyboard.press('End');
  await page.keyboard.type(' two');
  await page.keyboard.press('Escape');
  await expect.poll(async () => (await shapes(page))[0]?.text).toBe('Draft two');

  // Mouse wheel zooms about the pointer; Shift+0 is 100%; Shift+1 fits the board.
  await page.mouse.move(600, 400);
  await page.mouse.wheel(0, -300);
  await expect.poll(async () => (await camera(page)).scale).toBeGreaterThan(1.2);
  await page.keyboard.press('Shift+Digit0');
  await expect.poll(async () => (await camera(page)).scale).toBe(1);
  await expect(page.locator('[data-action="zoom-reset"]')).toHaveText('100%');
  // Space-drag pans.
  const before = await camera(page);
  await page.keyboard.down('Space');
  await drag(page, [600, 600], [500, 650]);
  await page.keyboard.up('Space');
  expect(await camera(page)).toMatchObject({ x: before.x - 100, y: before.y + 50, scale: 1 });
  expect(await shapeCount(page)).toBe(1);
  await page.keyboard.press('Shift+Digit1');
  await expect.poll(async () => (await camera(page)).scale).toBe(1);

  // A view-only visitor pans with a plain drag, and draws nothing.
  const viewer = await (await browser.newContext()).newPage();
  await openLink(viewer, room.links.viewer?.web ?? '');
  await expect(viewer.locator('[data-tool="rect"]')).toBeDisabled();
  const start = await camera(viewer);
  await drag(viewer, [600, 500], [700, 450]);
  expect(await camera(viewer)).toMatchObject({ x: start.x + 100, y: start.y - 50 });
  expect(await shapeCount(viewer)).toBe(1);
});

test('a busy board, for a look at how it renders', async ({ page, server }) => {
  await openNewRoom(server.url, page);
  await page.evaluate(() => {
    type Create = (shapes: object[]) => string[];
    const { board } = (window as unknown as { whiteboardDebug: { board: { create: Create } } }).whiteboardDebug;
    const base = { rotation: 0, opacity: 1 };
    const box = (x: number, y: number, w: number, h: number, fill: string, color: string, label: string, type = 'rect') => ({ ...base, type, x, y, w, h, fill, color, width: 2, label });
    const text = (x: number, y: number, t: string, fontSize = 20, color = '#1f2328') => ({ ...base, type: 'text', x, y, text: t, fontSize, color, w: t.length * fontSize * 0.55, h: fontSize * 1.25 * t.split('\n').length });
    const note = (x: number, y: number, t: string, fill: string, rotation = 0) => ({ ...base, rotation, type: 'sticky', x, y, w: 170, h: 150, text: t, fontSize: 18, color: '#1f2328', fill });
    const scribble = (x: number, y: number, color: string) => {
      const points: number[] = [];
      for (let i = 0; i <= 40; i++) points.push(i * 6, Math.sin(i / 3) * 14 + (i % 7) * 0.6, 0.3 + 0.5 * Math.sin((i / 40) * Math.PI));
      return { ...base, type: 'stroke', x, y, color, width: 4, points };
    };
    const [frame] = board.create([{ ...base, type: 'frame', x: 240, y: 120, w: 780, h: 190, name: 'Launch plan — Q3' }]);
    const [research, prototype, ship, decide] = board.create([
      box(270, 170, 190, 90, '#a5d8ff', '#1971c2', 'Research'),
      box(550, 170, 190, 90, '#b2f2bb', '#2f9e44', 'Prototype'),
      box(830, 155, 160, 120, '#ffc9c9', '#e03131', 'Ship', 'ellipse'),
      box(300, 575, 200, 70, '#eebefa', '#9c36b5', 'Decide by Friday'),
    ].map((s) => ({ ...s, frameId: s.y < 300 ? frame : undefined })));
    const connect = (from: string | undefined, to: string | undefined, color: string, route?: string) => ({
      ...base, type: 'arrow', x: 0, y: 0, points: [0, 0, 1, 1], color, width: 2, startHead: 'none', endHead: 'arrow',
      start: { id: from, ax: 0.5, ay: 0.5 }, end: { id: to, ax: 0.5, ay: 0.5 }, ...(route ? { route } : {}),
    });
    const [interview, offline] = board.create([
      note(260, 350, 'Interview 12 users about onboarding', '#ffec99', -2),
      note(450, 340, 'Offline mode is the #1 request', '#ffc9c9', 1.5),
      note(640, 355, 'Try snapping to shapes\u2019 edges', '#b2f2bb', -1),
      note(830, 345, 'Perf: 10k shapes under 16 ms', '#a5d8ff', 2),
    ]);
    board.create([
      connect(research, prototype, '#495057'),
      connect(prototype, ship, '#495057'),
      connect(interview, decide, '#9c36b5', 'elbow'),
      connect(offline, decide, '#9c36b5', 'elbow'),
      text(700, 560, 'Beta opens 1 July', 24, '#1f2328'),
      scribble(700, 620, '#1f2328'),
      scribble(740, 665, '#e03131'),
    ]);
  });
  await expect.poll(() => shapeCount(page)).toBe(16);
  await chooseTool(page, 'select');
  // The paper of every note shows: yellow, pink, green and blue.
  const pixel = await screenshotPixels(page);
  const paper = [pixel(300, 470), pixel(500, 460), pixel(690, 480), pixel(880, 470)];
  expect(paper.map(({ r, g, b }) => r > 150 && g > 150 && b > 120)).toEqual([true, true, true, true]);
  await page.screenshot({ path: 'test-results/busy-board.png' });
});
