/**
 * Where a room's document lives: on the serving thread, or, from `roomThreadBytes` of stored size (or a new room's first
 * write), in a small fixed pool of threads (thread-messages.ts): applying a 10 MB board takes ~550 ms and encoding it
 * ~100 ms, which on the serving thread would stall every room. A document is placed on the least busy thread when its
 * room loads, and stays there. Threads start when first needed.
 */
import { Worker } from 'node:worker_threads';
import type { Level, Logger } from 'pino';
import type { ServerLimits } from '../constants';
import type { DataLimit } from '../data-limit';
import type { EngineFactory } from '../room';
import type { SharedBudget } from '../shared-budget';
import { lowerRuntimeThreads } from '../thread-priority';
import { DocEngine, type EngineLimits, type EngineOutput, type RoomEngine } from './doc-engine';
import { TurnBatch, portableArgs, transferList, type Batch, type EngineEvent, type EngineOp, type ThreadInit } from './thread-messages';

export interface PoolConfig {
  /** The built engine-thread.js. */
  url: URL;
  threads: number;
}

class PoolThread {
  readonly worker: Worker;
  readonly engines = new Map<number, ThreadEngine>();
  readonly outgoing: TurnBatch<Batch<EngineOp>[number]>;

  constructor(config: PoolConfig, init: ThreadInit, log: Logger) {
    this.worker = new Worker(config.url, { workerData: init });
    lowerRuntimeThreads(); // this thread, and V8's workers that collect its garbage (thread-priority.ts)
    this.worker.unref();
    this.outgoing = new TurnBatch((batch) => this.worker.postMessage(batch, transferList(batch.flatMap(([, op]) => portableArgs(op.args)))));
    this.worker.on('message', (batch: Batch<EngineEvent>) => {
      for (const [engine, event] of batch) {
        if (event.type === 'log') relog(log, event.args[0]);
        else this.engines.get(engine)?.dispatch(event);
      }
    });
    this.worker.on('error', (error) => log.error({ err: error }, 'a room document thread failed'));
    this.worker.on('exit', (code) => {
      // Every room here lost its document: each rebuilds from storage, on a new thread.
      for (const engine of this.engines.values()) engine.lost(`the room document thread exited (${code})`);
      this.engines.clear();
    });
  }

  /** What its rooms' documents cost together: a new room goes to the lightest thread. */
  get load(): number { return [...this.engines.values()].reduce((bytes, engine) => bytes + engine.costBytes, 0); }
}

export class EnginePool {
  private readonly threads: PoolThread[] = [];
  private nextEngine = 1;

  constructor(private readonly config: PoolConfig, private readonly init: ThreadInit, private readonly log: Logger) {}

  get engineCount(): number { return this.threads.reduce((sum, thread) => sum + thread.engines.size, 0); }

  get workers(): readonly Worker[] { return this.threads.map((thread) => thread.worker); }

  open(room: string, stored: Uint8Array[], limits: EngineLimits, out: EngineOutput): RoomEngine {
    const thread = this.pick();
    const id = this.nextEngine++;
    const engine = new ThreadEngine(id, thread, out);
    thread.engines.set(id, engine);
    thread.outgoing.push([id, { type: 'open', args: [room, stored, limits] }]);
    return engine;
  }

  async close(): Promise<void> { await Promise.all(this.threads.splice(0).map((thread) => thread.worker.terminate())); }

  private pick(): PoolThread {
    // Threads that died are replaced.
    for (let i = this.threads.length - 1; i >= 0; i--) if ((this.threads[i] as PoolThread).worker.threadId === -1) this.threads.splice(i, 1);
    if (this.threads.length < this.config.threads) this.threads.push(new PoolThread(this.config, this.init, this.log));
    // The lightest thread; of equals the newest, so that a thread started for this room gets it.
    return this.threads.reduce((lightest, thread) => (thread.load <= lightest.load ? thread : lightest));
  }
}

/** Places each room's document as it opens: in the pool from `roomThreadBytes` of stored size, else on this thread. */
export function placeEngines(
  serverLimits: EngineLimits & Pick<ServerLimits, 'roomThreadBytes'>,
  heldBudget: SharedBudget | null,
  dataLimit: DataLimit | null,
  pool: EnginePool | null,
): EngineFactory {
  const { maxRoomBytes, maxHeldBytes, maxHeldMs, roomThreadBytes } = serverLimits;
  const limits: EngineLimits = { maxRoomBytes, maxHeldBytes, maxHeldMs }; // these alone cross to a pool thread
  const storageFull = (): string | null => dataLimit?.full() ?? null;
  return {
    open(room, stored, sizeBytes, out, log) {
      if (!pool || sizeBytes < roomThreadBytes) return new DocEngine({ limits, heldBudget, storageFull, log }, out, stored);
      log.info({ bytes: sizeBytes }, 'a large room: its document lives in a pool thread');
      return pool.open(room, stored, limits, out);
    },
  };
}

const GONE = 'the room document is gone';

/** A room's document in a pool thread, as the room sees it. */
class ThreadEngine implements RoomEngine {
  readonly ready: Promise<void>;
  readonly inPool = true;
  costBytes = 0;
  /** The thread opened the document, or could not (`error`). */
  opened: (error: Error | null) => void = () => {};
  private nextToken = 1;
  /** Answers awaited from the thread, by token: what it sent (nothing, to a settle), or why it never will. */
  private readonly answers = new Map<number, (answer: Uint8Array | undefined | Error) => void>();
  private gone = false;

  constructor(private readonly id: number, private readonly thread: PoolThread, private readonly out: EngineOutput) {
    this.ready = new Promise((resolve, reject) => {
      this.opened = (error) => (error ? reject(error) : resolve());
    });
    // Whoever awaits it sees a failure; a failure no one awaits is not unhandled.
    this.ready.catch(() => undefined);
  }

  join(peer: number, canWrite: boolean): void { this.op({ type: 'join', args: [peer, canWrite] }); }

  rejoin(peer: number, canWrite: boolean, synced: boolean, writes = 0): void { this.op({ type: 'rejoin', args: [peer, canWrite, synced, writes] }); }

  leave(peer: number): void { this.op({ type: 'leave', args: [peer] }); }

  receive(peer: number, message: Uint8Array): void { this.op({ type: 'receive', args: [peer, message] }); }

  applyRemote(update: Uint8Array, frame: Uint8Array): void { this.op({ type: 'applyRemote', args: [update, frame] }); }

  applyChange(peer: number, update: Uint8Array): void { this.op({ type: 'applyChange', args: [peer, update] }); }

  /** A thread that is gone has nothing left to handle. */
  settled(): Promise<void> { return this.ask<undefined>('settle').catch(() => undefined); }

  encodeState(): Promise<Uint8Array> { return this.ask<Uint8Array>('state'); }

  async destroy(): Promise<void> {
    this.op({ type: 'destroy', args: [] });
    this.gone = true;
    this.thread.engines.delete(this.id);
    this.endAnswers();
  }

  /** The thread died: the room's clients sync again with a new document. */
  lost(reason: string): void {
    this.gone = true;
    this.opened(new Error(reason));
    this.endAnswers();
    this.out.lost(reason);
  }

  dispatch(event: Exclude<EngineEvent, { type: 'log' }>): void {
    if (this.gone) return;
    if (event.type === 'opened') this.opened(event.args[0] === null ? null : new Error(event.args[0]));
    else if (event.type === 'answer') {
      this.answers.get(event.args[0])?.(event.args[1]);
      this.answers.delete(event.args[0]);
    } else {
      if (event.type === 'cost') this.costBytes = event.args[0];
      Reflect.apply(this.out[event.type], this.out, event.args);
    }
  }

  /** Asks the thread for an answer, which comes back with the same token. */
  private ask<T extends Uint8Array | undefined>(type: 'settle' | 'state'): Promise<T> {
    if (this.gone) return Promise.reject(new Error(GONE));
    const token = this.nextToken++;
    return new Promise((resolve, reject) => {
      this.answers.set(token, (answer) => (answer instanceof Error ? reject(answer) : resolve(answer as T)));
      this.op({ type, args: [token] });
    });
  }

  private op(op: EngineOp): void { if (!this.gone) this.thread.outgoing.push([this.id, op]); }

  /** Nothing more will come from the thread: every question waiting for it fails (a settle with nothing left to do). */
  private endAnswers(): void {
    for (const answer of this.answers.values()) answer(new Error(GONE));
    this.answers.clear();
  }
}

function relog(log: Logger, line: string): void {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return;
  }
  const { level, msg, ...fields } = record;
  const label = typeof level === 'number' ? log.levels.labels[level] : undefined;
  if (label) log[label as Level](fields, typeof msg === 'string' ? msg : '');
}
