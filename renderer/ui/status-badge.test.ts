import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../collab/connection';
import { describeStatus } from './status-badge';

const base: ConnectionState = { status: 'connected', role: 'editor', refusal: null, rttMs: 23.6, unconfirmed: 0, retryAt: null };

describe('describeStatus', () => {
  it.each([
    [base, 'Connected · 24 ms · All changes saved'],
    [{ ...base, unconfirmed: 1 }, 'Connected · 24 ms · Saving 1 change…'],
    [{ ...base, rttMs: null, unconfirmed: 3 }, 'Connected · Saving 3 changes…'],
    [{ ...base, status: 'offline', rttMs: null, unconfirmed: 2, retryAt: 10_400 }, 'Offline · 2 changes kept on this device · retrying in 5 s'],
    [{ ...base, status: 'offline', rttMs: null, retryAt: null }, 'Offline · reconnecting…'],
    [{ ...base, status: 'connecting' }, 'Connecting…'],
  ] as Array<[ConnectionState, string]>)('%j reads "%s"', (state, text) => {
    expect(describeStatus(state, 6_000)).toBe(text);
  });
});
