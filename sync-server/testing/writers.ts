/**
 * Test helpers: official y-websocket clients (WebsocketProvider over Node's `ws`) for durability tests. A writer pushes
 * `${name}-${i}` into the Y.Array `items` and sets the same key to `i` in the Y.Map `entries`, in one transaction, at a
 * steady rate; it asks for save acks and knows which of its items each ack covers (an update message carries the item
 * written in it; a step 2, sent on every connect, everything it had then), so a test can check that every acknowledged
 * item is stored. Clients reconnect by themselves quickly.
 */
import { WebSocket, type ClientOptions } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type * as decoding from 'lib0/decoding';
import { ACKS_PARAM, isDocumentWrite, readAck } from '../../protocol/ack';
import { MessageType, SyncStep } from '../../protocol/message-type';
import { eventually, tokenFor } from './harness';

/** 3 writers at this interval make ~300 updates/s, under the rate limit per connection. */
const WRITE_INTERVAL_MS = 10;

export interface Client {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly items: Y.Array<string>;
  readonly entries: Y.Map<number>;
}

export interface Writer extends Client {
  /** Every item this writer has pushed, in order. */
  readonly produced: string[];
  /** Items the server acknowledged as stored. */
  readonly acked: Set<string>;
  /** Makes one edit now. */
  write(): void;
  start(): void;
  stop(): void;
}

export interface ClientOptions2 {
  /** Invite token; an editor's for the room by default. */
  token?: string;
  /** `ws` options: the certificate to trust behind a TLS proxy. */
  socket?: ClientOptions;
  /**
   * A writer that also draws: after each edit it appends `i` to its own Y.Array `points-${name}` (item `${name}-p${i}`),
   * a plain append that the server relays before it applies and stores it with its batch (engine/append-lane.ts).
   */
  draws?: boolean;
}

export function isSynced(client: Client): boolean { return client.provider.wsconnected && client.provider.synced; }

/** What a copy of the room holds: the items, and the points drawing writers drew (`w0-p3`: w0's point 3). */
export function itemsOf(doc: Y.Doc, drawers: readonly string[]): string[] {
  const points = drawers.map((name) => doc.getArray<number>(`points-${name}`).toArray().map((i) => `${name}-p${i}`));
  return [...doc.getArray<string>('items').toArray(), ...points.flat()];
}

/** Items that appear more than once. */
export function duplicates(items: readonly string[]): string[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item) ? true : (seen.add(item), false)));
}

/** The clients of one test, on one room: made here, destroyed together. */
export class Clients {
  readonly all: Client[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly room: string) {}

  /** A client that only reads (it still sends its step 2, as every client does). */
  reader(url: string, name: string, options: ClientOptions2 = {}): Client {
    return this.open(url, name, options, null);
  }

  writer(url: string, name: string, options: ClientOptions2 = {}): Writer {
    const produced: string[] = [];
    const acked = new Set<string>();
    const client = this.open(url, name, options, { produced, acked });
    let timer: NodeJS.Timeout | null = null;
    const points = client.doc.getArray<number>(`points-${name}`);
    let count = 0;
    const write = (): void => {
      const i = count++;
      const id = `${name}-${i}`;
      produced.push(id);
      client.doc.transact(() => {
        client.items.push([id]);
        client.entries.set(id, i);
      });
      if (!options.draws) return;
      produced.push(`${name}-p${i}`);
      points.push([i]);
    };
    const stop = (): void => {
      if (timer) this.timers.delete(timer);
      clearInterval(timer ?? undefined);
      timer = null;
    };
    const start = (): void => {
      if (!timer) this.timers.add((timer = setInterval(write, WRITE_INTERVAL_MS)));
    };
    return { ...client, produced, acked, write, start, stop };
  }

  async allSynced(clients: readonly Client[], what: string, timeoutMs = 30_000): Promise<void> {
    await eventually(() => clients.every(isSynced), timeoutMs, what);
  }

  /** A client that joins now and reports what the server holds, once synced. */
  async freshCopy(url: string, name: string, options: ClientOptions2 = {}): Promise<Client> {
    const client = this.reader(url, name, options);
    await this.allSynced([client], `${name} to sync`);
    return client;
  }

  destroy(client: Client): void {
    client.provider.destroy();
    client.doc.destroy();
    const index = this.all.indexOf(client);
    if (index >= 0) this.all.splice(index, 1);
  }

  destroyAll(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    for (const client of [...this.all]) this.destroy(client);
  }

  private open(url: string, name: string, options: ClientOptions2, tracking: { produced: string[]; acked: Set<string> } | null): Client {
    // What each write sent on the current connection carried, in order: the n-th ack covers the first n.
    let sentOnThisConnection: string[][] = [];
    const socketOptions = options.socket ?? {};
    class TrackingSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, socketOptions);
        sentOnThisConnection = [];
      }

      override send(data: Uint8Array, ...rest: unknown[]): void {
        if (tracking && data instanceof Uint8Array && isDocumentWrite(data)) {
          sentOnThisConnection.push(data[1] === SyncStep.Step2 ? [...tracking.produced] : tracking.produced.slice(-1));
        }
        (super.send as (...args: unknown[]) => void)(data, ...rest);
      }
    }
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(url, this.room, doc, {
      params: { token: options.token ?? tokenFor(this.room), ...(tracking ? { [ACKS_PARAM]: '1' } : {}) },
      WebSocketPolyfill: TrackingSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 200,
    });
    if (tracking) {
      provider.messageHandlers[MessageType.Ack] = (_encoder: unknown, decoder: decoding.Decoder) => {
        const count = readAck(decoder);
        for (const items of sentOnThisConnection.slice(0, count)) for (const item of items) tracking.acked.add(item);
      };
    }
    const client: Client = { name, doc, provider, items: doc.getArray<string>('items'), entries: doc.getMap<number>('entries') };
    this.all.push(client);
    return client;
  }
}
