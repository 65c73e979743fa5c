/**
 * Calibrates sync-server/update-cost.ts: for updates of very different shapes, the heap an
 * applied document really holds (after a forced GC, the update's own bytes released) against the
 * estimate read from the update's bytes. The estimate must never be far below the real cost
 * (the room cap must bound memory), and should not be far above it for real boards.
 *
 *   node --expose-gc --import tsx bench/server/experiments/update-cost.ts
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { updateCostBytes } from '../../../sync-server/update-cost';
import { boardUpdate } from '../boards';

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with --expose-gc');
  collect();
  collect();
}

function heap(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

const cases: Array<[string, () => Uint8Array]> = [
  ['200k empty objects in one array push', () => encode((doc) => doc.getArray('a').push(Array.from({ length: 200_000 }, () => ({}))))],
  ['100k map keys holding {}', () => encode((doc) => doc.transact(() => { const m = doc.getMap('m'); for (let i = 0; i < 100_000; i++) m.set(`k${i}`, {}); }))],
  ['200k one-element arrays in one push', () => encode((doc) => doc.getArray('a').push(Array.from({ length: 200_000 }, () => [1])))],
  ['200k objects of one key in one push', () => encode((doc) => doc.getArray('a').push(Array.from({ length: 200_000 }, () => ({ a: true }))))],
  ['500k numbers in one push', () => encode((doc) => doc.getArray('a').push(Array.from({ length: 500_000 }, (_, i) => i * 1.5)))],
  ['50k text inserts at random places', () => encode((doc) => { const t = doc.getText('t'); for (let i = 0; i < 50_000; i++) t.insert(Math.floor(Math.random() * (t.length + 1)), 'x'); })],
  ['one 4 MB string', () => encode((doc) => doc.getText('t').insert(0, 'y'.repeat(4_000_000)))],
  ['20k nested maps of 3 fields', () => encode((doc) => doc.transact(() => { const m = doc.getMap('shapes'); for (let i = 0; i < 20_000; i++) { const s = new Y.Map(); s.set('x', i); s.set('y', i); s.set('t', 'rect'); m.set(`s${i}`, s); } }))],
  ['4 MB of binary', () => encode((doc) => doc.getArray('a').push([new Uint8Array(4_000_000)]))],
  ['deeply nested arrays (1,000 levels)', () => { let v: unknown = 1; for (let i = 0; i < 1_000; i++) v = [v]; return encode((doc) => doc.getArray('a').push([v])); }],
  ['100k pushes, then all deleted', () => encode((doc) => { const a = doc.getArray('a'); for (let i = 0; i < 100_000; i++) a.push([i]); a.delete(0, a.length); })],
  ['a 2 MB board (bench/server/boards.ts)', () => boardUpdate(2_000_000)],
  ['a 10 MB board (bench/server/boards.ts)', () => boardUpdate(10_000_000)],
];

function encode(build: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  build(doc);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Measures one case in this process: the caller gives each case a fresh process. */
function measure(index: number): void {
  const [name, make] = cases[index] as [string, () => Uint8Array];
  let update: Uint8Array | null = make();
  const encoded = update.length;
  const estimate = updateCostBytes(update);
  gc();
  const before = heap() - encoded;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  update = null;
  gc();
  const real = heap() - before;
  console.log(`| ${name} | ${mb(encoded)} | ${mb(real)} | ${mb(estimate)} | ${(estimate / real).toFixed(2)} |`);
  doc.destroy();
}

const only = process.argv[2];
if (only !== undefined) {
  measure(Number(only));
} else {
  console.log('| update | encoded | real heap | estimate | estimate / real |');
  console.log('|---|---:|---:|---:|---:|');
  for (let i = 0; i < cases.length; i++) {
    execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), String(i)], { stdio: 'inherit' });
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}
