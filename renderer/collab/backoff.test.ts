import { describe, expect, it } from 'vitest';
import { RECONNECT_BASE_MS, RECONNECT_MAX_MS, reconnectDelayMs } from './backoff';

describe('reconnectDelayMs', () => {
  it('doubles per attempt, within half and all of the ceiling', () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const ceiling = RECONNECT_BASE_MS * 2 ** attempt;
      expect(reconnectDelayMs(attempt, () => 0)).toBe(ceiling / 2);
      expect(reconnectDelayMs(attempt, () => 1)).toBe(ceiling);
    }
  });

  it('never passes the maximum, however many attempts', () => {
    expect(reconnectDelayMs(50, () => 1)).toBe(RECONNECT_MAX_MS);
    expect(reconnectDelayMs(1e9, () => 0.999)).toBeLessThanOrEqual(RECONNECT_MAX_MS);
  });

  it('spreads clients out: different random draws give different delays', () => {
    const delays = new Set(Array.from({ length: 50 }, () => reconnectDelayMs(3)));
    expect(delays.size).toBeGreaterThan(10);
  });
});
