/**
 * A room's appends in flight, in issue order, so that what must follow them (a save ack: acknowledged means stored) runs
 * once every append issued before it is stored. Appends may complete in any order; `done` counts the first unbroken run
 * of stored ones. Once one fails, nothing waiting runs, ever: no ack may follow a change that was not stored.
 */
export class AppendLedger {
  private issued = 0;
  private done = 0;
  private readonly finished = new Set<number>();
  private waiting: Array<{ after: number; run: () => void }> = [];
  private failed = false;
  private readonly settledWaiters: Array<() => void> = [];

  /** Numbers a new append; pass the number to `finish` when it completes (or fails). */
  issue(): number { return ++this.issued; }

  finish(index: number): void {
    this.finished.add(index);
    while (this.finished.delete(this.done + 1)) this.done++;
    if (this.done === this.issued) for (const resolve of this.settledWaiters.splice(0)) resolve();
    // Waiting in issue order: what may run now is at the front.
    while ((this.waiting[0]?.after ?? Infinity) <= this.done) this.waiting.shift()?.run();
  }

  fail(index: number): void {
    this.failed = true;
    this.waiting = [];
    this.finish(index);
  }

  /** Runs `run` once every append issued so far is stored: now, if they are; never, if one failed. */
  afterAll(run: () => void): void {
    if (this.failed) return;
    if (this.done === this.issued) run();
    else this.waiting.push({ after: this.issued, run });
  }

  /** Resolves once every append issued so far has completed, stored or failed. */
  settled(): Promise<void> {
    if (this.done === this.issued) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }
}
