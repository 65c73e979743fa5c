import { describe, expect, it } from 'vitest';
import { AWAY_AFTER_MS, AWAY_WHEN_HIDDEN_MS, isAway } from './away';

describe('away', () => {
  it('is away after a while without input, sooner when the board is hidden', () => {
    expect(isAway(0, AWAY_AFTER_MS - 1, false)).toBe(false);
    expect(isAway(0, AWAY_AFTER_MS, false)).toBe(true);
    expect(isAway(0, AWAY_WHEN_HIDDEN_MS - 1, true)).toBe(false);
    expect(isAway(0, AWAY_WHEN_HIDDEN_MS, true)).toBe(true);
  });
});
