/**
 * A lightweight bench client: one raw `ws` socket speaking the y-websocket sync and awareness
 * messages (wire.ts), with no provider, no reconnects and, for readers, no Y.Doc at all (a reader
 * only parses the ids out of what it receives). Writers and seeders hold a Y.Doc so that their
 * updates are real Yjs updates and their step 2 answers carry their document.
 */
import { WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import {
  EMPTY_STATE_VECTOR,
  EMPTY_UPDATE,
  Framer,
  MSG_AWARENESS,
  MSG_HOCUS_SYNC_REPLY,
  MSG_SYNC,
  STEP1,
  STEP2,
  UPDATE,
  awarenessUpdate,
  type Framing,
} from './wire';

export interface Target {
  /** ws://127.0.0.1:PORT */
  baseUrl: string;
  framing: Framing;
  /** The token for a room (ours needs a signed invite token; the peers accept anything). */
  tokenFor(room: string): string;
}

export interface ClientOptions {
  /** A document whose state is sent in the client's step 2 and whose edits it sends. */
  doc?: Y.Doc;
  /**
   * The client's whole state, precomputed: sent as the step 2 answer to any step 1, so a seeder
   * with a large board does not spend the driver's time encoding it (the server ignores what it
   * already has).
   */
  fixedState?: Uint8Array;
  /** Apply what the server sends to `doc` (seeders do not need to). */
  applyRemote?: boolean;
  /** An awareness state to announce on open, like a real app. */
  presence?: string;
  onUpdate?: (update: Uint8Array, now: number) => void;
  onAwareness?: (update: Uint8Array, now: number) => void;
}

let nextClientId = 1;

export class BenchClient {
  readonly ws: WebSocket;
  readonly framer: Framer;
  readonly awarenessId = nextClientId++;
  private awarenessClock = 0;
  /** Resolves when the server has answered this client's step 1 with its step 2. */
  readonly synced: Promise<void>;
  readonly opened: Promise<void>;
  readonly closed: Promise<void>;
  syncedAt = 0;
  received = 0;
  receivedBytes = 0;
  private markSynced!: () => void;

  constructor(
    readonly target: Target,
    readonly room: string,
    readonly options: ClientOptions = {},
  ) {
    this.framer = new Framer(target.framing, room);
    const query = target.framing === 'plain' ? `?token=${encodeURIComponent(target.tokenFor(room))}` : '';
    this.ws = new WebSocket(`${target.baseUrl}/${room}${query}`, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    this.ws.binaryType = 'nodebuffer';
    this.synced = new Promise((resolve) => (this.markSynced = resolve));
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.ws.once('close', () => resolve()));
    this.opened.catch(() => undefined);
    this.ws.on('error', () => undefined);
    this.ws.on('open', () => this.onOpen());
    this.ws.on('message', (data: Buffer) => this.onMessage(data));
  }

  private onOpen(): void {
    if (this.target.framing === 'hocuspocus') this.send(this.framer.hocuspocusAuth(this.target.tokenFor(this.room)));
    const doc = this.options.doc;
    this.send(this.framer.sync(STEP1, doc ? Y.encodeStateVector(doc) : EMPTY_STATE_VECTOR));
    if (this.options.presence !== undefined) this.setPresence(this.options.presence);
  }

  private onMessage(data: Buffer): void {
    const now = performance.now();
    this.received++;
    this.receivedBytes += data.length;
    const decoder = decoding.createDecoder(data);
    if (this.target.framing === 'hocuspocus') decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === MSG_SYNC || type === MSG_HOCUS_SYNC_REPLY) {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === STEP1) {
        const { doc, fixedState } = this.options;
        this.send(this.framer.sync(STEP2, fixedState ?? (doc ? Y.encodeStateAsUpdate(doc, payload) : EMPTY_UPDATE)));
      } else if (step === STEP2) {
        if (this.options.doc && this.options.applyRemote) Y.applyUpdate(this.options.doc, payload, this);
        if (this.syncedAt === 0) {
          this.syncedAt = now;
          this.markSynced();
        }
      } else if (step === UPDATE) {
        if (this.options.doc && this.options.applyRemote) Y.applyUpdate(this.options.doc, payload, this);
        this.options.onUpdate?.(payload, now);
      }
    } else if (type === MSG_AWARENESS) {
      this.options.onAwareness?.(decoding.readVarUint8Array(decoder), now);
    }
    // Auth (role notice), Hocuspocus SyncStatus acks and anything else: ignored.
  }

  send(message: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(message);
  }

  /** Sends a document update (already a v1 update) as `[sync][update]`. */
  sendUpdate(update: Uint8Array): void {
    this.send(this.framer.sync(UPDATE, update));
  }

  /** Announces a new awareness state; returns the clock it carries. */
  setPresence(stateJson: string): number {
    const clock = ++this.awarenessClock;
    this.send(this.framer.awareness(awarenessUpdate(this.awarenessId, clock, stateJson)));
    return clock;
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    this.ws.close();
    return this.closed;
  }
}

/** Opens `count` clients with at most `parallel` handshakes in flight; resolves when all synced. */
export async function openClients(count: number, make: (i: number) => BenchClient, parallel = 50): Promise<BenchClient[]> {
  const clients: BenchClient[] = new Array(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const client = make(i);
      clients[i] = client;
      await withTimeout(client.synced, 60_000, `client ${i} to sync`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return clients;
}

export async function closeAll(clients: readonly BenchClient[]): Promise<void> {
  await Promise.all(clients.map((client) => withTimeout(client.close(), 10_000, 'a client to close').catch(() => client.ws.terminate())));
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `tick(i)` at `hz`, on a schedule that does not drift (each tick is due at start + i/hz),
 * until `durationMs` has passed.
 */
export async function paced(hz: number, durationMs: number, tick: (i: number) => void): Promise<number> {
  const period = 1000 / hz;
  const start = performance.now();
  let i = 0;
  for (;;) {
    const due = start + i * period;
    if (due - start >= durationMs) return i;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    tick(i);
    i++;
  }
}
