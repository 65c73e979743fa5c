/**
 * A byte budget the whole server shares, every thread included: its count lives in a SharedArrayBuffer and changes only
 * through Atomics. Whoever takes bytes gives them back (exactly once), or the budget shrinks for good.
 */
export interface SharedBudgetData { limitBytes: number; buffer: SharedArrayBuffer }

export class SharedBudget {
  private readonly used: BigInt64Array;

  constructor(readonly data: SharedBudgetData) { this.used = new BigInt64Array(data.buffer); }

  static create(limitBytes: number): SharedBudget {
    return new SharedBudget({ limitBytes, buffer: new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT) });
  }

  get usedBytes(): number { return Number(Atomics.load(this.used, 0)); }

  /** Takes `bytes` if they fit under the limit; false (and nothing taken) if not. */
  tryTake(bytes: number): boolean {
    const amount = BigInt(bytes);
    const limit = BigInt(this.data.limitBytes);
    for (;;) {
      const current = Atomics.load(this.used, 0);
      if (current + amount > limit) return false;
      if (Atomics.compareExchange(this.used, 0, current, current + amount) === current) return true;
    }
  }

  give(bytes: number): void { Atomics.sub(this.used, 0, BigInt(bytes)); }
}
