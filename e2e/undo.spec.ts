/**
 * Undo is per person: two people draw on one board, and each one's undo takes back only their
 * own work, in both windows. A drag, however long, is one step; redo puts things back.
 */
import { chooseTool, drag, drawPolyline, expect, openNewRoom, shapes, test } from './fixtures';
import { inkNear, screenshotPixels } from './pixels';

test('each person undoes and redoes only their own work', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openNewRoom(server.url, alice, bob);
  const types = async (page: typeof alice): Promise<string[]> => (await shapes(page)).map((s) => s.type).sort();

  await chooseTool(alice, 'rect');
  await drag(alice, [300, 200], [500, 320]);
  await expect.poll(() => types(bob)).toEqual(['rect']);
  await chooseTool(bob, 'ellipse');
  await drag(bob, [650, 200], [850, 320]);
  await chooseTool(bob, 'pen');
  await drawPolyline(bob, [[300, 500], [500, 560], [700, 500]]);
  await expect.poll(() => types(alice)).toEqual(['ellipse', 'rect', 'stroke']);

  // Alice undoes: her rectangle goes, Bob's ellipse and stroke stay, for both of them.
  await alice.keyboard.press('Control+z');
  await expect.poll(() => types(alice)).toEqual(['ellipse', 'stroke']);
  await expect.poll(() => types(bob)).toEqual(['ellipse', 'stroke']);
  // Alice has nothing more to undo: pressing again takes nothing of Bob's.
  await alice.keyboard.press('Control+z');
  await alice.waitForTimeout(300);
  await expect(alice.locator('[data-action="undo"]')).toBeDisabled();
  expect(await types(bob)).toEqual(['ellipse', 'stroke']);

  // Bob undoes his last step (the stroke) with the toolbar button, then the ellipse by key.
  await bob.locator('[data-action="undo"]').click();
  await expect.poll(() => types(alice)).toEqual(['ellipse']);
  await expect.poll(async () => inkNear(await screenshotPixels(alice), 500, 560, 4)).toBe(false);
  await bob.keyboard.press('Control+z');
  await expect.poll(() => types(alice)).toEqual([]);

  // Redo brings each person's work back, again without touching the other's.
  await alice.keyboard.press('Control+Shift+z');
  await expect.poll(() => types(bob)).toEqual(['rect']);
  await bob.keyboard.press('Control+y');
  await expect.poll(() => types(alice)).toEqual(['ellipse', 'rect']);
  await expect.poll(async () => inkNear(await screenshotPixels(bob), 400, 200)).toBe(true);
});

test('a move is one undo step, and undo leaves a peer\u2019s later edit of another shape alone', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openNewRoom(server.url, alice, bob);
  await chooseTool(alice, 'rect');
  await drag(alice, [300, 200], [500, 320]);
  // A long drag, in many small steps and with pauses: still one step.
  await alice.mouse.move(400, 260);
  await alice.mouse.down();
  for (let i = 1; i <= 5; i++) {
    await alice.mouse.move(400 + i * 40, 260 + i * 20, { steps: 5 });
    await alice.waitForTimeout(150);
  }
  await alice.mouse.up();
  await expect.poll(async () => (await shapes(bob))[0]).toMatchObject({ x: 500, y: 300 });

  await chooseTool(bob, 'rect');
  await drag(bob, [300, 550], [450, 650]);
  await expect.poll(async () => (await shapes(alice)).length).toBe(2);

  await alice.keyboard.press('Control+z');
  await expect.poll(async () => (await shapes(bob)).find((s) => s.y === 200 || s.y === 300)).toMatchObject({ x: 300, y: 200 });
  expect((await shapes(bob)).length).toBe(2);
});
