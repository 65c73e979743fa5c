/**
 * Whether this user is away: no pointer, key, wheel or touch for AWAY_AFTER_MS, or the window
 * hidden (another tab, minimised) for AWAY_WHEN_HIDDEN_MS. Any input brings them back at once.
 * Checked on a slow timer against the clock, so a laptop that slept comes back as away.
 */

/** Idle this long with the board in front of them: away. */
export const AWAY_AFTER_MS = 3 * 60_000;
/** With the board hidden, sooner: they are somewhere else. */
export const AWAY_WHEN_HIDDEN_MS = 30_000;
/** How often the clock is looked at: an away shows within this of being due. */
const CHECK_EVERY_MS = 5_000;

const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

export interface AwayClock {
  now(): number;
  hidden(): boolean;
}

const realClock: AwayClock = { now: () => Date.now(), hidden: () => document.visibilityState === 'hidden' };

/** Decides from the time of the last activity; pure, for tests. */
export function isAway(lastActive: number, now: number, hidden: boolean): boolean {
  return now - lastActive >= (hidden ? AWAY_WHEN_HIDDEN_MS : AWAY_AFTER_MS);
}

/** Calls `onChange` whenever this user goes away or comes back; returns a function that stops. */
export function watchAway(onChange: (away: boolean) => void, clock: AwayClock = realClock, target: EventTarget = window): () => void {
  let lastActive = clock.now();
  let away = false;
  const set = (next: boolean): void => {
    if (next === away) return;
    away = next;
    onChange(away);
  };
  const active = (): void => {
    lastActive = clock.now();
    set(false);
  };
  const check = (): void => set(isAway(lastActive, clock.now(), clock.hidden()));
  for (const type of ACTIVITY) target.addEventListener(type, active, { passive: true, capture: true });
  document.addEventListener('visibilitychange', check);
  const timer = setInterval(check, CHECK_EVERY_MS);
  return () => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', check);
    for (const type of ACTIVITY) target.removeEventListener(type, active, { capture: true });
  };
}
