/**
 * `npm run bench:canvas`: builds the benchmark page, serves it locally, and runs it in headless
 * Chromium for boards of 1,000, 10,000 and 50,000 shapes, with the canvas optimisations off
 * ("before": every shape a node on one uncached layer) and on ("after": rbush culling, cached
 * static layer, separate edit layer). Prints a table and writes the figures as JSON to
 * bench/results/canvas-<time>.json.
 *
 *   npm run bench:canvas                      all sizes, both modes
 *   npm run bench:canvas -- --sizes 1000,10000 --frames 60
 *
 * Frame times are the work of one frame on this machine's CPU (software rendering; Chromium
 * runs with --disable-gpu here): compare the two modes and the sizes, not absolute numbers
 * across machines.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import type { BenchResult } from './bench-page';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const outDir = path.join(root, 'dist/bench-canvas');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const sizes = option('sizes', '1000,10000,50000').split(',').map(Number);
const frames = Number(option('frames', '120'));
/** The unoptimised canvas takes seconds per frame on big boards: fewer frames keep the run short. */
const BEFORE_FRAMES_AT_SCALE = 24;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

async function serve(): Promise<{ url: string; close(): void }> {
  const server = http.createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = path.join(outDir, name === '/' ? 'bench.html' : name);
    if (!file.startsWith(outDir) || !fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

function row(r: BenchResult): string {
  const mode = r.optimize ? 'after ' : 'before';
  const cell = (s: BenchResult['pan']): string => `${s.p50.toFixed(1).padStart(7)} ${s.p95.toFixed(1).padStart(7)}`;
  return `${String(r.shapes).padStart(6)}  ${mode}  ${String(r.loadMs).padStart(7)}  ${String(r.decodeMs).padStart(7)}  ${String(r.nodesAfterLoad).padStart(6)}  ${cell(r.pan)}  ${cell(r.zoom)}  ${String(r.overviewFirstMs).padStart(6)}  ${cell(r.overviewPan)}`;
}

async function main(): Promise<void> {
  await build({ configFile: path.join(here, 'vite.config.ts') });
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const results: BenchResult[] = [];
  console.log(' shapes  mode    load ms  decode   nodes   pan p50     p95  zoom p50     p95  to-fit  overview p50 p95');
  try {
    for (const count of sizes) {
      for (const optimize of [false, true]) {
        // A fresh page per run: no run inherits another's heap or caches.
        const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
        await page.goto(server.url);
        await page.waitForFunction(() => 'runCanvasBench' in window);
        const runFrames = !optimize && count >= 10_000 ? BEFORE_FRAMES_AT_SCALE : frames;
        const result = await page.evaluate(
          ([n, o, f]) => (window as unknown as { runCanvasBench(n: number, o: boolean, f: number): Promise<BenchResult> }).runCanvasBench(n, o, f),
          [count, optimize, runFrames] as const,
        );
        results.push(result);
        console.log(row(result));
        await page.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const resultsDir = path.join(root, 'bench/results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `canvas-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ chromium: browser.version(), frames, results }, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(root, file)}`);
}

await main();
