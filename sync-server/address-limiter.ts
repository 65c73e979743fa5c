/**
 * A token bucket per client address, for actions with lasting cost (a room is a row on disk nobody may delete). IPv6
 * counts per /64 (a host usually holds one). The table is bounded: when full the oldest goes, at worst a fresh burst.
 */
import ipaddr from 'ipaddr.js';
import { takeToken, type TokenState } from './rate-limit';

/** Addresses tracked at once; ~100 bytes each, so a full table is about a megabyte. */
const MAX_TRACKED_ADDRESSES = 10_000;

/** The group an address is counted in: itself for IPv4, its /64 for IPv6. */
export function addressGroup(address: string): string {
  if (!ipaddr.IPv6.isValid(address)) return address;
  return `${ipaddr.IPv6.parse(address).parts.slice(0, 4).map((part) => part.toString(16)).join(':')}::/64`;
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
