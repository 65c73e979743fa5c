/**
 * Test helpers for the room core without sockets: peers on in-memory sockets that decode what
 * they are sent into a client's Y.Doc and awareness (real Yjs), and a room context on memory
 * storage with documents on this thread.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType, SyncStep } from '../../protocol/message-type';
import { Role } from '../../protocol/role';
import { DEFAULT_LIMITS } from '../constants';
import { placeEngines } from '../engine/engine-pool';
import { InProcessFanOut, type FanOut } from '../fan-out';
import { silentLogger } from './silent-logger';
import { Metrics } from '../metrics';
import { Peer, type SocketLike } from '../peer';
import type { RoomContext } from '../room';
import { MemoryStorage } from './memory-storage';
import type { Storage } from '../storage/storage';

/** A socket that keeps what it is sent and how it was closed. */
export class MemorySocket implements SocketLike {
  readonly frames: Uint8Array[] = [];
  closed: { code: number; reason: string } | null = null;
  bufferedAmount = 0;

  send(data: Uint8Array, done?: (error?: Error) => void): void {
    this.frames.push(data);
    done?.();
  }

  close(code: number, reason: string): void {
    this.closed ??= { code, reason };
  }

  terminate(): void {
    this.closed ??= { code: 1006, reason: '' };
  }
}

/** A client as the room sees it (a Peer) and as a person would (its own doc and awareness). */
export class MemoryClient {
  readonly socket = new MemorySocket();
  readonly peer: Peer;
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Save acks received, in order. */
  readonly acks: number[] = [];
  private read = 0;

  constructor(role: Role = Role.Editor, wantsAcks = false) {
    this.peer = new Peer(this.socket, role, 0, '127.0.0.1', wantsAcks);
    this.awareness.setLocalState(null);
  }

  /** Applies what the room sent since last time; returns the replies a client would send. */
  pump(): Uint8Array[] {
    const replies: Uint8Array[] = [];
    for (; this.read < this.socket.frames.length; this.read++) {
      const decoder = decoding.createDecoder(this.socket.frames[this.read] as Uint8Array);
      const type = decoding.readVarUint(decoder);
      if (type === MessageType.Sync) {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MessageType.Sync);
        syncProtocol.readSyncMessage(decoder, encoder, this.doc, 'server');
        if (encoding.length(encoder) > 1) replies.push(encoding.toUint8Array(encoder));
      } else if (type === MessageType.Awareness) {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), 'server');
      } else if (type === MessageType.Ack) {
        this.acks.push(decoding.readVarUint(decoder));
      }
    }
    return replies;
  }

  /** A sync message carrying `update`: a step 2, or a plain update. */
  static write(update: Uint8Array, step: typeof SyncStep.Step2 | typeof SyncStep.Update = SyncStep.Step2): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    encoding.writeVarUint(encoder, step);
    encoding.writeVarUint8Array(encoder, update);
    return encoding.toUint8Array(encoder);
  }
}

export interface KitOptions {
  storage?: Storage;
  fanOut?: FanOut;
  limits?: Partial<RoomContext['limits']>;
}

/** A room context on memory storage, every document on this thread. */
export function roomContext(options: KitOptions = {}): RoomContext & { storage: Storage } {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  return {
    storage: options.storage ?? new MemoryStorage(),
    log: silentLogger(),
    metrics: new Metrics(),
    limits,
    engines: placeEngines(limits, null, null, null),
    fanOut: options.fanOut ?? new InProcessFanOut(),
    dataLimit: null,
  };
}

/** Waits for promises already resolved (storage appends, the room's queue) to run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * An update that decodes, depends on nothing missing, and lies about where it goes: one
 * character whose left neighbour is `text`'s character `left` and whose right one is character
 * `right`, before it. Yjs integrates it, so the document has changed when the guard refuses it.
 */
export function outOfOrderInsert(text: Y.Text, left = 10, right = 3): Uint8Array {
  const idAt = (index: number): Y.ID => Y.createRelativePositionFromTypeIndex(text, index).item as Y.ID;
  const [origin, rightOrigin] = [idAt(left), idAt(right)];
  const encoder = encoding.createEncoder();
  for (const n of [1, 1, 777, 0]) encoding.writeVarUint(encoder, n); // 1 client, 1 struct, client 777, clock 0
  encoding.writeUint8(encoder, 0x80 | 0x40 | 4); // has origin, has right origin, string content
  for (const n of [origin.client, origin.clock, rightOrigin.client, rightOrigin.clock]) encoding.writeVarUint(encoder, n);
  encoding.writeVarString(encoder, 'X');
  encoding.writeVarUint(encoder, 0); // empty delete set
  return encoding.toUint8Array(encoder);
}
