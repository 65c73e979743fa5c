/**
 * A deliberately dumb WebSocket client for abuse tests, written straight on `node:net`.
 *
 * The `ws` client (like every real client) refuses to send malformed frames: it always masks,
 * never sets reserved bits, never uses unknown opcodes and always writes the true length. To
 * prove the server survives a peer that does all of those, this client does the HTTP upgrade by
 * hand and then writes whatever frame bytes a test asks for. It reads the server's frames too:
 * binary messages are collected, pings are answered, and a close frame is recorded (code and
 * reason), echoed, and followed by ending the TCP connection, as RFC 6455 §5.5.1 asks.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import { tokenFor } from './harness';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export const Opcode = { Continuation: 0x0, Text: 0x1, Binary: 0x2, Close: 0x8, Ping: 0x9, Pong: 0xa } as const;

export interface FrameSpec {
  opcode: number;
  payload?: Uint8Array;
  /** Default true. */
  fin?: boolean;
  /** Reserved bits as a 3-bit number: 0b100 is RSV1, 0b010 RSV2, 0b001 RSV3. Default 0. */
  rsv?: number;
  /** Clients must mask; default true. */
  mask?: boolean;
  /** Length written in the header, if it should lie about the payload that follows. */
  announcedLength?: number;
}

export interface CloseInfo {
  /** The code of the server's close frame; null if the TCP connection ended without one. */
  code: number | null;
  reason: string;
}

/** Encodes one frame exactly as described, lies included. */
export function encodeFrame(spec: FrameSpec): Buffer {
  const payload = Buffer.from(spec.payload ?? new Uint8Array(0));
  const mask = spec.mask ?? true;
  const length = spec.announcedLength ?? payload.length;
  const header: number[] = [((spec.fin ?? true) ? 0x80 : 0) | (((spec.rsv ?? 0) & 0b111) << 4) | (spec.opcode & 0x0f)];
  const maskBit = mask ? 0x80 : 0;
  if (length < 126) {
    header.push(maskBit | length);
  } else if (length < 0x10000) {
    header.push(maskBit | 126, length >> 8, length & 0xff);
  } else {
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    header.push(maskBit | 127, ...big);
  }
  if (!mask) return Buffer.concat([Buffer.from(header), payload]);
  const key = crypto.randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(header), key, masked]);
}

export class RawSocket {
  /** Payloads of complete binary messages from the server, in arrival order. */
  readonly messages: Uint8Array[] = [];
  /** Resolves when the TCP connection is gone. */
  readonly closed: Promise<CloseInfo>;
  private closeFrame: CloseInfo | null = null;
  private ended = false;
  private buffer = Buffer.alloc(0);
  /** Pieces of a fragmented message, and whether it is binary (text is not collected). */
  private fragments: Buffer[] = [];
  private fragmentsBinary = false;
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly socket: net.Socket, leftover: Buffer) {
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.ended = true;
        this.wake();
        resolve(this.closeFrame ?? { code: null, reason: '' });
      });
    });
    socket.on('error', () => undefined); // a reset shows up as `closed` with code null
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    if (leftover.length > 0) this.onData(leftover);
  }

  /** Opens `ws://…/<room>` (with an editor token) on the server at `httpUrl` and completes the upgrade. */
  static connect(httpUrl: string, room: string, timeoutMs = 5_000): Promise<RawSocket> {
    const { hostname, port } = new URL(httpUrl);
    const key = crypto.randomBytes(16).toString('base64');
    const accept = crypto.createHash('sha1').update(key + WS_GUID).digest('base64');
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: hostname, port: Number(port), noDelay: true });
      let head = Buffer.alloc(0);
      const fail = (error: Error): void => {
        socket.destroy();
        reject(error);
      };
      const timer = setTimeout(() => fail(new Error('raw WebSocket handshake timed out')), timeoutMs);
      socket.on('error', (error) => fail(error));
      socket.on('connect', () => {
        socket.write(`GET /${room}?token=${tokenFor(room)} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      });
      const onHead = (chunk: Buffer): void => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        clearTimeout(timer);
        socket.off('data', onHead);
        socket.removeAllListeners('error');
        const lines = head.subarray(0, end).toString('latin1').split('\r\n');
        const acceptLine = lines.find((line) => line.toLowerCase().startsWith('sec-websocket-accept:'));
        if (!lines[0]?.startsWith('HTTP/1.1 101') || acceptLine?.slice(21).trim() !== accept) {
          fail(new Error(`upgrade refused: ${lines[0] ?? '(no status line)'}`));
          return;
        }
        resolve(new RawSocket(socket, head.subarray(end + 4)));
      };
      socket.on('data', onHead);
    });
  }

  /** True until a close frame arrives or the connection ends. */
  get open(): boolean {
    return !this.ended && this.closeFrame === null;
  }

  sendFrame(spec: FrameSpec): void {
    if (!this.ended) this.socket.write(encodeFrame(spec));
  }

  /** Writes raw bytes, for frames cut short or other things `sendFrame` cannot express. */
  sendBytes(bytes: Uint8Array): void {
    if (!this.ended) this.socket.write(bytes);
  }

  /** One well-formed, masked binary message. */
  send(payload: Uint8Array): void {
    this.sendFrame({ opcode: Opcode.Binary, payload });
  }

  /** Waits for the first binary message at index >= `from` that satisfies `match`; its index. */
  async waitForMessage(match: (message: Uint8Array) => boolean = () => true, from = 0, timeoutMs = 5_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.messages.findIndex((message, i) => i >= from && match(message));
      if (index >= 0) return index;
      if (this.ended) throw new Error('connection closed while waiting for a message');
      if (Date.now() > deadline) throw new Error('timed out waiting for a message');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now() + 1);
        this.waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves with the close info, or rejects if the connection is still up after `timeoutMs`. */
  waitClosed(timeoutMs = 5_000): Promise<CloseInfo> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('connection still open')), timeoutMs);
    });
    return Promise.race([this.closed, timeout]).finally(() => clearTimeout(timer));
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const waiter of this.waiters) waiter();
    this.waiters.clear();
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const frame = this.readFrame();
      if (!frame) return;
      this.onFrame(frame.fin, frame.opcode, frame.payload);
    }
  }

  /** Takes one complete (unmasked, server-sent) frame off the buffer, or null if there is none yet. */
  private readFrame(): { fin: boolean; opcode: number; payload: Buffer } | null {
    const b = this.buffer;
    if (b.length < 2) return null;
    let length = b[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return null;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return null;
      length = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    if (b.length < offset + length) return null;
    this.buffer = b.subarray(offset + length);
    return { fin: (b[0]! & 0x80) !== 0, opcode: b[0]! & 0x0f, payload: b.subarray(offset, offset + length) };
  }

  private onFrame(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode === Opcode.Ping) {
      this.sendFrame({ opcode: Opcode.Pong, payload });
    } else if (opcode === Opcode.Close) {
      if (this.closeFrame) return;
      this.closeFrame = {
        code: payload.length >= 2 ? payload.readUInt16BE(0) : null,
        reason: payload.subarray(2).toString('utf8'),
      };
      this.sendFrame({ opcode: Opcode.Close, payload: payload.subarray(0, 2) });
      this.socket.end();
      this.wake();
    } else if (opcode === Opcode.Binary || opcode === Opcode.Text || opcode === Opcode.Continuation) {
      if (opcode !== Opcode.Continuation) {
        this.fragments = [];
        this.fragmentsBinary = opcode === Opcode.Binary;
      }
      this.fragments.push(Buffer.from(payload));
      if (!fin) return;
      if (this.fragmentsBinary) this.messages.push(new Uint8Array(Buffer.concat(this.fragments)));
      this.fragments = [];
      this.wake();
    }
  }
}
