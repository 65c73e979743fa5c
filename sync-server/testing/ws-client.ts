/**
 * Test helpers: a raw y-websocket client over Node's `ws`, lighter than the official
 * WebsocketProvider and fully observable (every message type it received, pongs, the close code
 * and reason), with knobs the official client lacks: no automatic WebSocket pong, no automatic
 * reconnect, pausing the TCP socket. Also small helpers for reading /metrics and counting
 * active resources in leak checks.
 */
import { WebSocket, type RawData } from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import { MessageType } from '../../protocol/message-type';
import { Role } from '../../protocol/role';
import { encodePing, readPongSentAt } from '../../protocol/ping';
import type { SyncServer } from '../server';
import { tokenFor } from './harness';

export interface CloseInfo {
  code: number;
  reason: string;
}

export interface RawClientOptions {
  /** The document to sync; a new one by default. Destroyed by `close()`. */
  doc?: Y.Doc;
  /** Answer WebSocket ping frames (ws's default: true). */
  autoPong?: boolean;
  /** Presence state to announce on connect; none by default. */
  presence?: Record<string, unknown> | null;
  /** The role of the invite token to connect with; editor by default. */
  role?: Role;
  /** Ask for save acknowledgements (`?acks=1`). */
  acks?: boolean;
}

function toBytes(data: RawData): Uint8Array {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

export function wsRoomUrl(server: SyncServer, room: string, role: Role = Role.Editor): string {
  return `${server.url.replace(/^http/, 'ws')}/${room}?token=${tokenFor(room, role)}`;
}

export class RawClient {
  readonly ws: WebSocket;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  /** Messages received, by message type (the first varUint). */
  readonly received = new Map<number, number>();
  /** Sent-at values of the Pongs received, in order (null for a payload that is not ours). */
  readonly pongs: Array<number | null> = [];
  /** WebSocket ping frames received from the server. */
  pingsReceived = 0;
  /** True once the server's sync step 2 (the reply to our step 1) arrived. */
  synced = false;
  /** The count of the latest save acknowledgement (0 before any). */
  acked = 0;
  closeInfo: CloseInfo | null = null;
  readonly opened: Promise<void>;
  readonly closed: Promise<CloseInfo>;
  private readonly listeners = new Set<(type: number, message: Uint8Array) => void>();

  constructor(url: string, options: RawClientOptions = {}) {
    this.doc = options.doc ?? new Y.Doc();
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(options.presence ?? null);
    this.ws = new WebSocket(url, { autoPong: options.autoPong ?? true });
    this.ws.on('error', () => undefined);
    this.ws.on('ping', () => this.pingsReceived++);
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
      });
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('close', (code) => reject(new Error(`closed with ${code} before opening`)));
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    this.opened.catch(() => undefined);
    this.ws.on('open', () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Sync);
      syncProtocol.writeSyncStep1(encoder, this.doc);
      this.send(encoding.toUint8Array(encoder));
      if (this.awareness.getLocalState() !== null) this.sendAwareness([this.doc.clientID]);
    });
    this.ws.on('message', (data) => this.onMessage(toBytes(data)));
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /** Connects and waits until the socket is open (the handshake then runs by itself). */
  static async connect(server: SyncServer, room: string, options?: RawClientOptions): Promise<RawClient> {
    const client = new RawClient(`${wsRoomUrl(server, room, options?.role)}${options?.acks ? '&acks=1' : ''}`, options);
    await client.opened;
    return client;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(message: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(message);
  }

  /** Resolves with the next message (after its type) for which `accept` returns true. */
  nextMessage(accept: (type: number, message: Uint8Array) => boolean, timeoutMs = 5_000): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (type: number, message: Uint8Array): void => {
        if (!accept(type, message)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(message);
      };
      this.listeners.add(listener);
    });
  }

  /** Resolves with the close code and reason, or fails if the socket is still open after `timeoutMs`. */
  async waitClosed(timeoutMs = 5_000): Promise<CloseInfo> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the connection was not closed within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends an application-level Ping and resolves with the sent-at time its Pong echoes. */
  async ping(sentAt: number, timeoutMs = 5_000): Promise<number | null> {
    const pong = this.nextMessage((type) => type === MessageType.Pong, timeoutMs);
    this.send(encodePing(sentAt));
    const decoder = decoding.createDecoder(await pong);
    decoding.readVarUint(decoder);
    return readPongSentAt(decoder);
  }

  /** Stops reading from the TCP socket, so the server's sends pile up in its buffers. */
  pauseReading(): void {
    (this.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  }

  resumeReading(): void {
    (this.ws as unknown as { _socket: { resume(): void } })._socket.resume();
  }

  /** Closes the socket (if open) and destroys the document; resolves once closed. */
  async close(): Promise<void> {
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
    if (this.ws.readyState !== WebSocket.CLOSED) {
      const timer = setTimeout(() => this.ws.terminate(), 2_000);
      await this.closed;
      clearTimeout(timer);
    }
    this.doc.destroy();
  }

  private sendAwareness(clients: number[]): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    this.send(encoding.toUint8Array(encoder));
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    syncProtocol.writeUpdate(encoder, update);
    this.send(encoding.toUint8Array(encoder));
  };

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin !== this) this.sendAwareness([...added, ...updated, ...removed]);
  };

  private onMessage(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    this.received.set(type, (this.received.get(type) ?? 0) + 1);
    if (type === MessageType.Sync) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Sync);
      const step = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
      if (step === syncProtocol.messageYjsSyncStep2) this.synced = true;
      if (encoding.length(encoder) > 1) this.send(encoding.toUint8Array(encoder));
    } else if (type === MessageType.Awareness) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
    } else if (type === MessageType.Pong) {
      this.pongs.push(readPongSentAt(decoder));
    } else if (type === MessageType.Ack) {
      this.acked = decoding.readVarUint(decoder);
    }
    for (const listener of [...this.listeners]) listener(type, message);
  }
}

/** Connects a raw client and waits until it has the room's content (sync step 2 received). */
/** The HTTP status an upgrade to `url` gets: 101 if it opens (it is then closed at once), else the refusal's. */
export function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

export async function connectRaw(server: SyncServer, room: string, options?: RawClientOptions): Promise<RawClient> {
  const client = await RawClient.connect(server, room, options);
  if (!client.synced) await client.nextMessage(() => client.synced);
  return client;
}

/** Number of active resources of one kind (e.g. 'Timeout', 'TCPSocketWrap'); ref'd ones only. */
export function activeResources(kind: string): number {
  return process.getActiveResourcesInfo().filter((name) => name === kind).length;
}

/** The value of one sample in Prometheus text, e.g. `metricValue(text, 'x_total', { type: '0' })`. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = new Map<string, string>();
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) found.set(pair[1]!, pair[2]!);
    if (Object.entries(labels).every(([key, value]) => found.get(key) === value)) return Number(match[3]);
  }
  return undefined;
}

export async function fetchMetrics(server: SyncServer): Promise<string> {
  const response = await fetch(`${server.url}/metrics`);
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}
