import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readTokenClaims } from '../../protocol/invite-token';
import { checkToken, signToken } from './tokens';

const secret = randomBytes(32);
const now = 1_800_000_000;
const claims = { room: 'room-a', role: 'editor' as const, generation: 0, expiresAt: null };
const expectRoomA = { room: 'room-a', generation: 0, nowSeconds: now };

describe('invite tokens', () => {
  it('accept a token this server signed, for its room', () => {
    const token = signToken(secret, claims);
    expect(checkToken(secret, token, expectRoomA)).toEqual({ ok: true, claims });
    expect(readTokenClaims(token)).toEqual(claims);
    expect(token.length).toBeLessThan(200);
  });

  it.each([
    ['a missing token', () => null, 401, /required/],
    ['an empty token', () => '', 401, /required/],
    ['garbage', () => 'hello', 401, /not valid/],
    ['another secret\u2019s token', () => signToken(randomBytes(32), claims), 401, /not valid/],
    ['claims changed after signing', () => {
      const [encoded, sig] = signToken(secret, claims).split('.') as [string, string];
      const flipped = (encoded[5] === 'A' ? 'B' : 'A');
      return `${encoded.slice(0, 5)}${flipped}${encoded.slice(6)}.${sig}`;
    }, 401, /not valid/],
    ['a viewer token promoted to editor', () => {
      const viewer = signToken(secret, { ...claims, role: 'viewer' });
      const promoted = Buffer.from(JSON.stringify({ v: 1, r: 'room-a', p: 'editor', g: 0 })).toString('base64url');
      return `${promoted}.${viewer.split('.')[1]}`;
    }, 401, /not valid/],
    ['a truncated signature', () => signToken(secret, claims).slice(0, -3), 401, /not valid/],
    ['a token for another room', () => signToken(secret, { ...claims, room: 'room-b' }), 403, /another room/],
    ['a revoked generation', () => signToken(secret, { ...claims, generation: 0 }), 403, /revoked/, 1],
    ['an expired token', () => signToken(secret, { ...claims, expiresAt: now - 1 }), 401, /expired/],
  ])('refuse %s', (_name, make, status, reason, generation = 0) => {
    const result = checkToken(secret, make(), { ...expectRoomA, generation });
    expect(result).toMatchObject({ ok: false, status });
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('accept a token until its expiry', () => {
    const token = signToken(secret, { ...claims, expiresAt: now + 60 });
    expect(checkToken(secret, token, expectRoomA).ok).toBe(true);
    expect(checkToken(secret, token, { ...expectRoomA, nowSeconds: now + 60 }).ok).toBe(false);
  });
});
