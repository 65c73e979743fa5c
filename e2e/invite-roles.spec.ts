/**
 * Invite links and roles in the browser: a board created from the server's front page, its
 * viewer link taken from the Share dialog and opened elsewhere; the viewer sees the editor's
 * drawing and cannot change it. Links without a token, and revoked or expired links, are refused
 * with a message instead of a board.
 */
import { Role } from '../protocol/role';
import { loadOrCreateSecret } from '../sync-server/auth/secret';
import { signToken } from '../sync-server/auth/tokens';
import { createRoom, drawPolyline, expect, openLink, shapeCount, test } from './fixtures';
import { inkNear, screenshotPixels } from './pixels';

test('the viewer link shows the editor\u2019s drawing and cannot change it', async ({ browser, server }) => {
  const editor = await (await browser.newContext()).newPage();
  await editor.goto(server.url);
  await expect(editor.locator('.status-badge')).toHaveAttribute('data-status', 'connected');
  await expect(editor.locator('.view-only')).toBeHidden();

  await editor.getByRole('button', { name: 'Share' }).click();
  const dialog = editor.getByRole('dialog');
  await expect(dialog.locator('[data-link="editor"] input')).toHaveValue(/\/r\/[A-Za-z0-9_-]{22}#t=/);
  const viewerLink = await dialog.locator('[data-link="viewer"] input').inputValue();
  expect(viewerLink).not.toBe(await dialog.locator('[data-link="editor"] input').inputValue());
  await editor.screenshot({ path: 'test-results/share-dialog.png' });
  await dialog.getByRole('button', { name: 'Close' }).click();

  const viewer = await (await browser.newContext()).newPage();
  await openLink(viewer, viewerLink);
  await expect(viewer.locator('.view-only')).toBeVisible();
  await expect(viewer.locator('[data-tool="pen"]')).toBeDisabled();
  // The web client offers the same board, with the same (viewer) token, in the desktop app.
  const appLink = await viewer.getByRole('link', { name: 'Open in the desktop app' }).getAttribute('href');
  expect(appLink).toMatch(/^whiteboard:\/\/join\?server=ws%3A%2F%2F127\.0\.0\.1%3A\d+&room=[A-Za-z0-9_-]{22}#t=/);
  expect(appLink?.split('#t=')[1]).toBe(viewerLink.split('#t=')[1]);

  await drawPolyline(editor, [[300, 300], [500, 360], [700, 300]]);
  await expect.poll(() => shapeCount(viewer)).toBe(1);
  await expect.poll(async () => inkNear(await screenshotPixels(viewer), 500, 360, 4)).toBe(true);

  // The viewer drags across the canvas: nothing is drawn, anywhere.
  await drawPolyline(viewer, [[300, 600], [700, 600]]);
  await viewer.waitForTimeout(500);
  expect(await shapeCount(viewer)).toBe(1);
  expect(await shapeCount(editor)).toBe(1);
  expect(inkNear(await screenshotPixels(viewer), 500, 600, 4)).toBe(false);
  await expect(viewer.locator('.status-badge')).toHaveAttribute('data-status', 'connected');
  await viewer.screenshot({ path: 'test-results/viewer.png' });
});

test('a board address without its token explains that an invite is needed', async ({ page, server }) => {
  await page.goto(`${server.url}/r/some-board`);
  await expect(page.getByRole('heading', { name: 'This board needs an invite link' })).toBeVisible();
});

test('revoking the links shuts out old links and keeps the revoker on the board', async ({ browser, server }) => {
  const editor = await (await browser.newContext()).newPage();
  await editor.goto(server.url);
  await expect(editor.locator('.status-badge')).toHaveAttribute('data-status', 'connected');
  const oldLink = editor.url();
  const other = await (await browser.newContext()).newPage();
  await openLink(other, oldLink);

  await editor.getByRole('button', { name: 'Share' }).click();
  editor.once('dialog', (confirm) => void confirm.accept());
  await editor.getByRole('button', { name: 'Revoke all links…' }).click();
  await expect(editor.getByRole('dialog').locator('[data-link="editor"] input')).not.toHaveValue(oldLink);
  await editor.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  // The other page was using the old link: it is told, and shown why.
  await expect(other.getByRole('heading', { name: 'You cannot open this board' })).toBeVisible();
  await expect(other.getByText(/revoked/)).toBeVisible();
  // The revoker carries on with the new link, and so would a new visitor.
  await expect(editor.locator('.status-badge')).toHaveAttribute('data-status', 'connected');
  expect(editor.url()).not.toBe(oldLink);
  await drawPolyline(editor, [[300, 300], [600, 300]]);
  await expect.poll(() => shapeCount(editor)).toBe(1);
  const late = await (await browser.newContext()).newPage();
  await late.goto(oldLink);
  await expect(late.getByRole('heading', { name: 'You cannot open this board' })).toBeVisible({ timeout: 15_000 });
});

test('a link that expires while its board is open closes the board and says why', async ({ page, server }) => {
  const room = await createRoom(server.url);
  const roomId = new URL(room.links.editor?.web ?? '').pathname.split('/').at(-1)!;
  // A link that expires a few seconds from now (the room API's shortest is a minute).
  const secret = loadOrCreateSecret(server.dataDir, null);
  const token = signToken(secret, { room: roomId, role: Role.Editor, generation: 0, expiresAt: Math.floor(Date.now() / 1000) + 6 });
  await openLink(page, `${server.url}/r/${roomId}#t=${token}`);
  await drawPolyline(page, [[300, 300], [600, 300]]);
  await expect.poll(() => shapeCount(page)).toBe(1);
  await expect(page.getByRole('heading', { name: 'You cannot open this board' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('The invite link has expired. Ask whoever shared the board for a new link.')).toBeVisible();
  await page.screenshot({ path: 'test-results/link-expired.png' });
});

