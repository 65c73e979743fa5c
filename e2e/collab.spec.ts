/**
 * Working together, end to end against the real sync server: presence, round-trip time, the
 * save count, offline editing and merging, reloads while offline, and server restarts.
 */
import { connectionState, deleteShape, shapeIds, strokeAt } from './collab-helpers';
import { drawPolyline, expect, openLink, openNewRoom, test } from './fixtures';
import { startServerProcess } from './sync-server-process';

test('two people see each other\u2019s cursors and names; a closed page\u2019s cursor goes within 5 s', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openNewRoom(server.url, alice, bob);
  await expect(alice.locator('.avatar')).toHaveCount(2);
  await expect(bob.locator('.avatar')).toHaveCount(2);
  const bobName = (await bob.locator('.avatar.self').getAttribute('aria-label'))?.replace(' (you)', '') ?? '';

  await bob.mouse.move(500, 400);
  await bob.mouse.move(520, 420, { steps: 4 });
  const cursor = alice.locator('.cursor');
  await expect(cursor).toHaveCount(1);
  await expect(cursor.locator('.cursor-name')).toHaveText(bobName);
  // The cursor sits where Bob's pointer is (the tip of the arrow), within a few pixels.
  await expect.poll(async () => {
    const box = await cursor.boundingBox();
    return box ? Math.hypot(box.x - 520, box.y - 420) : Infinity;
  }).toBeLessThan(6);
  await alice.screenshot({ path: 'test-results/presence.png' });

  await bob.close();
  await expect(cursor).toHaveCount(0, { timeout: 5_000 });
  await expect(alice.locator('.avatar')).toHaveCount(1, { timeout: 5_000 });
});

test('the status shows the round-trip time, and unsaved changes go back to 0', async ({ page, server }) => {
  await openNewRoom(server.url, page);
  await expect(page.locator('.status-badge')).toHaveAttribute('data-rtt', /^\d+$/);
  await expect(page.locator('.status-badge')).toContainText(/Connected · \d+ ms/);
  await drawPolyline(page, strokeAt(0, 0));
  await drawPolyline(page, strokeAt(1, 1));
  await expect(page.locator('.status-badge')).toHaveAttribute('data-unconfirmed', '0');
  await expect(page.locator('.status-badge')).toContainText('All changes saved');
});

test('both people edit offline, delete each other\u2019s shapes, and everything merges', async ({ browser, server }) => {
  const aliceContext = await browser.newContext();
  const bobContext = await browser.newContext();
  const alice = await aliceContext.newPage();
  const bob = await bobContext.newPage();
  const room = await openNewRoom(server.url, alice, bob);
  await drawPolyline(alice, strokeAt(0, 0));
  await drawPolyline(bob, strokeAt(0, 2));
  await expect.poll(() => shapeIds(alice).then((ids) => ids.length)).toBe(2);
  await expect.poll(() => shapeIds(bob).then((ids) => ids.length)).toBe(2);
  // Start from "all saved", so the counts below are only what happens offline.
  await expect(alice.locator('.status-badge')).toHaveAttribute('data-unconfirmed', '0');
  await expect(bob.locator('.status-badge')).toHaveAttribute('data-unconfirmed', '0');

  await aliceContext.setOffline(true);
  await bobContext.setOffline(true);
  await expect(alice.locator('.status-badge')).toHaveAttribute('data-status', 'offline');
  await expect(bob.locator('.status-badge')).toHaveAttribute('data-status', 'offline');
  const before = await shapeIds(alice);
  for (let i = 1; i <= 3; i++) await drawPolyline(alice, strokeAt(i, 0));
  for (let i = 1; i <= 3; i++) await drawPolyline(bob, strokeAt(i, 2));
  // Each deletes one of the shapes that existed before going offline, a different one each.
  await deleteShape(alice, before[1] as string);
  await deleteShape(bob, before[0] as string);
  // Three strokes and one deletion each: four shapes changed, however many pen samples.
  await expect(alice.locator('.status-badge .label')).toHaveText(/^Offline · 4 changes kept on this device/);
  const aliceOffline = (await shapeIds(alice)).filter((id) => !before.includes(id));
  const bobOffline = (await shapeIds(bob)).filter((id) => !before.includes(id));
  expect(aliceOffline).toHaveLength(3);
  expect(bobOffline).toHaveLength(3);

  await aliceContext.setOffline(false);
  await bobContext.setOffline(false);
  const expected = [...aliceOffline, ...bobOffline].sort();
  await expect.poll(() => shapeIds(alice), { timeout: 15_000 }).toEqual(expected);
  await expect.poll(() => shapeIds(bob), { timeout: 15_000 }).toEqual(expected);
  await expect(alice.locator('.status-badge')).toHaveAttribute('data-unconfirmed', '0');
  await expect(bob.locator('.status-badge')).toHaveAttribute('data-unconfirmed', '0');
  await expect(alice.locator('.toast')).toContainText(/made offline .* now saved/);

  // The server's copy: a newcomer with nothing on its device gets exactly the same board.
  const carol = await (await browser.newContext()).newPage();
  await openLink(carol, room.links.editor?.web ?? '');
  await expect.poll(() => shapeIds(carol)).toEqual(expected);
});

test('a page reloaded while offline keeps its drawing, and sends it when the network returns', async ({ browser, server }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const room = await openNewRoom(server.url, page);
  // The app shell is cached by the service worker once it is active.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  // Start from "all saved" (joining stamps the board's schema version, a change of its own).
  await expect(page.locator('.status-badge')).toHaveAttribute('data-unconfirmed', '0');

  await context.setOffline(true);
  await expect(page.locator('.status-badge')).toHaveAttribute('data-status', 'offline');
  await drawPolyline(page, strokeAt(0, 0));
  await drawPolyline(page, strokeAt(1, 1));
  const drawn = await shapeIds(page);
  expect(drawn).toHaveLength(2);

  await page.reload();
  await expect.poll(() => shapeIds(page)).toEqual(drawn);
  await expect(page.locator('.status-badge .label')).toHaveText(/^Offline · 2 changes kept on this device/);

  await context.setOffline(false);
  await expect(page.locator('.status-badge')).toHaveAttribute('data-status', 'connected', { timeout: 15_000 });
  await expect(page.locator('.status-badge')).toHaveAttribute('data-unconfirmed', '0');
  const other = await (await browser.newContext()).newPage();
  await openLink(other, room.links.editor?.web ?? '');
  await expect.poll(() => shapeIds(other)).toEqual(drawn);
});

test('a server restart: pages reconnect by themselves, and no stroke is lost or doubled', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openNewRoom(server.url, alice, bob);
  await drawPolyline(alice, strokeAt(0, 0));
  await drawPolyline(bob, strokeAt(0, 2));
  await expect.poll(() => shapeIds(bob).then((ids) => ids.length)).toBe(2);

  const port = Number(new URL(server.url).port);
  await server.stop();
  await expect(alice.locator('.status-badge')).toHaveAttribute('data-status', 'offline');
  await expect(alice.locator('.status-badge')).toContainText(/retrying in \d+ s|reconnecting/);
  await drawPolyline(alice, strokeAt(1, 0));

  const restarted = await startServerProcess({ dataDir: server.dataDir, port });
  try {
    await expect(alice.locator('.status-badge')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
    await expect(bob.locator('.status-badge')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
    await drawPolyline(bob, strokeAt(1, 2));
    await expect.poll(() => shapeIds(alice).then((ids) => ids.length)).toBe(4);
    await expect.poll(() => shapeIds(bob)).toEqual(await shapeIds(alice));
    const ids = await shapeIds(alice);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await connectionState(alice)).unconfirmed).toBe(0);
  } finally {
    await restarted.stop();
  }
});
