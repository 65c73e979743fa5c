import { describe, expect, it } from 'vitest';
import { AddressLimiter, addressGroup } from './address-limiter';

describe('addressGroup', () => {
  it('counts IPv4 addresses alone and IPv6 addresses by their /64, however they are written', () => {
    expect(addressGroup('1.2.3.4')).toBe('1.2.3.4');
    expect(addressGroup('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressGroup('2001:DB8:0:0:1::1')).toBe('2001:db8:0:0::/64');
    expect(addressGroup('2001:0db8:00aa:0bbb:1:2:3:4')).toBe('2001:db8:aa:bbb::/64');
    expect(addressGroup('unknown')).toBe('unknown');
  });
});

describe('AddressLimiter', () => {
  it('shares one bucket across a /64 and refills it over the hour', () => {
    let now = 0;
    const limiter = new AddressLimiter(3_600, 2, () => now);
    expect([limiter.take('2001:db8::1'), limiter.take('2001:db8::2'), limiter.take('2001:db8::3')]).toEqual([true, true, false]);
    expect(limiter.take('2001:db8:0:1::1')).toBe(true);
    expect(limiter.retryAfterSeconds('2001:db8::9')).toBe(1);
    now += 1_000;
    expect(limiter.take('2001:db8::1')).toBe(true);
  });
});
