/**
 * The messages between the serving thread and a pool thread hosting room documents
 * (engine-thread.ts, engine-pool.ts). The serving thread owns the sockets, the rooms and
 * storage; a pool thread owns the documents of the large rooms placed on it, each a `DocEngine`
 * numbered by the serving thread.
 *
 * Serving → pool: `open` a room's engine from its stored updates (answered `opened` or
 * `open-failed`), `ops` for engines in order (what their `RoomEngine` methods were called with),
 * `close` an engine. Pool → serving: `events`, in order, what each engine told its
 * `EngineOutput`, plus its log lines and the answers to `settle`. Both sides batch what one
 * event-loop turn produces into one postMessage and transfer large buffers instead of copying
 * them.
 */
import type { SharedBudgetData } from '../shared-budget';
import type { SharedFlagData } from '../data-limit';
import type { CloseCode } from '../../protocol/close-code';
import type { EngineLimits } from './doc-engine';

/** The pool thread's workerData. */
export interface ThreadInit {
  heldBudget: SharedBudgetData | null;
  /** The server's data limit, as the serving thread measures it. */
  storageFull: SharedFlagData | null;
  logLevel: string;
}

export type EngineOp =
  | { type: 'join'; peer: number; canWrite: boolean }
  | { type: 'rejoin'; peer: number; canWrite: boolean; synced: boolean }
  | { type: 'leave'; peer: number }
  | { type: 'receive'; peer: number; data: Uint8Array }
  | { type: 'remote'; update: Uint8Array }
  | { type: 'settle'; token: number }
  | { type: 'state'; token: number };

export type EngineEvent =
  | { type: 'send'; peer: number; frames: Uint8Array[] }
  | { type: 'change'; update: Uint8Array; frame: Uint8Array; from: number | null; remote: boolean }
  | { type: 'synced'; peer: number }
  | { type: 'written'; peer: number; writes: number }
  | { type: 'refuse'; peer: number; code: CloseCode; reason: string; write: boolean }
  | { type: 'corrupted' }
  | { type: 'cost'; bytes: number }
  | { type: 'settled'; token: number }
  | { type: 'state'; token: number; update: Uint8Array }
  /** One pino JSON line from the engine's logger. */
  | { type: 'log'; line: string };

export type ToThread =
  | { type: 'open'; engine: number; room: string; stored: Uint8Array[]; limits: EngineLimits }
  | { type: 'ops'; batch: Array<[engine: number, op: EngineOp]> }
  | { type: 'close'; engine: number };

export type FromThread =
  | { type: 'opened'; engine: number }
  | { type: 'open-failed'; engine: number; error: string }
  | { type: 'events'; batch: Array<[engine: number, event: EngineEvent]> };

/**
 * Below this, copying a buffer into the message is cheaper than transferring it (a transfer
 * detaches the buffer, and the other side gets a new one).
 */
const TRANSFER_MIN_BYTES = 64 * 1024;

/**
 * Bytes that can cross to the other thread: a postMessage clones the whole ArrayBuffer behind a
 * view, and `ws` hands out views into larger read buffers, so a partial view is copied first.
 */
export function portable(data: Uint8Array): Uint8Array {
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  return whole ? data : data.slice();
}

/** The buffers of `datas` worth transferring; each appears once. */
export function transferList(datas: Iterable<Uint8Array>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const data of datas) {
    if (data.byteLength >= TRANSFER_MIN_BYTES && data.buffer instanceof ArrayBuffer) buffers.add(data.buffer);
  }
  return [...buffers];
}

/** Posts what a turn produced as one message, once the turn is over. */
export class TurnBatch<T> {
  private items: T[] = [];
  private scheduled = false;

  constructor(private readonly post: (items: T[]) => void) {}

  push(item: T): void {
    this.items.push(item);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  readonly flush = (): void => {
    this.scheduled = false;
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.post(items);
  };
}
