/** Playwright fixtures: a real sync server per test, and helpers to drive the board. */
import { test as base, expect, type Page } from '@playwright/test';
import { startServerProcess, type ServerProcess } from './sync-server-process';

export const test = base.extend<{ server: ServerProcess }>({
  server: async ({}, use) => {
    const server = await startServerProcess();
    await use(server);
    await server.stop();
  },
});

export { expect };

/** Opens a room and waits until the board is connected. */
export async function openRoom(page: Page, serverUrl: string, room: string): Promise<void> {
  await page.goto(`${serverUrl}/r/${room}`);
  await expect(page.locator('.status-badge')).toHaveAttribute('data-status', 'connected');
}

/** Number of shapes in the page's board document. */
export function shapeCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { whiteboardDebug: { board: { size: number } } }).whiteboardDebug.board.size);
}

/** Drags the mouse along a polyline, pressing at the first point and releasing at the last. */
export async function drawPolyline(page: Page, points: ReadonlyArray<readonly [number, number]>): Promise<void> {
  const [first, ...rest] = points;
  if (!first) return;
  await page.mouse.move(first[0], first[1]);
  await page.mouse.down();
  for (const [x, y] of rest) await page.mouse.move(x, y, { steps: 8 });
  await page.mouse.up();
}
