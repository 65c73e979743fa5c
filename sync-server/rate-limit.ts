/** A token bucket: `ratePerSecond` sustained, up to `burst` at once; refilled lazily, so no timer. */

/** A bucket's state; a connection holds these fields itself: no object per connection. */
export interface TokenState { tokens: number; tokensAt: number }

/** Takes one token from `state` at time `now` (ms); false when the bucket is empty. */
export function takeToken(state: TokenState, ratePerSecond: number, burst: number, now: number): boolean {
  state.tokens = Math.min(burst, state.tokens + ((now - state.tokensAt) / 1000) * ratePerSecond);
  state.tokensAt = now;
  if (state.tokens < 1) return false;
  state.tokens--;
  return true;
}
