/**
 * Closing a connection when the invite link it was admitted with expires. Expiry is checked at
 * admission, but a link that expires an hour after someone opened the board must not leave
 * them connected for the rest of the day: the connection is closed (4401) at the expiry.
 *
 * A link may run for up to a year, longer than Node's timers can wait (they fire at once past
 * about 24.8 days), so a long wait is taken in steps, each checking the clock again.
 */
import { MAX_TIMER_DELAY_MS } from './constants';

export interface ExpiryTimer {
  cancel(): void;
}

/** Calls `onExpired` once the wall clock reaches `expiresAtSeconds` (Unix seconds). */
export function scheduleExpiry(expiresAtSeconds: number, onExpired: () => void, now: () => number = Date.now): ExpiryTimer {
  let timer: NodeJS.Timeout | null = null;
  const check = (): void => {
    timer = null;
    const leftMs = expiresAtSeconds * 1000 - now();
    if (leftMs <= 0) {
      onExpired();
      return;
    }
    timer = setTimeout(check, Math.min(leftMs, MAX_TIMER_DELAY_MS));
    // Shutdown closes every connection; a pending expiry must not hold the process open.
    timer.unref();
  };
  check();
  return {
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
