/**
 * The messages between the serving thread and a pool thread, which owns the documents of the large rooms placed on it
 * (engine-pool.ts, engine-thread.ts). Each is a batch of calls, each call for one engine (by number): serving → pool,
 * `open` (answered `opened`), the `RoomEngine` calls and `destroy`; pool → serving, the `EngineOutput` calls, log lines
 * and answers. Each side posts one batch per event-loop turn, in order, and transfers large buffers instead of copying.
 */
import type { SharedBudgetData } from '../shared-budget';
import type { SharedFlagData } from '../data-limit';
import type { EngineLimits, EngineOutput, RoomEngine } from './doc-engine';

export interface ThreadInit {
  heldBudget: SharedBudgetData;
  /** The server's data limit, as the serving thread measures it. */
  storageFull: SharedFlagData;
  logLevel: string;
}

/** Calls of the methods of `T`, as messages: a new method is a new message, and its arguments cross whole. */
type Calls<T> = { [K in keyof T]: T[K] extends (...args: infer A) => void ? { type: K; args: A } : never }[keyof T];

export type EngineOp = Calls<
  Pick<RoomEngine, 'join' | 'rejoin' | 'leave' | 'receive' | 'applyRemote' | 'applyChange' | 'destroy'> & {
    open(room: string, stored: Uint8Array[], limits: EngineLimits): void;
    settle(token: number): void;
    state(token: number): void;
  }
>;

/** `opened`: null, or why not; `answer`: to a `settle` (nothing) or a `state` (the document) with the same token. */
export type EngineEvent = Calls<EngineOutput & { opened(error: string | null): void; answer(token: number, update?: Uint8Array): void; log(pinoLine: string): void }>;

export type Batch<T> = Array<[engine: number, call: T]>;

/**
 * Buffers from this size on are transferred, not copied: a 256 KiB copy costs the sender 50–190 µs against ~20 µs;
 * below, both cost a few µs, and a transfer would detach bytes the sender may still use (experiments/thread-messages.ts).
 */
const TRANSFER_MIN_BYTES = 64 * 1024;

/** Bytes that can cross: postMessage clones the whole buffer behind a view, and `ws` hands out views of larger ones: copied. */
export function portable(data: Uint8Array): Uint8Array {
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  return whole ? data : data.slice();
}

/** Makes the buffers among `args` (alone or in arrays) portable, in place; returns them, for `transferList`. */
export function portableArgs(args: unknown[]): Uint8Array[] {
  const datas: Uint8Array[] = [];
  args.forEach((arg, i) => {
    if (arg instanceof Uint8Array) datas.push((args[i] = portable(arg)));
    else if (Array.isArray(arg) && arg[0] instanceof Uint8Array) datas.push(...(args[i] = arg.map(portable)));
  });
  return datas;
}

/** The buffers of `datas` worth transferring; each appears once. */
export function transferList(datas: Iterable<Uint8Array>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const data of datas) if (data.byteLength >= TRANSFER_MIN_BYTES && data.buffer instanceof ArrayBuffer) buffers.add(data.buffer);
  return [...buffers];
}

/** Posts what a turn produced as one message: 0.6–0.8 µs per small append instead of 2.0–2.3 (experiments/thread-messages.ts). */
export class TurnBatch<T> {
  private readonly items: T[] = [];

  constructor(private readonly post: (items: T[]) => void) {}

  push(item: T): void {
    if (this.items.push(item) === 1) setImmediate(this.flush);
  }

  readonly flush = (): void => {
    if (this.items.length > 0) this.post(this.items.splice(0));
  };
}
