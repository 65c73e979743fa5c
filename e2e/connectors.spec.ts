/**
 * Connectors that stay connected, end to end against the real server: an arrow bound between two
 * boxes keeps touching both outlines when someone else moves one, on both screens and in the
 * exported SVG; resizing and rotating a bound box keeps it attached; deleting one leaves the
 * arrow's end where it was; the line tool places points by clicking and binds its ends; an
 * elbow arrow runs square.
 */
import type { Page } from '@playwright/test';
import { chooseTool, drag, expect, openNewRoom, shapes, test, type ShapeSnapshot } from './fixtures';
import { drawn, ends, exportFile, outsideBy, svgShape, type Box } from './diagram-helpers';
import { inkNear, screenshotPixels } from './pixels';

/** The gap a bound end keeps outside an outline: 3 units plus half the 4-unit outline. */
const TOUCHING = { min: 0, max: 6 };

async function byType(page: Page, type: string): Promise<ShapeSnapshot[]> {
  return (await shapes(page)).filter((s) => s.type === type);
}

function box(shape: ShapeSnapshot): Box {
  return { x: shape.x, y: shape.y, w: shape.w ?? 0, h: shape.h ?? 0, rotation: shape.rotation, ellipse: shape.type === 'ellipse' };
}

/** How far each end of the arrow is outside the box it is bound to. */
async function endGaps(page: Page): Promise<[number, number]> {
  const all = await shapes(page);
  const arrow = all.find((s) => s.type === 'arrow') as ShapeSnapshot & { start: { id: string }; end: { id: string } };
  const routed = (await drawn(page, arrow.id)) as ShapeSnapshot;
  const [start, end] = ends(routed);
  const from = all.find((s) => s.id === arrow.start.id) as ShapeSnapshot;
  const to = all.find((s) => s.id === arrow.end.id) as ShapeSnapshot;
  return [outsideBy(box(from), start), outsideBy(box(to), end)];
}

const touching = (gaps: [number, number]): boolean => gaps.every((g) => g >= TOUCHING.min && g <= TOUCHING.max);

test('an arrow bound between two boxes stays on both outlines when someone else moves one, on both screens and in the SVG', async ({ browser, server }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openNewRoom(server.url, alice, bob);
  await chooseTool(alice, 'rect');
  await drag(alice, [300, 250], [460, 350]);
  await chooseTool(alice, 'rect');
  await drag(alice, [700, 450], [860, 550]);
  // From inside the first box to inside the second: both ends bind.
  await chooseTool(alice, 'arrow');
  await drag(alice, [380, 300], [780, 500], 20);
  await expect.poll(async () => (await byType(bob, 'arrow')).length).toBe(1);
  const [first, second] = await byType(alice, 'rect');
  expect((await byType(alice, 'arrow'))[0]).toMatchObject({ start: { id: first?.id }, end: { id: second?.id } });
  expect(touching(await endGaps(alice))).toBe(true);

  // Bob drags the second box up and to the right.
  await chooseTool(bob, 'select');
  await drag(bob, [780, 530], [1000, 230], 20);
  await expect.poll(async () => (await byType(alice, 'rect'))[1]?.y).toBeLessThan(200);
  for (const page of [alice, bob]) {
    await expect.poll(async () => touching(await endGaps(page))).toBe(true);
    // And it is drawn there: ink just left of the moved box's left edge, at the arrow's height.
    const routed = (await drawn(page, (await byType(page, 'arrow'))[0]?.id as string)) as ShapeSnapshot;
    const [, tip] = ends(routed);
    await expect.poll(async () => inkNear(await screenshotPixels(page), Math.round(tip.x - 8), Math.round(tip.y), 4)).toBe(true);
  }
  await alice.screenshot({ path: 'test-results/connector-followed.png' });

  // The exported SVG draws the arrow from outline to outline too, for both people.
  for (const page of [alice, bob]) {
    const svg = (await exportFile(page, 'board-svg')).toString('utf8');
    const arrow = (await byType(page, 'arrow'))[0] as ShapeSnapshot & { start: { id: string }; end: { id: string } };
    const group = svgShape(svg, arrow.id);
    const path = /d="M([-\d.]+) ([-\d.]+)L([-\d.]+) ([-\d.]+)/.exec(group?.body ?? '');
    expect(path).not.toBeNull();
    const [sx, sy, ex, ey] = (path as RegExpExecArray).slice(1, 5).map(Number) as [number, number, number, number];
    const rects = [arrow.start.id, arrow.end.id].map((id) => {
      const g = svgShape(svg, id);
      const size = /<rect width="([\d.]+)" height="([\d.]+)"/.exec(g?.body ?? '');
      return { x: g?.tx ?? NaN, y: g?.ty ?? NaN, w: Number(size?.[1]), h: Number(size?.[2]) };
    });
    const startGap = outsideBy(rects[0] as Box, { x: (group?.tx ?? 0) + sx, y: (group?.ty ?? 0) + sy });
    const endGap = outsideBy(rects[1] as Box, { x: (group?.tx ?? 0) + ex, y: (group?.ty ?? 0) + ey });
    expect(touching([startGap, endGap])).toBe(true);
  }
});

test('a bound box resized and rotated keeps its arrow; deleting it leaves the arrow\u2019s end where it was', async ({ page, server }) => {
  await openNewRoom(server.url, page);
  await chooseTool(page, 'rect');
  await drag(page, [300, 250], [460, 350]);
  await chooseTool(page, 'ellipse');
  await drag(page, [700, 400], [880, 520]);
  await chooseTool(page, 'arrow');
  await drag(page, [380, 300], [790, 460], 20);
  const ellipse = (await byType(page, 'ellipse'))[0] as ShapeSnapshot;
  // Resize and rotate the ellipse (as a peer's edit would arrive: through the document).
  await page.evaluate((id) => {
    const { board } = (window as unknown as { whiteboardDebug: { board: { update(p: Map<string, object>): void } } }).whiteboardDebug;
    board.update(new Map([[id, { w: 260, h: 90, rotation: 30 }]]));
  }, ellipse.id);
  await expect.poll(async () => touching(await endGaps(page))).toBe(true);

  const arrow = (await byType(page, 'arrow'))[0] as ShapeSnapshot;
  const before = ends((await drawn(page, arrow.id)) as ShapeSnapshot)[1];
  await page.keyboard.press('Escape');
  await page.mouse.click(790, 460);
  await page.keyboard.press('Delete');
  await expect.poll(async () => (await byType(page, 'ellipse')).length).toBe(0);
  const after = (await byType(page, 'arrow'))[0] as ShapeSnapshot & { end?: unknown };
  expect(after.end).toBeUndefined();
  const [, end] = ends(after);
  expect(Math.hypot(end.x - before.x, end.y - before.y)).toBeLessThan(1);
  // Undo brings the box back, bound as it was.
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await byType(page, 'arrow'))[0]).toMatchObject({ end: { id: ellipse.id } });
});

test('the line tool places points by clicking, binds its ends, and an elbow arrow runs square', async ({ page, server }) => {
  await openNewRoom(server.url, page);
  await chooseTool(page, 'rect');
  await drag(page, [300, 200], [440, 290]);
  await chooseTool(page, 'rect');
  await drag(page, [760, 480], [900, 570]);
  // A line of three points: click in the first box, click a bend, double-click in the second.
  await chooseTool(page, 'line');
  await page.mouse.click(370, 245);
  await page.mouse.move(600, 245, { steps: 5 });
  await page.mouse.click(600, 245);
  await page.mouse.move(600, 520, { steps: 5 });
  await page.mouse.dblclick(830, 520);
  await expect(page.locator('[data-tool="select"]')).toHaveAttribute('aria-pressed', 'true');
  const [a, b] = await byType(page, 'rect');
  const line = (await byType(page, 'arrow'))[0] as ShapeSnapshot & { startHead: string; endHead: string };
  expect(line).toMatchObject({ startHead: 'none', endHead: 'none', start: { id: a?.id }, end: { id: b?.id } });
  expect(line.points).toHaveLength(6);
  expect(touching(await endGaps(page))).toBe(true);

  // Elbow, from the style panel: every segment horizontal or vertical.
  await page.locator('.style-panel [data-route="elbow"]').click();
  await expect.poll(async () => (await byType(page, 'arrow'))[0]).toMatchObject({ route: 'elbow' });
  const routed = (await drawn(page, line.id)) as ShapeSnapshot;
  const p = routed.points ?? [];
  for (let i = 2; i < p.length; i += 2) expect(p[i] === p[i - 2] || p[i + 1] === p[i - 1]).toBe(true);
  expect(touching(await endGaps(page))).toBe(true);
  await page.screenshot({ path: 'test-results/connector-line-elbow.png' });
});
