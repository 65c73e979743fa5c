/**
 * Invite tokens: `<claims>.<signature>`, both base64url without padding. The claims are JSON
 * `{"v":1,"r":room,"p":role,"g":generation,"x":expiresAtSeconds?}`; the signature is
 * HMAC-SHA256 over the claims part with the server's secret (computed and checked on the server
 * only: sync-server/auth/tokens.ts). The generation lets a room's links be revoked all at once:
 * the server keeps the room's current generation and refuses tokens of older ones.
 *
 * Clients may read the claims (to show "view only" before connecting, or an expiry), but they
 * are not trusted anywhere: the server verifies every token at the WebSocket upgrade.
 */
import { fromBase64UrlEncoded } from 'lib0/buffer';
import { decodeUtf8 } from 'lib0/string';
import { MAX_TOKEN_LENGTH } from './limits';
import { isRole, type Role } from './role';
import { isValidRoomId } from './room-id';

export const TOKEN_VERSION = 1;

export interface TokenClaims {
  room: string;
  role: Role;
  /** The room's link generation this token belongs to. */
  generation: number;
  /** Expiry in seconds since the epoch; null for links that do not expire. */
  expiresAt: number | null;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Whether a string has the shape of a token (not whether it is valid). */
export function isTokenShaped(token: string): boolean {
  return token.length <= MAX_TOKEN_LENGTH && TOKEN_PATTERN.test(token);
}

/** The JSON text of the claims, as signed. */
export function claimsJson(claims: TokenClaims): string {
  const body: Record<string, unknown> = { v: TOKEN_VERSION, r: claims.room, p: claims.role, g: claims.generation };
  if (claims.expiresAt !== null) body.x = claims.expiresAt;
  return JSON.stringify(body);
}

/** Reads the claims of a token WITHOUT checking its signature; null if they are malformed. */
export function readTokenClaims(token: string): TokenClaims | null {
  if (!isTokenShaped(token)) return null;
  const [encoded] = token.split('.');
  let body: unknown;
  try {
    body = JSON.parse(decodeUtf8(fromBase64UrlEncoded(encoded as string)));
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  const { v, r, p, g, x } = body as Record<string, unknown>;
  if (v !== TOKEN_VERSION || typeof r !== 'string' || !isValidRoomId(r) || !isRole(p)) return null;
  if (typeof g !== 'number' || !Number.isSafeInteger(g) || g < 0) return null;
  if (x !== undefined && (typeof x !== 'number' || !Number.isSafeInteger(x) || x <= 0)) return null;
  return { room: r, role: p, generation: g, expiresAt: typeof x === 'number' ? x : null };
}
