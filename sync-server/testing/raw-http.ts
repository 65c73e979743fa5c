/**
 * Test helper: HTTP requests written byte for byte on a TCP socket. Node's own `http.request`
 * refuses to send a malformed target or header; an attacker's client does not, so the hostile
 * request tests send exactly the bytes they describe and read whatever comes back.
 */
import net from 'node:net';

export interface RawAnswer {
  /** The status of the first response line, or null if the server closed without one. */
  status: number | null;
  /** Everything the server sent, as latin1 text. */
  text: string;
  /** True if the server neither answered nor closed within the time allowed. */
  timedOut: boolean;
}

/**
 * Sends `request` (bytes or latin1 text) to `port` on 127.0.0.1 and collects the answer until
 * the server closes the connection, or, once a complete response head is in, until it stops
 * sending for a moment (a keep-alive answer), or until `timeoutMs`.
 */
export function rawRequest(port: number, request: string | Buffer, timeoutMs = 5_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let settled = false;
    let quiet: NodeJS.Timeout | null = null;
    const finish = (timedOut: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (quiet) clearTimeout(quiet);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : null, text, timedOut: timedOut && !match });
    };
    const deadline = setTimeout(() => finish(true), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (Buffer.concat(chunks).includes('\r\n\r\n')) {
        if (quiet) clearTimeout(quiet);
        quiet = setTimeout(() => finish(false), 200);
      }
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
    socket.write(typeof request === 'string' ? Buffer.from(request, 'latin1') : request);
  });
}

/** A deterministic pseudo-random generator (mulberry32), so a failing fuzz run can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
