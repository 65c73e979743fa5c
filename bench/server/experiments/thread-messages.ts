/**
 * Two figures behind sync-server/engine/thread-messages.ts:
 * - what the serving thread spends posting small messages (a pen stroke's updates) to another
 *   thread one postMessage each, against one postMessage per event-loop turn holding all of them
 *   (TurnBatch);
 * - from what size transferring a buffer costs the sender less than copying it
 *   (TRANSFER_MIN_BYTES).
 * Run: tsx bench/server/experiments/thread-messages.ts
 */
import { Worker } from 'node:worker_threads';

const worker = new Worker('require("node:worker_threads").parentPort.on("message", () => {})', { eval: true });

function cpuMicros(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

const MESSAGES = 20_000;
const update = new Uint8Array(120).fill(7);
const single = cpuMicros(() => {
  for (let i = 0; i < MESSAGES; i++) worker.postMessage({ op: 'append', room: 'r', update });
});
const batched = cpuMicros(() => {
  for (let turn = 0; turn < MESSAGES / 20; turn++) worker.postMessage(Array.from({ length: 20 }, () => ({ op: 'append', room: 'r', update })));
});
console.log(`posting ${MESSAGES} appends of 120 bytes: one message each ${(single / MESSAGES).toFixed(2)} µs/append, 20 per message ${(batched / MESSAGES).toFixed(2)} µs/append`);

for (const size of [4 * 1024, 16 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024]) {
  const rounds = Math.max(20, Math.floor((64 * 1024 * 1024) / size));
  const copy = cpuMicros(() => {
    for (let i = 0; i < rounds; i++) worker.postMessage(new Uint8Array(size));
  });
  const transfer = cpuMicros(() => {
    for (let i = 0; i < rounds; i++) {
      const bytes = new Uint8Array(size);
      worker.postMessage(bytes, [bytes.buffer]);
    }
  });
  const alloc = cpuMicros(() => {
    for (let i = 0; i < rounds; i++) new Uint8Array(size);
  });
  console.log(`${size / 1024} KiB: copy ${((copy - alloc) / rounds).toFixed(1)} µs, transfer ${((transfer - alloc) / rounds).toFixed(1)} µs per message`);
}
await worker.terminate();
