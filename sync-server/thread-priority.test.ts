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
    // The worker never changes its own priority: it reports what it was given, once asked (asking
    // keeps the test from racing the parent, which lowers it within microseconds of its start).
    const worker = startThreadAtPriority(
      target,
      () =>
        new Worker(
          `const fs = require('node:fs');
           const { parentPort } = require('node:worker_threads');
           parentPort.once('message', () => parentPort.postMessage(fs.readFileSync('/proc/thread-self/stat', 'utf8')));`,
          { eval: true },
        ),
    );
    worker.postMessage('go');
    const stat = await new Promise<string>((resolve) => worker.once('message', resolve));
    await worker.terminate();
    expect(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])).toBe(target);
    expect(niceness()).toBe(before);
  });
});
