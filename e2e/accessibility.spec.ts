/**
 * Accessibility: the board and its dialogs pass an axe-core scan with no serious or critical
 * violation, in light and dark; everything works from the keyboard alone (the toolbar's arrow
 * keys, the board a stop in the Tab order whose Tab steps through the shapes, each read out).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { chooseTool, drag, expect, openNewRoom, test } from './fixtures';

async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`);
}

async function drawSome(page: Page): Promise<void> {
  await chooseTool(page, 'rect');
  await drag(page, [300, 200], [460, 300]);
  await page.keyboard.press('Enter');
  await expect(page.locator('.text-editor')).toBeFocused();
  await page.keyboard.type('Plan');
  await page.keyboard.press('Escape');
  await chooseTool(page, 'sticky');
  await page.mouse.click(700, 250);
  await expect(page.locator('.text-editor')).toBeFocused();
  await page.keyboard.type('Ship it');
  await page.keyboard.press('Escape');
  await chooseTool(page, 'ellipse');
  await drag(page, [400, 450], [560, 560]);
  await page.keyboard.press('Escape');
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`an axe-core scan finds no serious or critical violation (${colorScheme}): the board, Share, Export, the shortcuts`, async ({ browser, server }) => {
    const page = await (await browser.newContext({ colorScheme })).newPage();
    await openNewRoom(server.url, page);
    await drawSome(page);
    await page.getByRole('button', { name: 'Menu' }).click();
    expect(await seriousViolations(page), 'the board, with its menu open').toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Share' }).click();
    const share = page.getByRole('dialog', { name: 'Share this board' });
    await expect(share.locator('[data-link="editor"] input')).toBeVisible();
    expect(await seriousViolations(page), 'the Share dialog').toEqual([]);
    await page.keyboard.press('Escape');
    // A dialog holds the keyboard until it is gone: a key typed before then is the dialog's, as for a person.
    await expect(share).toBeHidden();

    await page.keyboard.press('Control+Shift+E');
    const exporter = page.getByRole('dialog', { name: 'Export image' });
    await expect(exporter.locator('.export-preview img')).toHaveAttribute('src', /^blob:/);
    expect(await seriousViolations(page), 'the Export dialog').toEqual([]);
    await page.keyboard.press('Escape');
    await expect(exporter).toBeHidden();

    await page.keyboard.press('Shift+?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    expect(await seriousViolations(page), 'the keyboard help').toEqual([]);
    await page.keyboard.press('Escape');
    // As for the dialogs above (a CI run once lost its Ctrl+F to the closing help).
    await expect(help).toBeHidden();

    await page.keyboard.press('Control+f');
    await page.getByRole('searchbox').fill('plan');
    expect(await seriousViolations(page), 'the Find bar').toEqual([]);
  });
}

test('the keyboard alone: the toolbar’s arrow keys, and Tab on the board steps through the shapes, each read out', async ({ page, server }) => {
  await openNewRoom(server.url, page);
  await drawSome(page);
  // From the top of the page, Tab reaches the toolbar as one stop; arrows move inside it.
  await page.locator('body').click({ position: { x: 1100, y: 700 } });
  await page.getByRole('button', { name: 'Menu' }).focus();
  let guard = 0;
  while (!(await page.evaluate(() => document.activeElement?.closest('[role="toolbar"]') != null)) && guard++ < 20) await page.keyboard.press('Tab');
  const focusedTool = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.tool ?? null);
  const first = await focusedTool();
  expect(first).not.toBeNull();
  await page.keyboard.press('ArrowRight');
  const second = await focusedTool();
  expect(second).not.toBe(first);
  await page.keyboard.press('Enter');
  await expect(page.locator(`[data-tool="${second}"]`)).toHaveAttribute('aria-pressed', 'true');
  // Focus is visible: an outline on the focused button.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
  expect(outline).toBe('solid');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('[role="toolbar"]') == null), 'Tab leaves the toolbar in one step').toBe(true);

  // The board is a stop in the Tab order; there, Tab steps through the shapes in reading order.
  const board = page.getByRole('application', { name: /Board/ });
  await board.focus();
  const said = page.locator('[data-announcer]');
  await expect(said).toHaveText(/Board, 3 shapes/);
  // The note (its top at 150) reads before the box (its top at 200).
  await page.keyboard.press('Tab');
  await expect(said).toHaveText('Sticky note, “Ship it”. 1 of 3.');
  await page.keyboard.press('Tab');
  await expect(said).toHaveText('Rectangle, “Plan”. 2 of 3.');
  await page.keyboard.press('Tab');
  await expect(said).toHaveText('Ellipse. 3 of 3.');
  await page.keyboard.press('Shift+Tab');
  await expect(said).toHaveText('Rectangle, “Plan”. 2 of 3.');
  // What is stepped to is selected: the keyboard edits it.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Delete');
  await expect.poll(() => page.evaluate(() => (window as unknown as { whiteboardDebug: { board: { size: number } } }).whiteboardDebug.board.size)).toBe(2);
  await expect(board).toBeFocused();
  await page.screenshot({ path: 'test-results/keyboard-board.png' });
});
