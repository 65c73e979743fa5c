/**
 * Who is really on the other end of a request. Behind a reverse proxy the proxy names the client in `X-Forwarded-For`,
 * the scheme in `X-Forwarded-Proto`, the host in `X-Forwarded-Host`; anyone can send those, so they are believed only
 * from a proxy the operator listed (`--trust-proxy`). As Express's proxy-addr: from the socket's peer, walk
 * `X-Forwarded-For` from the right while the hop is trusted; the first untrusted one is the client.
 */
import type { IncomingMessage } from 'node:http';
import net from 'node:net';

export class TrustProxyError extends Error {}

/** The client a request came from, believing only trusted proxies. */
export interface ClientInfo {
  /** IPv4-mapped IPv6 addresses are written as IPv4. */
  address: string;
  /** Through TLS (ours or the proxy's) or not. */
  proto: 'http' | 'https';
  host: string | undefined;
}

/** `::ffff:127.0.0.1` (how a dual-stack socket reports an IPv4 peer) is `127.0.0.1`. */
function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? (mapped[1] as string) : address;
}

function familyOf(address: string): 'ipv4' | 'ipv6' | null {
  const version = net.isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null;
}

/** The first value of a comma-separated header (`X-Forwarded-Proto: https, http`), trimmed. */
function firstValue(header: string | string[] | undefined): string | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  const first = text?.split(',')[0]?.trim();
  return first === '' ? undefined : first;
}

export class TrustedProxies {
  private readonly list = new net.BlockList();

  /** `entries`: IP addresses, CIDR ranges (`10.0.0.0/8`, `fd00::/8`) or `loopback`. */
  constructor(readonly entries: readonly string[]) { for (const entry of entries) this.add(entry); }

  /** Parses `--trust-proxy`: a comma-separated list; throws a TrustProxyError naming the bad entry. */
  static parse(raw: string): TrustedProxies {
    const entries = raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
    if (entries.length === 0) throw new TrustProxyError('expected one or more addresses or CIDR ranges, separated by commas');
    return new TrustedProxies(entries);
  }

  isTrusted(address: string): boolean {
    const normalized = normalizeAddress(address);
    const family = familyOf(normalized);
    return family !== null && this.list.check(normalized, family);
  }

  resolve(req: IncomingMessage): ClientInfo {
    const peer = normalizeAddress(req.socket.remoteAddress ?? 'unknown');
    const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
    const direct: ClientInfo = { address: peer, proto: encrypted ? 'https' : 'http', host: req.headers.host };
    if (!this.isTrusted(peer)) return direct;
    let address = peer;
    const hops = String(req.headers['x-forwarded-for'] ?? '').split(',').map((hop) => normalizeAddress(hop.trim())).filter((hop) => hop !== '');
    for (let i = hops.length - 1; i >= 0 && this.isTrusted(address); i--) {
      const hop = hops[i] as string;
      // A hop that is not an address (a proxy that writes "unknown") ends the chain we can follow.
      if (familyOf(hop) === null) break;
      address = hop;
    }
    const proto = firstValue(req.headers['x-forwarded-proto'])?.toLowerCase();
    const host = firstValue(req.headers['x-forwarded-host']) ?? direct.host;
    return { address, proto: proto === 'https' || proto === 'http' ? proto : direct.proto, host };
  }

  private add(entry: string): void {
    if (entry.toLowerCase() === 'loopback') {
      // A proxy on the same machine (nginx or Caddy in front of a server bound to 127.0.0.1).
      this.list.addSubnet('127.0.0.0', 8, 'ipv4');
      return this.list.addAddress('::1', 'ipv6');
    }
    const [network = '', prefixText, extra] = entry.split('/');
    const address = normalizeAddress(network);
    const family = familyOf(address);
    const quoted = JSON.stringify(entry);
    if (family === null || extra !== undefined) throw new TrustProxyError(`${quoted} is not an IP address, a CIDR range like 10.0.0.0/8, or "loopback"`);
    if (prefixText === undefined) return this.list.addAddress(address, family);
    const maxPrefix = family === 'ipv4' ? 32 : 128;
    if (!/^\d+$/.test(prefixText) || Number(prefixText) > maxPrefix) {
      throw new TrustProxyError(`${quoted} has an invalid prefix length: expected 0–${maxPrefix}`);
    }
    this.list.addSubnet(address, Number(prefixText), family);
  }
}
