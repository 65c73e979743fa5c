import { describe, expect, it } from 'vitest';
import { takeToken, type TokenState } from './rate-limit';

describe('takeToken', () => {
  it('allows a burst, then the sustained rate', () => {
    let now = 0;
    const bucket: TokenState = { tokens: 5, tokensAt: now };
    const take = (): boolean => takeToken(bucket, 10, 5, now);
    const burst = Array.from({ length: 8 }, take);
    expect(burst).toEqual([true, true, true, true, true, false, false, false]);
    now += 100; // 10 per second: one token per 100 ms
    expect(take()).toBe(true);
    expect(take()).toBe(false);
  });

  it('refills no further than the burst', () => {
    let now = 0;
    const bucket: TokenState = { tokens: 3, tokensAt: now };
    const take = (): boolean => takeToken(bucket, 1000, 3, now);
    now += 60_000;
    expect([take(), take(), take(), take()]).toEqual([true, true, true, false]);
  });
});
