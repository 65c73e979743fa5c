import { afterEach, describe, expect, it, vi } from 'vitest';
import { HeldUpdates, type HeldLimits } from './held-updates';
import { SharedBudget } from './shared-budget';

const LIMITS: HeldLimits = { maxHeldBytes: 10, maxHeldMs: 1_000 };

afterEach(() => {
  vi.useRealTimers();
});

describe('updates held until their sync step 2', () => {
  it('keeps them in order up to the per-connection limit and hands them over once', () => {
    const held = new HeldUpdates(LIMITS, null, () => undefined);
    expect(held.hold([new Uint8Array(3)])).toBeNull();
    expect(held.hold([new Uint8Array(4), new Uint8Array(3)])).toBeNull();
    expect(held.take().map((part) => part.length)).toEqual([3, 4, 3]);
    expect(held.size).toBe(0);
    expect(held.take()).toEqual([]);
    // The limit counts from nothing again.
    expect(held.hold([new Uint8Array(10)])).toBeNull();
  });

  it('refuses, and keeps nothing, once they pass the per-connection limit', () => {
    const held = new HeldUpdates(LIMITS, null, () => undefined);
    expect(held.hold([new Uint8Array(8)])).toBeNull();
    expect(held.hold([new Uint8Array(3)])).toMatch(/too many changes/);
    expect(held.size).toBe(0);
    expect(held.hold([new Uint8Array(10)])).toBeNull();
  });

  it('drops them and says why when the step 2 has not come within the time limit', () => {
    vi.useFakeTimers();
    const expired: string[] = [];
    const budget = SharedBudget.create(100);
    const held = new HeldUpdates(LIMITS, budget, (reason) => expired.push(reason));
    held.hold([new Uint8Array(5)]);
    vi.advanceTimersByTime(999);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['the sync did not complete within 1 s']);
    expect(held.size).toBe(0);
    expect(budget.usedBytes).toBe(0);
  });

  it('stops the clock once the step 2 is in', () => {
    vi.useFakeTimers();
    const expired: string[] = [];
    const held = new HeldUpdates(LIMITS, null, (reason) => expired.push(reason));
    held.hold([new Uint8Array(5)]);
    held.take();
    vi.advanceTimersByTime(5_000);
    expect(expired).toEqual([]);
  });

  it('shares one server-wide budget: a connection past it is refused, and bytes come back on take and release', () => {
    const budget = SharedBudget.create(12);
    const a = new HeldUpdates(LIMITS, budget, () => undefined);
    const b = new HeldUpdates(LIMITS, budget, () => undefined);
    expect(a.hold([new Uint8Array(8)])).toBeNull();
    expect(b.hold([new Uint8Array(5)])).toMatch(/the server holds too many/);
    expect(budget.usedBytes).toBe(8);
    expect(b.hold([new Uint8Array(4)])).toBeNull();
    expect(budget.usedBytes).toBe(12);
    a.take();
    b.release();
    b.release();
    expect(budget.usedBytes).toBe(0);
  });
});
