/** Helpers for the collaboration specs: reading a page's board and connection state. */
import type { Page } from '@playwright/test';

interface DebugHandle {
  whiteboardDebug: {
    board: { all(): Array<{ id: string }>; shapes: { delete(id: string): void }; localOrigin: object };
    doc: { transact(f: () => void, origin: unknown): void };
    connection: { state(): { status: string; rttMs: number | null; unconfirmed: number } };
  };
}

/** The ids of the shapes on a page's board, sorted. */
export function shapeIds(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as DebugHandle).whiteboardDebug.board.all().map((shape) => shape.id).sort());
}

/** Deletes a shape as this page's user (the way the eraser or the Delete key does). */
export function deleteShape(page: Page, id: string): Promise<void> {
  return page.evaluate((shapeId) => {
    const { doc, board } = (window as unknown as DebugHandle).whiteboardDebug;
    doc.transact(() => board.shapes.delete(shapeId), board.localOrigin);
  }, id);
}

export function connectionState(page: Page): Promise<{ status: string; rttMs: number | null; unconfirmed: number }> {
  return page.evaluate(() => (window as unknown as DebugHandle).whiteboardDebug.connection.state());
}

/** A short horizontal stroke at row `row`, column `column` of a grid of distinct positions. */
export function strokeAt(row: number, column: number): Array<readonly [number, number]> {
  const x = 320 + column * 160; // clear of the style panel on the left
  const y = 200 + row * 90;
  return [
    [x, y],
    [x + 60, y + 20],
    [x + 120, y],
  ];
}
