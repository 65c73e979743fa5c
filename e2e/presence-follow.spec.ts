/**
 * Seeing what others do: the shapes a person selects or is drawing are outlined in their colour
 * for everyone else, and clicking a person follows their view until you move your own.
 */
import { shapeIds, strokeAt } from './collab-helpers';
import { drawPolyline, expect, openNewRoom, test } from './fixtures';

interface CameraHandle {
  whiteboardDebug: { view: { camera: { x: number; y: number; scale: number } } };
}

const cameraOf = (page: import('@playwright/test').Page) =>
  page.evaluate(() => (window as unknown as CameraHandle).whiteboardDebug.view.camera);

test('what a person selects is outlined in their colour for the others', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openNewRoom(server.url, alice, bob);
  // The outline of a shape being drawn shows for a moment only: recorded as it appears, not looked for afterwards,
  // when a busy machine may already have faded it.
  await alice.evaluate(() => {
    const seen: string[] = ((window as unknown as { outlinesSeen: string[] }).outlinesSeen = []);
    new MutationObserver((records) => {
      for (const record of records) for (const node of record.addedNodes) {
        if (node instanceof HTMLElement && node.matches('.outline[data-shape-id]')) seen.push(node.dataset.shapeId ?? '');
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  await drawPolyline(bob, strokeAt(1, 1));
  const [id] = await shapeIds(bob);
  // While Bob draws, and shortly after, Alice sees his stroke outlined; then it fades.
  const outline = alice.locator(`.outline[data-shape-id="${id}"]`);
  await expect.poll(() => alice.evaluate(() => (window as unknown as { outlinesSeen: string[] }).outlinesSeen)).toContain(id);
  await expect(outline).toHaveCount(0, { timeout: 5_000 });

  // Bob selects it: outlined again, in Bob's colour, for as long as it stays selected.
  await bob.locator('[data-tool="select"]').click();
  await bob.mouse.click(strokeAt(1, 1)[1]?.[0] ?? 0, strokeAt(1, 1)[1]?.[1] ?? 0);
  await expect(outline).toHaveCount(1);
  // (Polled: an avatar the people list replaces as it is read has no computed style, so no colour.)
  let bobColor = '';
  await expect
    .poll(async () => (bobColor = await bob.locator('.avatar.self').evaluate((el) => getComputedStyle(el).getPropertyValue('--avatar').trim())))
    .toMatch(/^#[0-9a-f]{6}$/i);
  expect(await outline.evaluate((el) => el.style.getPropertyValue('--outline'))).toBe(bobColor);
  await alice.waitForTimeout(1_500);
  await expect(outline).toHaveCount(1);
  await alice.screenshot({ path: 'test-results/outline.png' });
  await bob.keyboard.press('Escape');
  await expect(outline).toHaveCount(0);
});

test('clicking a person follows their view; moving your own view stops following', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openNewRoom(server.url, alice, bob);
  await bob.getByRole('button', { name: 'Zoom in (Ctrl+=)' }).click();
  await bob.getByRole('button', { name: 'Zoom in (Ctrl+=)' }).click();
  const bobCamera = await cameraOf(bob);
  expect(bobCamera.scale).toBeGreaterThan(1.4);

  const bobAvatar = alice.locator('.avatar:not(.self)');
  await bobAvatar.click();
  await expect(bobAvatar).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await cameraOf(alice)).scale).toBeCloseTo(bobCamera.scale, 5);
  // Bob moves on; Alice's view goes with him.
  await bob.getByRole('button', { name: 'Zoom out (Ctrl+-)' }).click();
  const moved = await cameraOf(bob);
  await expect.poll(async () => (await cameraOf(alice)).scale).toBeCloseTo(moved.scale, 5);

  // Alice zooms herself: she stops following, and Bob's next move leaves her where she is.
  await alice.getByRole('button', { name: 'Zoom out (Ctrl+-)' }).click();
  await expect(bobAvatar).toHaveAttribute('aria-pressed', 'false');
  const own = await cameraOf(alice);
  await bob.getByRole('button', { name: 'Zoom in (Ctrl+=)' }).click();
  await alice.waitForTimeout(500);
  expect((await cameraOf(alice)).scale).toBeCloseTo(own.scale, 5);
});
