/**
 * Signing and checking invite tokens (protocol/invite-token.ts): HMAC-SHA256 over the base64url claims with the
 * server's secret, compared in constant time. A token is checked for shape, signature, room, generation (revocation)
 * and expiry, in that order, so that nothing about an unsigned token is believed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { claimsJson, readTokenClaims, isTokenShaped, type TokenClaims } from '../../protocol/invite-token';

export function signToken(secret: Buffer, claims: TokenClaims): string {
  const encoded = Buffer.from(claimsJson(claims), 'utf8').toString('base64url');
  return `${encoded}.${signature(secret, encoded)}`;
}

function signature(secret: Buffer, encodedClaims: string): string {
  return createHmac('sha256', secret).update(encodedClaims).digest('base64url');
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; status: 401 | 403; reason: string };

export interface TokenExpectation {
  room: string;
  /** The room's current link generation: tokens of older generations were revoked. */
  generation: number;
  nowSeconds: number;
}

/** Whether `given` is `expected`, compared in constant time. */
export function sameSecret(given: string, expected: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Checks the signature only; null if the token is malformed or forged. */
function verifiedClaims(secret: Buffer, token: string): TokenClaims | null {
  const [encoded = '', given = ''] = token.split('.');
  return isTokenShaped(token) && sameSecret(given, signature(secret, encoded)) ? readTokenClaims(token) : null;
}

export function checkToken(secret: Buffer, token: string | null, expect: TokenExpectation): TokenCheck {
  if (token === null || token === '') return { ok: false, status: 401, reason: 'an invite token is required' };
  const claims = verifiedClaims(secret, token);
  if (!claims) return { ok: false, status: 401, reason: 'the invite token is not valid' };
  if (claims.room !== expect.room) return { ok: false, status: 403, reason: 'the invite token is for another room' };
  if (claims.generation !== expect.generation) return { ok: false, status: 403, reason: 'the invite link was revoked' };
  if (claims.expiresAt !== null && claims.expiresAt <= expect.nowSeconds) return { ok: false, status: 401, reason: 'the invite link has expired' };
  return { ok: true, claims };
}
