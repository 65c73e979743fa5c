/**
 * Random identifiers for rooms and shapes: bytes from the platform's CSPRNG (which, unlike
 * `crypto.randomUUID`, is also there on plain-http LAN pages), base64url without padding.
 */
import { getRandomValues } from 'lib0/webcrypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function randomId(byteCount: number): string {
  const bytes = getRandomValues(new Uint8Array(byteCount));
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += ALPHABET[(value >> bits) & 63];
    }
  }
  if (bits > 0) out += ALPHABET[(value << (6 - bits)) & 63];
  return out;
}
