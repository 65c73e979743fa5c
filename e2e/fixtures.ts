/** Playwright fixtures: a real sync server per test, and helpers to drive the board. */
import { test as base, expect, type Page } from '@playwright/test';
import type { RoomLinksResponse } from '../protocol/room-api';
import { startServerProcess, type ServerProcess } from './sync-server-process';

export const test = base.extend<{ server: ServerProcess }>({
  server: async ({}, use) => {
    const server = await startServerProcess();
    await use(server);
    await server.stop();
  },
});

export { expect };

/** A room created through the server's API, with its invite links. */
export async function createRoom(serverUrl: string): Promise<RoomLinksResponse> {
  const response = await fetch(`${serverUrl}/api/rooms`, { method: 'POST' });
  expect(response.status).toBe(201);
  return (await response.json()) as RoomLinksResponse;
}

/** Opens an invite link and waits until the board is connected. */
export async function openLink(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await expect(page.locator('.status-badge')).toHaveAttribute('data-status', 'connected');
}

/** Creates a room and opens its editor link in every page. */
export async function openNewRoom(serverUrl: string, ...pages: Page[]): Promise<RoomLinksResponse> {
  const room = await createRoom(serverUrl);
  for (const page of pages) await openLink(page, room.links.editor?.web ?? '');
  return room;
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

/** A shape as the page's board reads it (the fields the specs look at). */
export interface ShapeSnapshot {
  id: string;
  type: string;
  z: string;
  x: number;
  y: number;
  rotation: number;
  opacity: number;
  w?: number;
  h?: number;
  text?: string;
  color?: string;
  fill?: string;
  width?: number;
  points?: number[];
  fontSize?: number;
  assetId?: string;
}

/** Every valid shape on the page's board, bottom to top. */
export function shapes(page: Page): Promise<ShapeSnapshot[]> {
  return page.evaluate(() => (window as unknown as { whiteboardDebug: { board: { all(): ShapeSnapshot[] } } }).whiteboardDebug.board.all());
}

/** Ids of the shapes selected on the page. */
export function selectedIds(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as { whiteboardDebug: { view: { selection: { ids: Set<string> } } } }).whiteboardDebug.view.selection.ids]);
}

/** Picks a tool by clicking its toolbar button. */
export async function chooseTool(page: Page, name: string): Promise<void> {
  await page.locator(`[data-tool="${name}"]`).click();
  await expect(page.locator(`[data-tool="${name}"]`)).toHaveAttribute('aria-pressed', 'true');
}

/** A straight drag from one point to another, in steps. */
export async function drag(page: Page, from: readonly [number, number], to: readonly [number, number], steps = 10): Promise<void> {
  await page.mouse.move(from[0], from[1]);
  await page.mouse.down();
  await page.mouse.move(to[0], to[1], { steps });
  await page.mouse.up();
}
