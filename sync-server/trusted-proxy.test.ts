import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { TrustProxyError, TrustedProxies } from './trusted-proxy';

function request(peer: string, headers: Record<string, string> = {}, encrypted = false): IncomingMessage {
  return { socket: { remoteAddress: peer, encrypted }, headers } as unknown as IncomingMessage;
}

describe('TrustedProxies', () => {
  const proxies = TrustedProxies.parse('10.0.0.0/8, 192.168.1.5, loopback, fd00::/8');

  it('matches addresses, ranges, IPv4-mapped IPv6 and the loopback word', () => {
    for (const address of ['10.1.2.3', '192.168.1.5', '127.0.0.1', '127.9.9.9', '::1', '::ffff:10.0.0.1', 'fd12::1']) {
      expect(proxies.isTrusted(address), address).toBe(true);
    }
    for (const address of ['11.0.0.1', '192.168.1.6', '2001:db8::1', 'unknown', '']) {
      expect(proxies.isTrusted(address), address).toBe(false);
    }
  });

  it('believes nothing from an untrusted peer', () => {
    const info = proxies.resolve(request('203.0.113.9', { 'x-forwarded-for': '1.2.3.4', 'x-forwarded-proto': 'https', host: 'a.example', 'x-forwarded-host': 'evil.example' }));
    expect(info).toEqual({ address: '203.0.113.9', proto: 'http', host: 'a.example' });
    expect(new TrustedProxies([]).resolve(request('127.0.0.1', { 'x-forwarded-for': '1.2.3.4' })).address).toBe('127.0.0.1');
  });

  it('takes the client, scheme and host a trusted proxy names', () => {
    const info = proxies.resolve(request('::ffff:127.0.0.1', { 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'HTTPS', host: 'internal:4455', 'x-forwarded-host': 'boards.example.org' }));
    expect(info).toEqual({ address: '198.51.100.7', proto: 'https', host: 'boards.example.org' });
  });

  it('walks a chain of trusted proxies from the right, and stops at the first untrusted hop', () => {
    // The client made up "6.6.6.6"; the edge proxy appended the address it really saw.
    const info = proxies.resolve(request('127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.0.0.2' }));
    expect(info.address).toBe('198.51.100.7');
    // Every hop trusted: the leftmost is the client.
    expect(proxies.resolve(request('127.0.0.1', { 'x-forwarded-for': '10.0.0.9, 10.0.0.2' })).address).toBe('10.0.0.9');
    // A hop that is not an address ends the chain at the last one we could follow.
    expect(proxies.resolve(request('127.0.0.1', { 'x-forwarded-for': 'unknown, 10.0.0.2' })).address).toBe('10.0.0.2');
  });

  it('keeps the socket\'s scheme when the proxy sends none or nonsense', () => {
    expect(proxies.resolve(request('127.0.0.1', {}, true)).proto).toBe('https');
    expect(proxies.resolve(request('127.0.0.1', { 'x-forwarded-proto': 'gopher' })).proto).toBe('http');
    expect(proxies.resolve(request('127.0.0.1', { 'x-forwarded-proto': 'https, http' })).proto).toBe('https');
  });

  it.each([
    ['proxy.example', /"proxy.example" is not an IP address/],
    ['10.0.0.1/8/2', /is not an IP address/],
    ['10.0.0.0/x', /invalid prefix length: expected 0–32/],
    ['fd00::/129', /invalid prefix length: expected 0–128/],
    ['', /expected one or more addresses/],
  ])('refuses %j with a clear message', (raw, message) => {
    expect(() => TrustedProxies.parse(raw)).toThrow(TrustProxyError);
    expect(() => TrustedProxies.parse(raw)).toThrow(message);
  });
});
