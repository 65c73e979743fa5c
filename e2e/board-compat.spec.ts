/**
 * A board saved by schema version 2 (e2e/fixtures/board-v2.whiteboard, made with that
 * version's own code) opens in today's app unchanged: every shape reads as version 2 read it
 * and is drawn; its texts stay plain strings until someone types into one, which turns that
 * one into a collaborative Y.Text and keeps what it said.
 */
import fs from 'node:fs';
import * as Y from 'yjs';
import { decodeBoardFile } from '../main/board-file';
import { installFakeBridge } from './fake-bridge';
import { expect, shapes, test, type ShapeSnapshot } from './fixtures';
import { inkNear, screenshotPixels } from './pixels';

const fixture = (name: string): URL => new URL(`./fixtures/${name}`, import.meta.url);
const expected = JSON.parse(fs.readFileSync(fixture('board-v2.json'), 'utf8')) as { shapes: ShapeSnapshot[] };
const state = Array.from(decodeBoardFile(new Uint8Array(fs.readFileSync(fixture('board-v2.whiteboard')))));

interface Debug {
  whiteboardDebug: { board: { shapes: Map<string, Map<string, unknown>> }; doc: { getMap(name: string): Map<string, unknown> } };
}

test('a version 2 board file opens unchanged, and a text converts when it is edited', async ({ page, server }) => {
  await installFakeBridge(page, (verb, args) => {
    switch (verb) {
      case 'defaultServerUrl':
        return 'ws://127.0.0.1:1';
      case 'getSettings':
        return { name: 'Dana Desk', color: '#7048e8', defaultServerUrl: 'ws://127.0.0.1:1' };
      case 'openRecent':
        return { path: args[0], name: 'Old plan', state };
      default:
        return undefined;
    }
  });
  await page.goto(`${server.url}/?file=${encodeURIComponent('/home/dana/Old plan.whiteboard')}`);
  await expect(page.locator('.status-badge')).toHaveText(/Old plan/);
  expect(await shapes(page)).toEqual(expected.shapes);
  expect(await page.evaluate(() => (window as unknown as Debug).whiteboardDebug.doc.getMap('meta').get('schemaVersion'))).toBe(3);

  // Drawn: the arrow, the text, the version 1 stroke.
  await expect.poll(async () => {
    const pixel = await screenshotPixels(page);
    return [inkNear(pixel, 320, 152, 4), inkNear(pixel, 120, 352, 6), inkNear(pixel, 150, 510, 6)];
  }).toEqual([true, true, true]);
  await page.screenshot({ path: 'test-results/board-v2-opened.png' });

  const sticky = expected.shapes.find((s) => s.type === 'sticky') as ShapeSnapshot;
  const kind = (id: string): Promise<string> =>
    page.evaluate((shapeId) => typeof (window as unknown as Debug).whiteboardDebug.board.shapes.get(shapeId)?.get('text'), id);
  expect(await kind(sticky.id)).toBe('string');
  await page.locator('[data-tool="select"]').click();
  await page.mouse.dblclick(700, 200);
  await expect(page.locator('textarea.text-editor')).toBeFocused();
  await page.keyboard.press('End');
  await page.keyboard.type(' (edited)');
  await page.keyboard.press('Escape');
  await expect.poll(async () => (await shapes(page)).find((s) => s.id === sticky.id)?.text).toBe(`${sticky.text} (edited)`);
  expect(await kind(sticky.id)).toBe('object');
  // The free text nobody typed into is still a plain string.
  expect(await kind((expected.shapes.find((s) => s.type === 'text') as ShapeSnapshot).id)).toBe('string');
});

test('a board from a newer version says some shapes may not show', async ({ page, server }) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(state));
  doc.getMap('meta').set('schemaVersion', 99);
  const newer = Array.from(Y.encodeStateAsUpdate(doc));
  await installFakeBridge(page, (verb, args) => {
    if (verb === 'defaultServerUrl') return 'ws://127.0.0.1:1';
    if (verb === 'getSettings') return { name: 'Dana Desk', color: '#7048e8', defaultServerUrl: 'ws://127.0.0.1:1' };
    if (verb === 'openRecent') return { path: args[0], name: 'From the future', state: newer };
    return undefined;
  });
  await page.goto(`${server.url}/?file=${encodeURIComponent('/home/dana/From the future.whiteboard')}`);
  await expect(page.locator('.toast')).toContainText('saved by a newer version of Whiteboard');
  // It keeps its number: this version does not claim the board as its own.
  expect(await page.evaluate(() => (window as unknown as Debug).whiteboardDebug.doc.getMap('meta').get('schemaVersion'))).toBe(99);
});
