/** Time as history sees it: the real clock, or one a test moves by hand (testing/manual-clock.ts). */
export interface Clock {
  now(): number;
  /** Runs `run` after `ms`; the timer never keeps the process alive. */
  after(ms: number, run: () => void): { cancel(): void };
}

export const REAL_CLOCK: Clock = {
  now: () => Date.now(),
  after(ms, run) {
    const timer = setTimeout(run, ms).unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
