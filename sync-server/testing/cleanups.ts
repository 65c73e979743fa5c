/**
 * Test helper: what a test opens (clients, servers) is closed after it, newest first, whether
 * the test passed or not. Call once at the top of a test file.
 */
import { afterEach } from 'vitest';

export type Closable = { destroy(): unknown } | { stop(): unknown } | { close(): unknown };

export function closeAfterEach(): { cleanups: Array<() => unknown>; track: <T extends Closable>(item: T) => T } {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const track = <T extends Closable>(item: T): T => {
    cleanups.push(() => ('destroy' in item ? item.destroy() : 'stop' in item ? item.stop() : item.close()));
    return item;
  };
  return { cleanups, track };
}
