/**
 * Parts of updates a connection sent before its step 2, kept until it arrives (update-guard.ts says why). Bounded per
 * connection, in time from the first part, and across the server (a shared budget); past any bound all is dropped and
 * the caller closes the connection (1008) with the reason returned: its client sends it all again.
 */
import type { ServerLimits } from './constants';
import type { SharedBudget } from './shared-budget';

export type HeldLimits = Pick<ServerLimits, 'maxHeldBytes' | 'maxHeldMs'>;

export class HeldUpdates {
  /** Remainders (V2-encoded), in the order they came. */
  private parts: Uint8Array[] = [];
  private bytes = 0;
  private deadline: NodeJS.Timeout | null = null;

  constructor(
    private readonly limits: HeldLimits,
    private readonly budget: SharedBudget | null,
    /** Called once if the parts are still held when the time limit passes. */
    private readonly onExpired: (reason: string) => void,
  ) {}

  get size(): number { return this.parts.length; }

  /** Keeps `parts`; returns null, or why they cannot be kept (then nothing is kept any more). */
  hold(parts: readonly Uint8Array[]): string | null {
    const bytes = parts.reduce((sum, part) => sum + part.length, 0);
    const tooMany = this.bytes + bytes > this.limits.maxHeldBytes;
    if (tooMany || (this.budget && !this.budget.tryTake(bytes))) {
      this.release();
      return tooMany ? 'too many changes before the sync completed' : 'the server holds too many changes waiting for their sync; reconnect';
    }
    this.parts.push(...parts);
    this.bytes += bytes;
    this.deadline ??= setTimeout(() => {
      this.release();
      this.onExpired(`the sync did not complete within ${this.limits.maxHeldMs / 1000} s`);
    }, this.limits.maxHeldMs).unref();
    return null;
  }

  /** Everything held, handed over once (its step 2 is in): the budget gets its bytes back. */
  take(): Uint8Array[] {
    const parts = this.parts;
    this.release();
    return parts;
  }

  /** Drops everything held and gives its bytes back to the budget (idempotent). */
  release(): void {
    if (this.deadline) clearTimeout(this.deadline);
    this.deadline = null;
    this.budget?.give(this.bytes);
    this.parts = [];
    this.bytes = 0;
  }
}
