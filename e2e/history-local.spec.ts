/**
 * A local board's history in the desktop app's renderer, with no server: versions kept in the .whiteboard file
 * (saved and opened through the bridge, played by the test as in desktop-renderer.spec.ts), a version previewed,
 * restored and exported, and the panel opened from the app's menu.
 */
import { readFile } from 'node:fs/promises';
import * as Y from 'yjs';
import { readBoardFile } from '../protocol/board-file';
import { decodeLocalHistory } from '../protocol/history';
import { shapeIds, strokeAt } from './collab-helpers';
import { fireMenuCommand, installFakeBridge, type BridgeCall } from './fake-bridge';
import { drawPolyline, expect, test } from './fixtures';

const settings = { name: 'Dana Desk', color: '#7048e8', defaultServerUrl: 'ws://127.0.0.1:1' };

test('a local board keeps its versions in its file, and the history panel works with no server', async ({ page, server }) => {
  let file: { state: number[]; history: number[] | null } | null = null;
  const calls: BridgeCall[] = await installFakeBridge(page, (verb, args) => {
    if (verb === 'defaultServerUrl') return settings.defaultServerUrl;
    if (verb === 'getSettings') return settings;
    if (verb === 'saveBoard') {
      file = { state: args[0] as number[], history: (args[2] as number[] | null) ?? null };
      return { path: '/home/dana/Plans.whiteboard', name: 'Plans' };
    }
    if (verb === 'openRecent') return file ? { path: args[0], name: 'Plans', ...file } : null;
    return undefined;
  });
  await page.goto(server.url);
  await drawPolyline(page, strokeAt(0, 0));
  const first = await shapeIds(page);

  // From the app's View menu: the panel; the board as it is, named.
  await fireMenuCommand(page, 'version-history');
  await expect(page.locator('.history-panel')).toBeVisible();
  await expect(page.locator('.history-footnote').first()).toContainText('kept in this board\u2019s file');
  await page.locator('[data-action="name"]').click();
  await page.locator('.history-naming input').fill('First idea');
  await page.keyboard.press('Enter');
  await expect(page.locator('.history-title.named')).toHaveText(['First idea']);
  await expect(page.locator('[data-action="revert"]')).toBeHidden(); // nobody else edits a local board

  await drawPolyline(page, strokeAt(2, 2));
  await expect.poll(() => shapeIds(page).then((ids) => ids.length)).toBe(2);
  await page.locator('.history-item', { hasText: 'First idea' }).click();
  await expect(page.locator('.legend-chip[data-kind="added"]')).toHaveText('1 added since');
  await page.screenshot({ path: 'test-results/history-local-preview.png' });

  // Export that version as a .whiteboard file: it holds the first stroke alone.
  const download = page.waitForEvent('download');
  await page.locator('[data-action="export"]').click();
  await page.locator('[data-action="export-whiteboard"]').click();
  const exported = readBoardFile(new Uint8Array(await readFile((await (await download).path()) as string)));
  const old = new Y.Doc();
  Y.applyUpdate(old, exported.state);
  expect([...old.getMap('shapes').keys()]).toEqual(first);
  const png = page.waitForEvent('download');
  await page.locator('[data-action="export"]').click();
  await page.locator('[data-action="export-png"]').click();
  expect((await png).suggestedFilename()).toMatch(/^whiteboard-.*\.png$/);

  await page.locator('[data-action="restore"]').click();
  await expect.poll(() => shapeIds(page)).toEqual(first);
  await page.keyboard.press('Control+z');
  await expect.poll(() => shapeIds(page).then((ids) => ids.length)).toBe(2);

  // Copy: pick the old stroke in the version, and it comes into the board as a new shape.
  await page.locator('.history-item', { hasText: 'First idea' }).click();
  const [x, y] = strokeAt(0, 0)[1] as readonly [number, number];
  await page.locator('[data-testid="history-preview"]').click({ position: { x, y } });
  await expect(page.locator('[data-action="copy"]')).toHaveText('Copy 1 selected');
  await page.locator('[data-action="copy"]').click();
  await expect(page.locator('.history-preview')).toHaveCount(0);
  await expect.poll(() => shapeIds(page).then((ids) => ids.length)).toBe(3);

  // Saved: the file holds the versions (the unsaved changes became one), and they come back with it.
  await fireMenuCommand(page, 'save');
  await expect.poll(() => calls.some((call) => call.verb === 'saveBoard')).toBe(true);
  const saved = decodeLocalHistory(new Uint8Array((file as unknown as { history: number[] }).history));
  expect(saved?.versions.map((v) => v.name)).toEqual(['First idea', null]);
  expect(saved?.versions[0]?.authors).toEqual([{ name: 'Dana Desk', color: '#7048e8' }]);
  await page.goto(`${server.url}/?file=${encodeURIComponent('/home/dana/Plans.whiteboard')}`);
  await expect(page.locator('.status-badge')).toHaveText(/On this computer · Plans/);
  await expect.poll(() => shapeIds(page).then((ids) => ids.length)).toBe(3);
  await page.keyboard.press('Control+Shift+H');
  await expect(page.locator('.history-item[data-version]:not([data-version="current"])')).toHaveCount(2);
  await page.locator('.history-item', { hasText: 'First idea' }).click();
  await expect(page.locator('.legend-chip[data-kind="added"]')).toHaveText('2 added since');
});
