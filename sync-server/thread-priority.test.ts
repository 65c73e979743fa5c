import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lowerThisThreadPriority } from './thread-priority';

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
