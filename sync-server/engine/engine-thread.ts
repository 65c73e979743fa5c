/**
 * A pool thread (engine-pool.ts): the documents of the large rooms placed on it, each the same
 * `DocEngine` a small room runs on the serving thread. It talks to the serving thread as
 * thread-messages.ts describes.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { readStorageFull } from '../data-limit';
import { SharedBudget } from '../shared-budget';
import { DocEngine, type EngineContext, type EngineOutput } from './doc-engine';
import { forwardingLogger } from './engine-pool';
import { TurnBatch, portable, transferList, type EngineEvent, type EngineOp, type ThreadInit, type ToThread } from './thread-messages';

const init = workerData as ThreadInit;
const port = parentPort as MessagePort;
const engines = new Map<number, DocEngine>();

const outgoing = new TurnBatch<[number, EngineEvent]>((batch) => {
  const datas: Uint8Array[] = [];
  for (const [, event] of batch) {
    if (event.type === 'send') {
      event.frames = event.frames.map(portable);
      datas.push(...event.frames);
    } else if (event.type === 'state') {
      event.update = portable(event.update);
      datas.push(event.update);
    } else if (event.type === 'change') {
      event.update = portable(event.update);
      event.frame = portable(event.frame);
      datas.push(event.update, event.frame);
    }
  }
  port.postMessage({ type: 'events', batch }, transferList(datas));
});

const heldBudget = init.heldBudget ? new SharedBudget(init.heldBudget) : null;
const storageFull = init.storageFull ? readStorageFull(init.storageFull) : () => null;

function outputOf(engine: number): EngineOutput {
  const emit = (event: EngineEvent): void => outgoing.push([engine, event]);
  return {
    send: (peer, frames) => emit({ type: 'send', peer, frames: [...frames] }),
    change: (update, frame, from, remote) => emit({ type: 'change', update, frame, from, remote }),
    synced: (peer) => emit({ type: 'synced', peer }),
    written: (peer, writes) => emit({ type: 'written', peer, writes }),
    refuse: (peer, code, reason, write) => emit({ type: 'refuse', peer, code, reason, write }),
    corrupted: () => emit({ type: 'corrupted' }),
    lost: () => emit({ type: 'corrupted' }),
    cost: (bytes) => emit({ type: 'cost', bytes }),
  };
}

function apply(engine: DocEngine, id: number, op: EngineOp): void {
  switch (op.type) {
    case 'join':
      return engine.join(op.peer, op.canWrite);
    case 'rejoin':
      return engine.rejoin(op.peer, op.canWrite, op.synced);
    case 'leave':
      return engine.leave(op.peer);
    case 'receive':
      return engine.receive(op.peer, op.data);
    case 'remote':
      return engine.applyRemote(op.update);
    case 'settle':
      outgoing.push([id, { type: 'settled', token: op.token }]);
      return;
    case 'state':
      void engine.encodeState().then((update) => outgoing.push([id, { type: 'state', token: op.token, update }]));
      return;
  }
}

port.on('message', (message: ToThread) => {
  switch (message.type) {
    case 'open': {
      const log = forwardingLogger(init.logLevel, (line) => outgoing.push([message.engine, { type: 'log', line }])).child({ room: message.room });
      const ctx: EngineContext = { limits: message.limits, heldBudget, storageFull, log };
      try {
        engines.set(message.engine, new DocEngine(ctx, outputOf(message.engine), message.stored));
        outgoing.flush();
        port.postMessage({ type: 'opened', engine: message.engine });
      } catch (error) {
        outgoing.flush();
        port.postMessage({ type: 'open-failed', engine: message.engine, error: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    case 'ops':
      for (const [id, op] of message.batch) {
        const engine = engines.get(id);
        if (engine) apply(engine, id, op);
        else if (op.type === 'settle') outgoing.push([id, { type: 'settled', token: op.token }]);
      }
      return;
    case 'close':
      void engines.get(message.engine)?.destroy();
      engines.delete(message.engine);
      return;
  }
});
