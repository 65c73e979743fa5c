import { Worker } from 'node:worker_threads';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startBackgroundThread } from './thread-priority';
import { threadNiceness } from './testing/threads';

const threads = (): number[] => fs.readdirSync('/proc/self/task').map(Number);

describe.runIf(process.platform === 'linux')('background threads', () => {
  it('start below the serving thread\u2019s priority, from their first instruction', async () => {
    const before = new Set(threads());
    const worker = startBackgroundThread(() => new Worker('setInterval(() => {}, 1000)', { eval: true }));
    try {
      await new Promise((resolve) => worker.once('online', resolve));
      const fresh = threads().filter((id) => !before.has(id));
      const niceness = fresh.map(threadNiceness);
      expect(niceness).toContain(10);
      expect(threadNiceness(process.pid)).toBe(0);
    } finally {
      await worker.terminate();
    }
  });
});
