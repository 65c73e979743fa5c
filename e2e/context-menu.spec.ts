/**
 * The canvas's right-click menu, with the mouse and keyboard in real Chromium: right-clicking a
 * shape selects it and offers what can be done to it (each command also names its shortcut);
 * the clipboard commands go through the system clipboard; the menu is driven by arrow keys and
 * closed by Escape or a click elsewhere; a view-only visitor gets only commands that change
 * nothing.
 */
import { chooseTool, drag, drawPolyline, expect, openLink, openNewRoom, selectedIds, shapeCount, shapes, test } from './fixtures';

test('right-click a shape: duplicate, reorder, copy and paste, delete; keys and clicks close it', async ({ browser, server }) => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await openNewRoom(server.url, page);
  await chooseTool(page, 'rect');
  await drag(page, [300, 300], [450, 400]);
  await chooseTool(page, 'pen');
  await drawPolyline(page, [[700, 300], [800, 350], [900, 300]]);
  await expect.poll(() => shapeCount(page)).toBe(2);
  const [rect, stroke] = await shapes(page);
  expect(rect?.type).toBe('rect');

  // With the pen still chosen, a right-click on the rectangle's edge selects it.
  await page.mouse.click(300, 350, { button: 'right' });
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  expect(await selectedIds(page)).toEqual([rect?.id]);
  await expect(menu.getByRole('menuitem', { name: 'Duplicate' })).toContainText('Ctrl+D');
  await expect(menu.getByRole('menuitem', { name: 'Cut' })).toBeFocused();
  await menu.getByRole('menuitem', { name: 'Duplicate' }).click();
  await expect(menu).toBeHidden();
  await expect.poll(() => shapeCount(page)).toBe(3);

  // Bring the rectangle in front of the stroke, from the keyboard.
  await page.mouse.click(300, 350, { button: 'right' });
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Bring to front' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu).toBeHidden();
  await expect.poll(async () => (await shapes(page)).at(-1)?.id).toBe(rect?.id);

  // Copy, then paste where the menu is opened: the copy lands there.
  await page.mouse.click(300, 350, { button: 'right' });
  await menu.getByRole('menuitem', { name: 'Copy' }).click();
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as { shapes: Array<{ type: string }> };
  expect(copied.shapes.map((s) => s.type)).toEqual(['rect']);
  await page.mouse.click(600, 600, { button: 'right' });
  expect(await selectedIds(page), 'empty board: the selection is dropped').toEqual([]);
  await expect(menu.getByRole('menuitem', { name: 'Copy' })).toBeDisabled();
  await menu.getByRole('menuitem', { name: 'Paste' }).click();
  await expect.poll(() => shapeCount(page)).toBe(4);
  const pasted = (await shapes(page)).find((s) => s.type === 'rect' && s.y > 500);
  expect(pasted, 'a rectangle pasted around the point right-clicked').toBeDefined();

  // Escape and a click elsewhere close it without doing anything.
  await page.mouse.click(850, 325, { button: 'right' });
  await expect(menu).toBeVisible();
  expect(await selectedIds(page)).toEqual([stroke?.id]);
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  expect(await shapeCount(page)).toBe(4);
  await page.mouse.click(850, 325, { button: 'right' });
  await page.mouse.click(1000, 650);
  await expect(menu).toBeHidden();
  // The open menu holds the keyboard: a board shortcut does nothing behind it, Tab stays in it,
  // and Escape gives focus back to the canvas.
  await page.mouse.click(850, 325, { button: 'right' });
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('Control+d');
  await page.keyboard.press('Delete');
  await expect(menu).toBeVisible();
  for (let i = 0; i < 30; i++) await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('[role="menu"]') !== null)).toBe(true);
  expect(await shapeCount(page)).toBe(4);
  await page.keyboard.press('Escape');
  await page.mouse.click(850, 325, { button: 'right' });
  expect(await selectedIds(page)).toEqual([stroke?.id]);
  await page.screenshot({ path: 'test-results/context-menu.png' });
  await menu.getByRole('menuitem', { name: 'Delete' }).click();
  await expect.poll(() => shapeCount(page)).toBe(3);
  expect((await shapes(page)).some((s) => s.id === stroke?.id)).toBe(false);
});

test('a view-only visitor’s right-click menu changes nothing', async ({ browser, server }) => {
  const editor = await (await browser.newContext()).newPage();
  const room = await openNewRoom(server.url, editor);
  await drawPolyline(editor, [[300, 300], [500, 300]]);
  const viewer = await (await browser.newContext()).newPage();
  await openLink(viewer, room.links.viewer?.web ?? '');
  await expect.poll(() => shapeCount(viewer)).toBe(1);
  await viewer.mouse.click(400, 300, { button: 'right' });
  const menu = viewer.getByRole('menu');
  await expect(menu).toBeVisible();
  const labels = await menu.getByRole('menuitem').allTextContents();
  expect(labels.map((l) => l.replace(/(Shift|Ctrl)\+.*$/, '').trim())).toEqual(['Zoom to fit', 'Zoom to 100%', 'Show grid', 'Export image…']);
  expect(await selectedIds(viewer)).toEqual([]);
});
