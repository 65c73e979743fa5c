/** A clock a test moves by hand: `advance` fires the timers that fall due, in order. */
import type { Clock } from '../history/clock';

export class ManualClock implements Clock {
  private timers: Array<{ at: number; run: () => void; live: boolean }> = [];

  constructor(private time = 0) {}

  now(): number { return this.time; }

  after(ms: number, run: () => void): { cancel(): void } {
    const timer = { at: this.time + ms, run, live: true };
    this.timers.push(timer);
    return { cancel: () => void (timer.live = false) };
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.time = due.at;
      due.live = false;
      due.run();
    }
    this.timers = this.timers.filter((t) => t.live);
    this.time = end;
  }
}
