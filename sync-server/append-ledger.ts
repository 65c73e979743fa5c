/**
 * A room's appends in flight, in the order they were issued, so that whatever must follow them
 * (a save ack: acknowledged means stored) runs once every append issued before it is done.
 * Appends may complete in any order; `done` counts the first unbroken run of completed ones.
 */
export class AppendLedger {
  private issued = 0;
  private done = 0;
  private readonly finished = new Set<number>();
  private waiting: Array<{ after: number; run: () => void }> = [];

  /** Numbers a new append; pass the number to `finish` when it completes (or fails). */
  issue(): number {
    return ++this.issued;
  }

  finish(index: number): void {
    this.finished.add(index);
    while (this.finished.delete(this.done + 1)) this.done++;
    if (this.waiting.length === 0 || (this.waiting[0]?.after ?? Infinity) > this.done) return;
    const ready = this.waiting.filter((entry) => entry.after <= this.done);
    this.waiting = this.waiting.filter((entry) => entry.after > this.done);
    for (const entry of ready) entry.run();
  }

  /** Runs `run` once every append issued so far is done: now, if they are. */
  afterAll(run: () => void): void {
    if (this.done === this.issued) run();
    else this.waiting.push({ after: this.issued, run });
  }

  settled(): Promise<void> {
    return new Promise((resolve) => this.afterAll(resolve));
  }
}
