import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '../protocol/close-code';
import { Role } from '../protocol/role';
import { signToken } from './auth/tokens';
import { MAX_TIMER_DELAY_MS, scheduleExpiry } from './link-expiry';
import { TEST_SECRET, eventually, startTestServer, wsUrl } from './testing/harness';
import { closeAfterEach } from './testing/cleanups';
import { RawClient, connectRaw } from './testing/ws-client';

const DAY_MS = 86_400_000;

describe('scheduleExpiry', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-21T12:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires once the clock reaches the expiry, not before', () => {
    const fired = vi.fn();
    scheduleExpiry(Date.now() / 1000 + 90, fired);
    vi.advanceTimersByTime(89_999);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits out an expiry longer than a Node timer can, in steps', () => {
    const fired = vi.fn();
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const expiresAt = Date.now() / 1000 + (300 * DAY_MS) / 1000;
    scheduleExpiry(expiresAt, fired);
    // Node would fire a longer delay after 1 ms.
    expect(setTimeoutSpy.mock.calls.map(([, delay]) => delay)).toEqual([MAX_TIMER_DELAY_MS]);
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(300 * DAY_MS - MAX_TIMER_DELAY_MS - 1);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('fires at once for a link that has already expired', () => {
    const fired = vi.fn();
    scheduleExpiry(Date.now() / 1000 - 1, fired);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no timer behind once cancelled', () => {
    const fired = vi.fn();
    const timer = scheduleExpiry(Date.now() / 1000 + 3_600, fired);
    expect(vi.getTimerCount()).toBe(1);
    timer.cancel();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(2 * 3_600_000);
    expect(fired).not.toHaveBeenCalled();
  });
});

describe('a connection whose invite link expires', () => {
  const { cleanups, track } = closeAfterEach();

  it('is closed with 4401 at the expiry; others stay, and the link no longer opens the board', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const lasting = track(await connectRaw(server, 'r1'));
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const token = signToken(TEST_SECRET, { room: 'r1', role: Role.Viewer, generation: 0, expiresAt });
    const url = `${wsUrl(server)}/r1?token=${token}`;
    const expiring = track(new RawClient(url));
    await expiring.opened;
    if (!expiring.synced) await expiring.nextMessage(() => expiring.synced);
    const closed = await expiring.waitClosed(5_000);
    expect(closed).toEqual({ code: CloseCode.LinkExpired, reason: 'the invite link has expired' });
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt * 1000);
    expect(lasting.isOpen).toBe(true);
    lasting.doc.getText('t').insert(0, 'still served');
    const later = track(await connectRaw(server, 'r1'));
    await eventually(() => later.doc.getText('t').toString() === 'still served', 5_000, 'the board to reach a new joiner');
    const again = new RawClient(url);
    await expect(again.opened).rejects.toThrow('upgrade refused: 401');
  }, 15_000);
});
