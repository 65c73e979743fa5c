/**
 * Text in shapes and text typed together, end to end in Chromium against the real server:
 * a label typed into a rectangle and an ellipse sits centred and wrapped inside it and moves
 * with it; two people typing into the same sticky note at the same time both keep every
 * character, each sees the other's caret in their colour, and a third person who joins later
 * reads the same note.
 */
import type { Page } from '@playwright/test';
import { chooseTool, drag, expect, openLink, openNewRoom, shapes, test } from './fixtures';
import { inkNear, screenshotPixels } from './pixels';

async function stickyText(page: Page): Promise<string | undefined> {
  return (await shapes(page)).find((s) => s.type === 'sticky')?.text;
}

test('keys typed the moment a note is placed go into it, not to the board’s shortcuts', async ({ page, server }) => {
  await openNewRoom(server.url, page);
  // Timers of 0 ms run 300 ms late from here, as on a busy machine where typed keys come first.
  await page.evaluate(() => {
    const later = window.setTimeout;
    window.setTimeout = ((run: TimerHandler, ms?: number, ...rest: unknown[]) => later(run, ms || 300, ...rest)) as typeof window.setTimeout;
  });
  await chooseTool(page, 'sticky');
  await page.mouse.click(400, 300);
  // As shortcuts, these would pick the line and arrow tools.
  await page.keyboard.type('lane');
  await page.keyboard.press('Escape');
  await expect.poll(() => stickyText(page)).toBe('lane');
});

test('a label typed into a box wraps inside it, centred, and moves with it', async ({ page, server }) => {
  await openNewRoom(server.url, page);
  await chooseTool(page, 'rect');
  await drag(page, [300, 200], [520, 320]);
  await page.keyboard.press('Escape');
  // Double-click inside the box: its label editor opens.
  await page.mouse.dblclick(410, 260);
  await expect(page.locator('textarea.text-editor')).toBeFocused();
  await page.keyboard.type('Checkout service');
  await page.keyboard.press('Escape');
  await expect.poll(async () => (await shapes(page))[0]).toMatchObject({ label: 'Checkout service' });
  const pixel = await screenshotPixels(page);
  // Centred: ink at the middle of the box, none near its left inner edge on the text's line.
  expect(inkNear(pixel, 410, 260, 6)).toBe(true);
  expect(inkNear(pixel, 318, 260, 4)).toBe(false);

  // Enter on a selected ellipse edits its label too; a long one wraps inside the ellipse.
  await chooseTool(page, 'ellipse');
  await drag(page, [640, 180], [880, 340]);
  await page.keyboard.press('Enter');
  await expect(page.locator('textarea.text-editor')).toBeFocused();
  await page.keyboard.type('Payment provider webhook retries');
  await page.keyboard.press('Escape');
  const ellipse = (await shapes(page)).find((s) => s.type === 'ellipse');
  expect(ellipse).toMatchObject({ label: 'Payment provider webhook retries' });
  const wrapped = await screenshotPixels(page);
  // Two lines inside the ellipse, neither reaching past its sides.
  expect(inkNear(wrapped, 760, 248, 6) || inkNear(wrapped, 760, 250, 6)).toBe(true);
  expect(inkNear(wrapped, 760, 272, 6)).toBe(true);
  expect(inkNear(wrapped, 650, 260, 3)).toBe(false);
  await page.screenshot({ path: 'test-results/labels.png' });

  // Move the rectangle: the label goes with it.
  await page.mouse.click(410, 300);
  await drag(page, [410, 300], [410, 520]);
  await expect.poll(async () => (await shapes(page)).find((s) => s.type === 'rect')?.y).toBe(420);
  await page.mouse.click(1000, 700);
  await expect.poll(async () => {
    const moved = await screenshotPixels(page);
    return [inkNear(moved, 410, 480, 6), inkNear(moved, 410, 260, 6)];
  }).toEqual([true, false]);
});

test('two people type into one sticky note at once: both keep every character, and see each other\u2019s caret', async ({ browser, server }) => {
  test.setTimeout(120_000);
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  const room = await openNewRoom(server.url, alice, bob);
  await chooseTool(alice, 'sticky');
  await alice.mouse.click(500, 330);
  await expect(alice.locator('textarea.text-editor')).toBeFocused();
  await alice.keyboard.press('Escape');
  await expect.poll(() => stickyText(bob)).toBe('');

  // Both open the note for typing.
  await chooseTool(bob, 'select');
  await alice.mouse.dblclick(500, 330);
  await bob.mouse.dblclick(500, 330);
  await expect(alice.locator('textarea.text-editor')).toBeFocused();
  await expect(bob.locator('textarea.text-editor')).toBeFocused();

  // 200 keystrokes each, interleaved: Alice types digits, Bob lowercase letters.
  const aliceTyped = Array.from({ length: 200 }, (_, i) => String(i % 10)).join('');
  const bobTyped = Array.from({ length: 200 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
  for (let i = 0; i < 200; i++) {
    await alice.keyboard.type(aliceTyped[i] as string);
    await bob.keyboard.type(bobTyped[i] as string);
    if (i === 100) {
      // Halfway: each sees the other's caret in the other's colour, inside the note.
      await expect(alice.locator('.remote-caret')).toHaveCount(1);
      await expect(bob.locator('.remote-caret')).toHaveCount(1);
      const bobColor = await bob.evaluate(() => {
        const presence = (window as unknown as { whiteboardDebug: { presence: { peers(): Array<{ isSelf: boolean; color: string }> } } }).whiteboardDebug.presence;
        return presence.peers().find((p) => p.isSelf)?.color;
      });
      const shown = await alice.locator('.remote-caret').evaluate((node) => getComputedStyle(node).backgroundColor);
      const hex = (rgb: string): string => `#${(rgb.match(/\d+/g) ?? []).slice(0, 3).map((v) => Number(v).toString(16).padStart(2, '0')).join('')}`;
      expect(hex(shown)).toBe(bobColor);
      await alice.screenshot({ path: 'test-results/typing-together.png' });
    }
  }

  const onlyFrom = (text: string, alphabet: RegExp): string => [...text].filter((c) => alphabet.test(c)).join('');
  const settled = async (page: Page): Promise<string> => (await stickyText(page)) ?? '';
  await expect.poll(async () => (await settled(alice)).length, { timeout: 15_000 }).toBe(400);
  await expect.poll(async () => (await settled(bob)).length, { timeout: 15_000 }).toBe(400);
  const text = await settled(alice);
  expect(await settled(bob)).toBe(text);
  // Every keystroke of each person is there, in the order they typed it.
  expect(onlyFrom(text, /\d/)).toBe(aliceTyped);
  expect(onlyFrom(text, /[a-z]/)).toBe(bobTyped);
  // And both editors show it.
  await expect(alice.locator('textarea.text-editor')).toHaveValue(text);
  await expect(bob.locator('textarea.text-editor')).toHaveValue(text);

  await alice.keyboard.press('Escape');
  await bob.keyboard.press('Escape');
  const carol = await (await browser.newContext()).newPage();
  await openLink(carol, room.links.editor?.web ?? '');
  await expect.poll(() => stickyText(carol)).toBe(text);
  await carol.screenshot({ path: 'test-results/typed-together-late-joiner.png' });
});
