/**
 * Closing a connection (4401) when the invite link it was admitted with expires, not just refusing it at admission. A
 * link may run for a year, longer than Node's timers wait (~24.8 days), so a long wait is taken in steps.
 */

/** The longest delay a Node timer takes: past 2^31 − 1 ms it fires at once. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** Calls `onExpired` once the wall clock reaches `expiresAtSeconds` (Unix seconds). */
export function scheduleExpiry(expiresAtSeconds: number, onExpired: () => void): { cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const check = (): void => {
    const leftMs = expiresAtSeconds * 1000 - Date.now();
    // Shutdown closes every connection; a pending expiry must not hold the process open.
    if (leftMs > 0) timer = setTimeout(check, Math.min(leftMs, MAX_TIMER_DELAY_MS)).unref();
    else onExpired();
  };
  check();
  return { cancel: () => clearTimeout(timer) };
}
