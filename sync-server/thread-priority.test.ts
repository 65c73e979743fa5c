import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { lowerThisThreadPriority, startThreadAtPriority } from './thread-priority';

/** Field 19 of /proc/thread-self/stat: this thread's niceness. */
function niceness(): number {
  const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

describe('lowerThisThreadPriority', () => {
  it('lowers the calling thread only, not the process', () => {
    const processNiceness = (): number => {
      const stat = fs.readFileSync('/proc/self/stat', 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const before = niceness();
    // This test runs in a worker thread or a child process of its own: lowering it is harmless.
    expect(lowerThisThreadPriority(Math.min(19, before + 3))).toBe(true);
    expect(niceness()).toBe(Math.min(19, before + 3));
    if (fs.readlinkSync('/proc/thread-self') !== `${process.pid}/task/${process.pid}`) expect(processNiceness()).toBe(before);
  });
});

describe('startThreadAtPriority', () => {
  it('lowers the thread it starts from outside, and only that thread', async () => {
    const before = niceness();
    const target = Math.min(19, before + 4);
    // The worker never changes its own priority: it reports what it was given, once asked (the
    // ask only keeps the test from racing the parent; the parent lowers it within microseconds).
    const worker = startThreadAtPriority(
      target,
      () =>
        new Worker(
          `const fs = require('node:fs');
           const { parentPort } = require('node:worker_threads');
           const stat = () => fs.readFileSync('/proc/thread-self/stat', 'utf8');
           const atStart = stat();
           parentPort.once('message', () => parentPort.postMessage([atStart, stat()]));`,
          { eval: true },
        ),
    );
    worker.postMessage('go');
    const [atStart, later] = await new Promise<[string, string]>((resolve) => worker.once('message', resolve));
    await worker.terminate();
    const nicenessOf = (stat: string): number => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    expect(nicenessOf(later)).toBe(target);
    // Its first line normally sees it lowered already; not asserted, as a loaded machine may
    // pause the parent between starting the thread and lowering it.
    void atStart;
    expect(niceness()).toBe(before);
  });
});
