/**
 * A token bucket per client address, for actions with lasting cost (a room is a row on disk nobody may delete). IPv6
 * counts per /64 (a host usually holds one). The table is bounded: when full the oldest goes, at worst a fresh burst.
 */
import net from 'node:net';
import { takeToken, type TokenState } from './rate-limit';

/** Addresses tracked at once; ~100 bytes each, so a full table is about a megabyte. */
const MAX_TRACKED_ADDRESSES = 10_000;

/** The group an address is counted in: itself for IPv4, its /64 for IPv6. */
export function addressGroup(address: string): string {
  const expanded = net.isIPv6(address) ? expandIpv6(address) : null;
  return expanded ? `${expanded.slice(0, 4).join(':')}::/64` : address;
}

/** The eight 16-bit groups of an IPv6 address, or null if it is not one we can read. */
function expandIpv6(address: string): string[] | null {
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  // An embedded IPv4 tail (::ffff:1.2.3.4) takes two groups; the /64 never reaches it.
  const width = (parts: string[]): number => parts.reduce((sum, part) => sum + (part.includes('.') ? 2 : 1), 0);
  const missing = 8 - width(left) - width(right);
  if (tail === undefined ? missing !== 0 : missing < 0) return null;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((part) => (part.includes('.') ? part : parseInt(part, 16).toString(16)));
}

export class AddressLimiter {
  private readonly buckets = new Map<string, TokenState>();

  constructor(
    private readonly perHour: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one action's token for `address`; false when that address is over its rate. */
  take(address: string): boolean {
    const key = addressGroup(address);
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, tokensAt: now };
    // Most recently used last: the oldest entry is the first to go.
    if (!this.buckets.delete(key) && this.buckets.size >= MAX_TRACKED_ADDRESSES) this.buckets.delete(this.buckets.keys().next().value as string);
    this.buckets.set(key, bucket);
    return takeToken(bucket, this.perHour / 3600, this.burst, now);
  }

  /** Seconds until `address` may act again (0 if it may now): for a Retry-After header. */
  retryAfterSeconds(address: string): number {
    const bucket = this.buckets.get(addressGroup(address));
    return !bucket || bucket.tokens >= 1 ? 0 : Math.ceil(((1 - bucket.tokens) * 3600) / this.perHour);
  }
}
