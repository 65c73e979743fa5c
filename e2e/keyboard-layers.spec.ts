/**
 * Dialogs and menus hold the keyboard: focus goes into them and stays there (Tab cycles inside),
 * Escape closes them and gives focus back, and no board shortcut acts behind them. The bug this
 * guards against: with the Share dialog open, Ctrl+A then Delete deleted every shape behind it.
 */
import type { Page } from '@playwright/test';
import { chooseTool, drag, expect, openNewRoom, shapeCount, test } from './fixtures';

const focusIsIn = (page: Page, selector: string): Promise<boolean> => page.evaluate((s) => document.activeElement?.closest(s) != null, selector);

test('with the Share dialog open, Escape closes it and Ctrl+A then Delete change nothing', async ({ page, server }) => {
  await openNewRoom(server.url, page);
  await chooseTool(page, 'rect');
  await drag(page, [300, 300], [420, 380]);
  await chooseTool(page, 'rect');
  await drag(page, [500, 300], [620, 380]);
  await expect.poll(() => shapeCount(page)).toBe(2);

  const share = page.getByRole('button', { name: 'Share' });
  await share.click();
  const dialog = page.getByRole('dialog', { name: 'Share this board' });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('[data-link="editor"] input')).toBeVisible();
  // The links arrived and redrew the dialog: focus is still inside it.
  expect(await focusIsIn(page, 'dialog')).toBe(true);
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.keyboard.press('Backspace');
  // Even with focus knocked out of the dialog onto the page, the keys are the dialog's.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  expect(await focusIsIn(page, 'dialog'), 'a key pressed outside brings focus back in').toBe(true);
  await page.keyboard.press('r');
  await page.keyboard.press('Control+z');
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    expect(await focusIsIn(page, 'dialog'), 'Tab cycles inside the dialog').toBe(true);
  }
  await page.keyboard.press('Shift+Tab');
  expect(await focusIsIn(page, 'dialog')).toBe(true);
  await expect(dialog).toBeVisible();
  expect(await shapeCount(page)).toBe(2);
  await expect(page.locator('[data-tool="pen"]')).toHaveAttribute('aria-pressed', 'false');

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(share, 'focus goes back to the Share button').toBeFocused();
  expect(await shapeCount(page)).toBe(2);

  // Opened by its shortcut, closed by Escape, focus back on the canvas side: the board works again.
  await page.keyboard.press('Control+Shift+L');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.mouse.click(700, 600);
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await expect.poll(() => shapeCount(page)).toBe(0);
});

test('the keyboard shortcuts dialog and the board menu hold the keyboard too', async ({ page, server }) => {
  await openNewRoom(server.url, page);
  await chooseTool(page, 'rect');
  await drag(page, [300, 300], [420, 380]);
  await page.keyboard.press('Shift+?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  // Every shortcut, from the list the keys are bound from, and a field that narrows it.
  await expect(help.locator('dt', { hasText: 'Laser pointer' }).locator('+ dd')).toHaveText('K');
  await expect(help.locator('dt', { hasText: 'Find text on the board' }).locator('+ dd')).toHaveText('Ctrl+F');
  await expect(help.getByRole('searchbox', { name: 'Search shortcuts' })).toBeFocused();
  await page.keyboard.type('zoom');
  await expect(help.locator('dt:visible')).toHaveCount(5);
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  expect(await shapeCount(page)).toBe(1);

  const menuButton = page.getByRole('button', { name: 'Menu' });
  await menuButton.click();
  const menu = page.getByRole('menu', { name: 'Board menu' });
  await expect(menu).toBeVisible();
  expect(await focusIsIn(page, '[role="menu"]'), 'focus moves into the open menu').toBe(true);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  for (let i = 0; i < 15; i++) await page.keyboard.press('Tab');
  expect(await focusIsIn(page, '[role="menu"]')).toBe(true);
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(menuButton).toBeFocused();
  expect(await shapeCount(page)).toBe(1);
  // From the keyboard alone: open the menu, pick "Keyboard shortcuts" by its first letter.
  await page.keyboard.press('Enter');
  await expect(menu).toBeVisible();
  await page.keyboard.press('k');
  await expect(page.locator('[data-menu="shortcuts"]')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(help).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menuButton).toBeFocused();
});
