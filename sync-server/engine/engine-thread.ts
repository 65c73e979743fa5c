/**
 * A pool thread (engine-pool.ts): the documents of the large rooms placed on it, each the `DocEngine` a small room runs
 * on the serving thread, driven as thread-messages.ts describes.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import pino from 'pino';
import { readStorageFull } from '../data-limit';
import { SharedBudget } from '../shared-budget';
import { DocEngine, type EngineLimits, type EngineOutput } from './doc-engine';
import { TurnBatch, portableArgs, transferList, type Batch, type EngineEvent, type EngineOp, type ThreadInit } from './thread-messages';

const init = workerData as ThreadInit;
const port = parentPort as MessagePort;
const engines = new Map<number, DocEngine>();
const outgoing = new TurnBatch<Batch<EngineEvent>[number]>((batch) => {
  port.postMessage(batch, transferList(batch.flatMap(([, event]) => portableArgs(event.args))));
});
const heldBudget = new SharedBudget(init.heldBudget);
const storageFull = readStorageFull(init.storageFull);

function outputOf(engine: number): EngineOutput {
  const emit = (event: EngineEvent): void => outgoing.push([engine, event]);
  return {
    send: (...args) => emit({ type: 'send', args }),
    relay: (...args) => emit({ type: 'relay', args }),
    change: (...args) => emit({ type: 'change', args }),
    synced: (...args) => emit({ type: 'synced', args }),
    written: (...args) => emit({ type: 'written', args }),
    refuse: (...args) => emit({ type: 'refuse', args }),
    corrupted: () => emit({ type: 'corrupted', args: [] }),
    lost: (...args) => emit({ type: 'lost', args }),
    cost: (...args) => emit({ type: 'cost', args }),
  };
}

function open(id: number, room: string, stored: Uint8Array[], limits: EngineLimits): void {
  // Its lines go to the serving thread's logger (engine-pool.ts).
  const write = (line: string): void => outgoing.push([id, { type: 'log', args: [line] }]);
  const log = pino({ level: init.logLevel, base: { thread: 'room-documents' }, timestamp: false }, { write }).child({ room });
  try {
    engines.set(id, new DocEngine({ limits, heldBudget, storageFull, log }, outputOf(id), stored));
    outgoing.push([id, { type: 'opened', args: [null] }]);
  } catch (error) {
    outgoing.push([id, { type: 'opened', args: [error instanceof Error ? error.message : String(error)] }]);
  }
}

function apply(engine: DocEngine | undefined, id: number, op: EngineOp): void {
  if (op.type === 'open') open(id, ...op.args);
  else if (op.type === 'settle') {
    void engine?.settled(); // applies a waiting batch of appends (append-lane.ts) first
    outgoing.push([id, { type: 'answer', args: op.args }]);
  } else if (op.type === 'state') void engine?.encodeState().then((update) => outgoing.push([id, { type: 'answer', args: [op.args[0], update] }]));
  else if (op.type === 'destroy') {
    void engine?.destroy();
    engines.delete(id);
  } else if (engine) Reflect.apply(engine[op.type], engine, op.args);
}

port.on('message', (batch: Batch<EngineOp>) => {
  for (const [id, op] of batch) apply(engines.get(id), id, op);
});
