/**
 * Images and the clipboard: a pasted PNG is stored in the board document (so the other window
 * gets it too) and drawn; a dropped one likewise; one over the size limit is refused with a
 * message. Shapes copied on one board paste into another board.
 */
import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { chooseTool, drag, expect, openNewRoom, shapes, test } from './fixtures';
import { screenshotPixels } from './pixels';

/** A solid-colour PNG, base64. */
function solidPng(width: number, height: number, [r, g, b]: [number, number, number]): string {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([r, g, b, 255], i * 4);
  return PNG.sync.write(png).toString('base64');
}

/** Fires a paste (or a drop at a point) carrying one file, as the browser would. */
async function sendFile(page: Page, how: 'paste' | 'drop', file: { name: string; type: string; base64?: string; size?: number }, at?: [number, number]): Promise<void> {
  await page.evaluate(
    ({ how, file, at }) => {
      let bytes: Uint8Array<ArrayBuffer>;
      if (file.base64) bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      else {
        bytes = new Uint8Array(file.size ?? 0);
        bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      }
      const data = new DataTransfer();
      data.items.add(new File([bytes], file.name, { type: file.type }));
      if (how === 'paste') document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      else {
        const canvas = document.querySelector('.konvajs-content')?.parentElement as HTMLElement;
        const init = { dataTransfer: data, bubbles: true, cancelable: true, clientX: at?.[0] ?? 0, clientY: at?.[1] ?? 0 };
        canvas.dispatchEvent(new DragEvent('dragover', init));
        canvas.dispatchEvent(new DragEvent('drop', init));
      }
    },
    { how, file, at },
  );
}

const isRed = ({ r, g, b }: { r: number; g: number; b: number }): boolean => r > 200 && g < 80 && b < 80;
const isBlue = ({ r, g, b }: { r: number; g: number; b: number }): boolean => b > 150 && r < 60;

test('a pasted image is stored in the board and shown in every window; a dropped one too', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openNewRoom(server.url, alice, bob);
  await alice.mouse.move(600, 400);
  await sendFile(alice, 'paste', { name: 'red.png', type: 'image/png', base64: solidPng(160, 100, [224, 49, 49]) });

  await expect.poll(async () => (await shapes(bob)).map((s) => s.type)).toEqual(['image']);
  const [image] = await shapes(bob);
  expect(image).toMatchObject({ x: 520, y: 350, w: 160, h: 100 });
  const asset = await bob.evaluate((id) => {
    const { board } = (window as unknown as { whiteboardDebug: { board: { getAsset(id: string): { mime: string; w: number; h: number } | null } } }).whiteboardDebug;
    const a = board.getAsset(id);
    return a && { mime: a.mime, w: a.w, h: a.h };
  }, image?.assetId ?? '');
  expect(asset).toEqual({ mime: 'image/png', w: 160, h: 100 });
  // (Away from the centre, where Alice's presence cursor is drawn on Bob's screen.)
  await expect.poll(async () => isRed((await screenshotPixels(bob))(550, 370))).toBe(true);

  await sendFile(alice, 'drop', { name: 'blue.png', type: 'image/png', base64: solidPng(80, 80, [25, 113, 194]) }, [900, 600]);
  await expect.poll(async () => (await shapes(bob)).length).toBe(2);
  await expect.poll(async () => isBlue((await screenshotPixels(bob))(880, 585))).toBe(true);
});

test('an image over the size limit is refused with a message that says why', async ({ page, server }) => {
  await openNewRoom(server.url, page);
  await sendFile(page, 'paste', { name: 'huge.png', type: 'image/png', size: 3 * 1024 * 1024 });
  await expect(page.locator('.toast')).toContainText('“huge.png” is 3.0 MB; images up to 2.0 MB can be placed on a board');
  expect(await shapes(page)).toEqual([]);
  await sendFile(page, 'paste', { name: 'notes.svg', type: 'image/svg+xml', size: 100 });
  await expect(page.locator('.toast').last()).toContainText('is not a PNG, JPEG, GIF or WebP image');
  expect(await shapes(page)).toEqual([]);
});

test('shapes copied on one board paste into another', async ({ browser, server }) => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const first = await context.newPage();
  await openNewRoom(server.url, first);
  await chooseTool(first, 'ellipse');
  await drag(first, [400, 300], [560, 400]);
  await sendFile(first, 'paste', { name: 'red.png', type: 'image/png', base64: solidPng(40, 40, [224, 49, 49]) });
  // Placing a pasted image is asynchronous (its bytes are read and measured first): select and
  // copy only once it is on the board, or the copy misses it on a busy machine.
  await expect.poll(async () => (await shapes(first)).map((s) => s.type)).toEqual(['ellipse', 'image']);
  await first.keyboard.press('Control+a');
  await first.keyboard.press('Control+c');

  const second = await context.newPage();
  await openNewRoom(server.url, second);
  await second.mouse.move(700, 500);
  await second.keyboard.press('Control+v');
  await expect.poll(async () => (await shapes(second)).map((s) => s.type)).toEqual(['ellipse', 'image']);
  const pasted = await shapes(second);
  const original = await shapes(first);
  expect(pasted.map((s) => [s.w, s.h])).toEqual(original.map((s) => [s.w, s.h]));
  // The image came along: the second board has its bytes.
  const hasAsset = await second.evaluate((id) => (window as unknown as { whiteboardDebug: { board: { getAsset(id: string): unknown } } }).whiteboardDebug.board.getAsset(id) !== null, pasted[1]?.assetId ?? '');
  expect(hasAsset).toBe(true);
});

test('an image on the system clipboard pastes from the right-click menu, where it was opened', async ({ browser, server }) => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await openNewRoom(server.url, page);
  await page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': new Blob([bytes], { type: 'image/png' }) })]);
  }, solidPng(60, 40, [47, 158, 68]));
  await page.mouse.click(700, 500, { button: 'right' });
  await page.getByRole('menu').getByRole('menuitem', { name: 'Paste' }).click();
  await expect.poll(async () => (await shapes(page)).map((s) => s.type)).toEqual(['image']);
  const [image] = await shapes(page);
  expect([image?.w, image?.h]).toEqual([60, 40]);
  // Centred on the point right-clicked (the canvas fills the window at 100%).
  expect(Math.abs((image?.x ?? 0) + 30 - 700)).toBeLessThan(2);
  expect(Math.abs((image?.y ?? 0) + 20 - 500)).toBeLessThan(2);
});
