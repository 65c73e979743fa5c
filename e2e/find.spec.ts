/**
 * Find (Ctrl+F): text in texts, notes, box labels and frame names, ignoring case and accents;
 * Enter steps through the hits and the camera zooms to each; a hit a peer types appears while
 * the bar is open; Escape closes it.
 */
import type { Page } from '@playwright/test';
import { chooseTool, drag, expect, openNewRoom, test } from './fixtures';

interface Handle {
  whiteboardDebug: { view: { visibleBounds(): { minX: number; minY: number; maxX: number; maxY: number }; index: { bounds(id: string): { minX: number; minY: number; maxX: number; maxY: number } | undefined } } };
}
const centreOf = (page: Page) =>
  page.evaluate(() => {
    const b = (window as unknown as Handle).whiteboardDebug.view.visibleBounds();
    return { x: (b.minX + b.maxX) / 2, y: (b.minY + b.maxY) / 2 };
  });
const centreOfShape = (page: Page, id: string) =>
  page.evaluate((shapeId) => {
    const b = (window as unknown as Handle).whiteboardDebug.view.index.bounds(shapeId);
    return b ? { x: (b.minX + b.maxX) / 2, y: (b.minY + b.maxY) / 2 } : null;
  }, id);

async function note(page: Page, at: [number, number], text: string): Promise<void> {
  await chooseTool(page, 'sticky');
  await page.mouse.click(at[0], at[1]);
  await page.keyboard.type(text);
  await page.keyboard.press('Escape');
}

test('Ctrl+F finds text in notes, labels and texts; the camera goes to each hit; a peer’s new hit appears', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openNewRoom(server.url, alice, bob);
  await note(alice, [300, 250], 'Launch budget');
  await chooseTool(alice, 'rect');
  await drag(alice, [700, 180], [900, 300]);
  await alice.keyboard.press('Enter');
  await alice.keyboard.type('Budget review');
  await alice.keyboard.press('Escape');
  await note(alice, [1000, 600], 'Café BUDGÉT');
  await note(alice, [500, 600], 'Unrelated');
  const ids = await alice.evaluate(() =>
    (window as unknown as { whiteboardDebug: { board: { all(): Array<{ id: string; type: string; text?: string; label?: string; y: number; x: number }> } } }).whiteboardDebug.board
      .all()
      .filter((s) => /budget|budgét/i.test(s.text ?? s.label ?? ''))
      .sort((a, b) => a.y - b.y || a.x - b.x)
      .map((s) => s.id),
  );
  expect(ids.length).toBe(3);

  await alice.mouse.click(1100, 750);
  await alice.keyboard.press('Control+f');
  const bar = alice.getByRole('search');
  const field = bar.getByRole('searchbox', { name: 'Find text on the board' });
  await expect(field).toBeFocused();
  await field.fill('budget');
  await expect(bar.getByRole('status')).toHaveText('1 of 3');
  await expect(alice.locator('.find-hit')).toHaveCount(3);
  const goesTo = async (id: string) => {
    const target = await centreOfShape(alice, id);
    await expect.poll(async () => (await centreOf(alice)).x).toBeCloseTo(target?.x ?? NaN, 0);
    expect((await centreOf(alice)).y).toBeCloseTo(target?.y ?? NaN, 0);
  };
  // Reading order: the top row first (the box at y 180 before the note at y 150? no: by rows).
  const order = await alice.locator('.find-hit').evaluateAll((boxes) => boxes.map((b) => (b as HTMLElement).dataset.shapeId));
  expect(new Set(order)).toEqual(new Set(ids));
  await goesTo(order[0] as string);
  await expect(alice.locator(`.find-hit.current[data-shape-id="${order[0]}"]`)).toHaveCount(1);
  await alice.screenshot({ path: 'test-results/find.png' });
  await field.press('Enter');
  await expect(bar.getByRole('status')).toHaveText('2 of 3');
  await goesTo(order[1] as string);
  await field.press('Enter');
  await goesTo(order[2] as string);
  await field.press('Enter');
  await expect(bar.getByRole('status')).toHaveText('1 of 3');
  await field.press('Shift+Enter');
  await expect(bar.getByRole('status')).toHaveText('3 of 3');

  // Bob writes the word: Alice's count grows, where she is stays the current hit.
  await note(bob, [600, 400], 'budget v2');
  await expect(bar.getByRole('status')).toHaveText(/of 4$/);
  await field.fill('nothing like it');
  await expect(bar.getByRole('status')).toHaveText('No matches');
  await expect(alice.locator('.find-hit')).toHaveCount(0);
  await field.press('Escape');
  await expect(bar).toBeHidden();
});
