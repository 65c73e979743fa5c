/**
 * The Export dialog, and exports that round-trip: a PNG or SVG exported from a board carries its
 * shapes, so dropping the file onto a board (another one, or the same) restores the same shapes,
 * editable; a PNG copied to the clipboard pastes back as shapes too. The dialog's choices show in
 * the file: scale, padding, background, dark mode.
 */
import type { Locator, Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { exportThroughDialog } from './diagram-helpers';
import { chooseTool, drag, drawPolyline, expect, openNewRoom, shapes, test, type ShapeSnapshot } from './fixtures';

/** Drops a file on the canvas at a point, as a browser does. */
async function dropFile(page: Page, bytes: Buffer, name: string, type: string, at: [number, number]): Promise<void> {
  await page.evaluate(
    ({ base64, name, type, at }) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type }));
      const canvas = document.getElementById('canvas') as HTMLElement;
      const init = { dataTransfer: data, bubbles: true, cancelable: true, clientX: at[0], clientY: at[1] };
      canvas.dispatchEvent(new DragEvent('dragover', init));
      canvas.dispatchEvent(new DragEvent('drop', init));
    },
    { base64: bytes.toString('base64'), name, type, at },
  );
}

/** A drawing with one of most kinds of shape: a labelled box joined by an arrow to an ellipse, a note, ink, a frame. */
async function drawDiagram(page: Page): Promise<void> {
  await chooseTool(page, 'frame');
  await drag(page, [260, 140], [900, 620]);
  await page.keyboard.press('Escape');
  await chooseTool(page, 'rect');
  await drag(page, [300, 200], [460, 300]);
  await page.keyboard.press('Enter');
  await page.keyboard.type('Plan');
  await page.keyboard.press('Escape');
  await chooseTool(page, 'ellipse');
  await page.locator('.style-panel [data-fill="#a5d8ff"]').click();
  await drag(page, [620, 200], [780, 300]);
  await chooseTool(page, 'arrow');
  await drag(page, [380, 250], [700, 250]);
  await chooseTool(page, 'sticky');
  await page.mouse.click(400, 480);
  await page.keyboard.type('Ship it');
  await page.keyboard.press('Escape');
  await chooseTool(page, 'pen');
  await drawPolyline(page, [[600, 420], [660, 470], [720, 430], [780, 500]]);
  await expect.poll(async () => (await shapes(page)).length).toBe(6);
}

/** Shapes without identity: ids and stacking keys out, positions relative to the drawing's corner, bindings by position in the list. */
function normalise(list: ShapeSnapshot[]): unknown[] {
  const minX = Math.min(...list.map((s) => s.x));
  const minY = Math.min(...list.map((s) => s.y));
  const order = list.map((s) => s.id);
  return list.map((s) => {
    const { id: _id, z: _z, x, y, ...rest } = s as ShapeSnapshot & Record<string, unknown>;
    const out: Record<string, unknown> = { ...rest, x: Math.round((x - minX) * 10) / 10, y: Math.round((y - minY) * 10) / 10 };
    for (const end of ['start', 'end', 'frameId'] as const) {
      const value = out[end] as { id: string } | string | undefined;
      if (typeof value === 'string') out[end] = order.indexOf(value);
      else if (value) out[end] = { ...value, id: order.indexOf(value.id) };
    }
    if (Array.isArray(out.groupIds)) out.groupIds = (out.groupIds as string[]).length;
    return out;
  });
}

test('a PNG exported and dropped back onto a board gives the same shapes, editable', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  await openNewRoom(server.url, alice);
  await drawDiagram(alice);
  const original = await shapes(alice);
  const png = await exportThroughDialog(alice, 'board-png');
  // Still an ordinary picture of the board.
  const picture = PNG.sync.read(png);
  expect(picture.width).toBeGreaterThan(1000);

  const bob = await (await browser.newContext()).newPage();
  await openNewRoom(server.url, bob);
  await dropFile(bob, png, 'whiteboard.png', 'image/png', [600, 400]);
  await expect.poll(async () => (await shapes(bob)).length).toBe(original.length);
  const restored = await shapes(bob);
  expect(normalise(restored)).toEqual(normalise(original));
  expect(restored.some((s) => s.type === 'image'), 'shapes, not a picture of them').toBe(false);
  // Centred where it was dropped, and selected: ready to move.
  const xs = restored.map((s) => s.x);
  expect((Math.min(...xs) + Math.max(...xs)) / 2).toBeGreaterThan(300);
  await expect.poll(async () => (await bob.evaluate(() => (window as unknown as { whiteboardDebug: { view: { selection: { size: number } } } }).whiteboardDebug.view.selection.size))).toBe(original.length);
  await bob.screenshot({ path: 'test-results/export-dropped-back.png' });
  // Editable: the label is text, undo takes the drop back as one step.
  expect((restored.find((s) => s.type === 'rect') as { label?: string } | undefined)?.label).toBe('Plan');
  await bob.keyboard.press('Control+z');
  await expect.poll(async () => (await shapes(bob)).length).toBe(0);
});

test('an SVG round-trips too; a copied PNG pastes back as shapes', async ({ browser, server }) => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  await openNewRoom(server.url, page);
  await chooseTool(page, 'rect');
  await drag(page, [300, 200], [460, 300]);
  await chooseTool(page, 'ellipse');
  await drag(page, [600, 200], [760, 300]);
  const original = await shapes(page);
  const svg = await exportThroughDialog(page, 'board-svg');
  expect(svg.toString('utf8')).toContain('<whiteboard:scene');
  await dropFile(page, svg, 'whiteboard.svg', 'image/svg+xml', [600, 600]);
  await expect.poll(async () => (await shapes(page)).length).toBe(4);
  expect(normalise((await shapes(page)).slice(2))).toEqual(normalise(original));

  // Copy PNG: the clipboard holds a picture (and, as text, the shapes). With the dropped shapes
  // selected, the dialog offers the selection first.
  await page.keyboard.press('Control+Shift+E');
  const dialog = page.getByRole('dialog', { name: 'Export image' });
  await expect(dialog.locator('input[name="export-target"][value="selection"]')).toBeChecked();
  await dialog.getByRole('button', { name: 'Copy PNG' }).click();
  await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
  const types = await page.evaluate(async () => (await navigator.clipboard.read()).flatMap((item) => [...item.types]));
  expect(types).toContain('image/png');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.mouse.click(1000, 700);
  await page.mouse.move(600, 500);
  await page.keyboard.press('Control+v');
  await expect.poll(async () => (await shapes(page)).length).toBe(6);
  expect(normalise((await shapes(page)).slice(4))).toEqual(normalise(original));
});

test('the dialog’s choices show in the file: scale, padding, transparent or dark paper', async ({ page, server }) => {
  await openNewRoom(server.url, page);
  await chooseTool(page, 'rect');
  await drag(page, [300, 200], [500, 300]);
  await page.keyboard.press('Control+Shift+E');
  const dialog = page.getByRole('dialog', { name: 'Export image' });
  await expect(dialog.locator('.export-size')).toHaveText('536 × 336 px');
  await expect(dialog.locator('.export-preview img')).toHaveAttribute('src', /^blob:/);
  await dialog.screenshot({ path: 'test-results/export-dialog.png' });
  await page.keyboard.press('Escape');
  // Closed before the next Ctrl+Shift+E: one pressed while the dialog still holds the keyboard is the dialog's.
  await expect(dialog).toBeHidden();

  const choose = (scale: string, padding: string, extra: (d: Locator) => Promise<void>) => async (d: Locator) => {
    await d.locator(`input[name="export-scale"][value="${scale}"]`).check();
    await d.getByLabel('Padding (px)').fill(padding);
    await extra(d);
  };
  // 3×, no padding, no background: 204 × 104 units (the outline's width included) at 3 pixels each.
  const clear = PNG.sync.read(await exportThroughDialog(page, 'board-png', choose('3', '0', (d) => d.getByLabel(/^Background/).uncheck())));
  expect([clear.width, clear.height]).toEqual([204 * 3, 104 * 3]);
  expect(clear.data[(clear.width * 150 + 300) * 4 + 3], 'inside the box: transparent').toBe(0);
  // Dark: dark paper, light ink.
  const dark = PNG.sync.read(await exportThroughDialog(page, 'board-png', choose('1', '16', async (d) => {
    await d.getByLabel(/^Background/).check();
    await d.getByLabel(/^Dark mode/).check();
  })));
  expect([dark.width, dark.height]).toEqual([204 + 32, 104 + 32]);
  const at = (x: number, y: number) => [dark.data[(dark.width * y + x) * 4], dark.data[(dark.width * y + x) * 4 + 1], dark.data[(dark.width * y + x) * 4 + 2]] as number[];
  expect(Math.max(...at(4, 4))).toBeLessThan(40);
  expect(Math.min(...at(16 + 2, 60))).toBeGreaterThan(180);
});
