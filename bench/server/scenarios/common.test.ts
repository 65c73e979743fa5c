import { describe, expect, it } from 'vitest';
import type { ServerStats } from '../servers';
import { combineWindows, type Window } from './common';

const stats = (cpuMicros: number, threads: Record<string, number>): ServerStats => ({ cpuMicros, threads, rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 });

/** A slice from `at` to `at + cpuMs` of CPU (µs counters), `main` of it on the main thread. */
function slice(at: number, cpuMs: number, main: number, wallMs: number, lag: number, share: number): Window {
  return {
    cpuMs, wallMs,
    before: stats(at * 1000, { main: at, node: 0 }),
    after: stats((at + cpuMs) * 1000, { main: at + main, node: cpuMs - main }),
    driver: { loopDelayP99Ms: lag, cpuShare: share },
  };
}

describe('combineWindows', () => {
  it('sums the slices\' CPU, wall time and each thread\'s share, leaving out what ran between them', () => {
    // 100 ms of CPU ran between the two slices (another server's turn): it must not count.
    const window = combineWindows([slice(0, 30, 20, 3_000, 5, 0.2), slice(130, 50, 45, 3_000, 7, 0.4)]);
    expect(window.cpuMs).toBe(80);
    expect(window.wallMs).toBe(6_000);
    expect(window.after.cpuMicros - window.before.cpuMicros).toBe(80_000);
    expect((window.after.threads.main ?? 0) - (window.before.threads.main ?? 0)).toBe(65);
    expect(window.after.threads.node).toBe(15);
    expect(window.driver.loopDelayP99Ms).toBe(7);
    expect(window.driver.cpuShare).toBeCloseTo(0.3);
  });

  it('refuses to combine nothing', () => {
    expect(() => combineWindows([])).toThrow('no window');
  });
});
