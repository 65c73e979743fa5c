/**
 * Reconnect delays: exponential backoff with jitter, so that when a server restarts, its
 * clients do not all come back in the same instant and knock it over again.
 */
export const RECONNECT_BASE_MS = 500; // first retry: quick, most drops are brief
export const RECONNECT_MAX_MS = 15_000; // never wait longer than this between attempts

/** The delay before attempt `attempt` (0-based): between half and all of base·2^attempt, capped. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling * (0.5 + random() / 2));
}
