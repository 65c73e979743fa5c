import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
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

  it('lowers the runtime\u2019s own threads, and not the serving thread', () => {
    // In a process of its own: this one's other threads are the test runner's.
    const module = fileURLToPath(new URL('./thread-priority.ts', import.meta.url));
    const script = `import os from 'node:os'; import fs from 'node:fs'; import { lowerRuntimeThreads } from ${JSON.stringify(module)};
      lowerRuntimeThreads();
      const others = fs.readdirSync('/proc/self/task').map(Number).filter((id) => id !== process.pid);
      console.log(JSON.stringify({ main: os.getPriority(process.pid), others: others.map((id) => os.getPriority(id)) }));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    const { main, others } = JSON.parse(child.stdout) as { main: number; others: number[] };
    expect(main).toBe(0);
    expect(others.length).toBeGreaterThan(0); // V8's platform workers, at least
    expect(new Set(others)).toEqual(new Set([10]));
  });
});
