/**
 * The desktop app's renderer: local boards with no server, saving and opening .whiteboard
 * files through the bridge, exporting through native dialogs, and putting a local board online
 * by hosting it. Main's side of each verb is played by the test (see fake-bridge.ts); the
 * renderer, the sync server and the second browser are real.
 */
import * as Y from 'yjs';
import { strokeAt } from './collab-helpers';
import { fireMenuCommand, installFakeBridge, type BridgeCall } from './fake-bridge';
import { drawPolyline, expect, openLink, shapeCount, test } from './fixtures';

const settings = { name: 'Dana Desk', color: '#7048e8', defaultServerUrl: 'ws://127.0.0.1:1' };

function lastCall(calls: BridgeCall[], verb: string): BridgeCall | undefined {
  return [...calls].reverse().find((call) => call.verb === verb);
}

test('a local board is saved to a file, opened again, and exported through the bridge', async ({ page, server }) => {
  let savedState: number[] | null = null;
  const calls = await installFakeBridge(page, (verb, args) => {
    switch (verb) {
      case 'defaultServerUrl':
        return settings.defaultServerUrl;
      case 'getSettings':
        return settings;
      case 'saveBoard':
        savedState = args[0] as number[];
        return { path: '/home/dana/Plans.whiteboard', name: 'Plans' };
      case 'openRecent':
        return savedState ? { path: args[0], name: 'Plans', state: savedState } : null;
      case 'exportImage':
        return true;
      default:
        return undefined;
    }
  });
  // The desktop app shows local boards at its root; here the page is served over http.
  await page.goto(server.url);
  const badge = page.locator('.status-badge');
  await expect(badge).toHaveText(/On this computer · Untitled board · Not saved yet/);
  await drawPolyline(page, strokeAt(0, 0));
  await drawPolyline(page, strokeAt(1, 1));
  await expect(badge).toHaveText(/Unsaved changes/);
  expect(lastCall(calls, 'setUnsavedChanges')?.args).toEqual([true]);

  await fireMenuCommand(page, 'save');
  await expect(badge).toHaveText(/On this computer · Plans · Saved/);
  await expect(page).toHaveTitle('Plans — Whiteboard');
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(savedState ?? []));
  expect(doc.getMap('shapes').size).toBe(2);

  // File ▸ Export opens the Export dialog on that format; its Save goes through the bridge.
  await fireMenuCommand(page, 'export-png');
  await page.getByRole('dialog', { name: 'Export image' }).getByRole('button', { name: 'Save PNG' }).click();
  await expect.poll(() => lastCall(calls, 'exportImage')?.args[0]).toBeDefined();
  const png = lastCall(calls, 'exportImage')?.args[0] as { format: string; data: number[] };
  expect(png.format).toBe('png');
  expect(png.data.slice(0, 8)).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await fireMenuCommand(page, 'export-svg');
  await page.getByRole('dialog', { name: 'Export image' }).getByRole('button', { name: 'Save SVG' }).click();
  await expect.poll(() => (lastCall(calls, 'exportImage')?.args[0] as { format: string }).format).toBe('svg');
  expect((lastCall(calls, 'exportImage')?.args[0] as { data: string }).data).toMatch(/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/);

  // Open Recent: the page shows the file's board.
  await fireMenuCommand(page, 'open-recent', '/home/dana/Plans.whiteboard');
  await expect(page).toHaveURL(/\?file=%2Fhome%2Fdana%2FPlans\.whiteboard$/);
  await expect(badge).toHaveText(/On this computer · Plans · Saved/);
  await expect.poll(() => shapeCount(page)).toBe(2);
});

test('a local board goes online by hosting it, and someone else joins with the editor link', async ({ browser, page, server }) => {
  const wsUrl = server.url.replace(/^http/, 'ws');
  const calls = await installFakeBridge(page, (verb) => {
    switch (verb) {
      case 'defaultServerUrl':
        return wsUrl;
      case 'getSettings':
        return settings;
      case 'startHosting':
        // The built-in server is the test's real server.
        return { state: 'running', serverUrl: wsUrl, httpUrl: server.url, lanUrls: [] };
      default:
        return undefined;
    }
  });
  await page.goto(server.url);
  await drawPolyline(page, strokeAt(0, 1));
  await page.getByRole('button', { name: 'Share' }).click();
  await page.locator('[data-target="this-computer"]').click();
  expect(lastCall(calls, 'startHosting')?.args).toEqual([{ lan: false }]);
  await expect(page.locator('.status-badge')).toHaveAttribute('data-status', 'connected');
  await expect(page.locator('.status-badge')).toHaveAttribute('data-unconfirmed', '0');
  // The board is no longer a local file with unsaved changes: main is told.
  expect(lastCall(calls, 'setUnsavedChanges')?.args).toEqual([false]);
  await expect(page).toHaveURL(/\/r\/[A-Za-z0-9_-]{22}\?server=ws%3A%2F%2F127\.0\.0\.1%3A\d+#t=/);
  // People see Dana by the name in the app's settings.
  await expect(page.locator('.avatar.self')).toHaveAttribute('aria-label', 'Dana Desk (you)');

  await page.getByRole('button', { name: 'Share' }).click();
  const editorLink = await page.getByRole('dialog').locator('[data-link="editor"] input').inputValue();
  const guest = await (await browser.newContext()).newPage();
  await openLink(guest, editorLink);
  await expect.poll(() => shapeCount(guest)).toBe(1);
});

test('the right-click menu pastes through the bridge, where the menu was opened', async ({ page, server }) => {
  const calls = await installFakeBridge(page, (verb) => {
    if (verb === 'defaultServerUrl') return settings.defaultServerUrl;
    if (verb === 'getSettings') return settings;
    return undefined;
  });
  await page.goto(server.url);
  await expect(page.locator('.status-badge')).toHaveText(/On this computer/);
  await page.mouse.click(700, 500, { button: 'right' });
  await page.getByRole('menu').getByRole('menuitem', { name: 'Paste' }).click();
  await expect.poll(() => lastCall(calls, 'pasteClipboard')).toBeDefined();
  // Main answers with webContents.paste(): the page gets a paste event, as from Ctrl+V.
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', 'Pasted from the menu');
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect.poll(() => shapeCount(page)).toBe(1);
  const text = await page.evaluate(() => {
    const { board } = (window as unknown as { whiteboardDebug: { board: { all(): Array<{ text?: string; x: number; y: number; w: number; h: number }> } } }).whiteboardDebug;
    return board.all()[0];
  });
  expect(text?.text).toBe('Pasted from the menu');
  // Centred on the point right-clicked (the canvas fills the window at 100%).
  expect(Math.abs((text?.x ?? 0) + (text?.w ?? 0) / 2 - 700)).toBeLessThan(2);
  expect(Math.abs((text?.y ?? 0) + (text?.h ?? 0) / 2 - 500)).toBeLessThan(2);
});
