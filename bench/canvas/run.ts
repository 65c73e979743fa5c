/**
 * `npm run bench:canvas`: builds the benchmark page, serves it locally, and runs it in headless
 * Chromium for boards of 1,000, 10,000 and 50,000 shapes, with the canvas optimisations off
 * ("before": every shape a node on one uncached layer) and on ("after": rbush culling, cached
 * static layer, separate edit layer); then the diagram scenarios (diagram-scenarios.ts): one
 * 5,000-point stroke drawn point by point, and a box with 50 bound arrows dragged on a board of
 * 10,000 shapes with 2,000 bound arrows. Prints tables and writes the figures as JSON to
 * bench/results/canvas-<time>.json.
 *
 *   npm run bench:canvas                      everything
 *   npm run bench:canvas -- --sizes 1000,10000 --frames 60
 *   npm run bench:canvas -- --only stroke,arrows    just the diagram scenarios
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
import type { ArrowBenchResult, StrokeBenchResult } from './diagram-scenarios';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const outDir = path.join(root, 'dist/bench-canvas');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const sizes = option('sizes', '1000,10000,50000').split(',').map(Number);
const only = new Set(option('only', 'sizes,stroke,arrows').split(','));
/** Issue #23's targets for the diagram scenarios. */
const STROKE_RATIO_TARGET = 1.2;
const ARROW_P95_TARGET_MS = 16.7;
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
  let stroke: StrokeBenchResult | null = null;
  let arrows: ArrowBenchResult | null = null;
  const openPage = async () => {
    // A fresh page per run: no run inherits another's heap or caches.
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(server.url);
    await page.waitForFunction(() => 'runCanvasBench' in window);
    return page;
  };
  try {
    if (only.has('sizes')) {
      console.log(' shapes  mode    load ms  decode   nodes   pan p50     p95  zoom p50     p95  to-fit  overview p50 p95');
      for (const count of sizes) {
        for (const optimize of [false, true]) {
          const page = await openPage();
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
    }
    if (only.has('stroke')) {
      const page = await openPage();
      stroke = await page.evaluate(() => (window as unknown as { runStrokeBench(): Promise<StrokeBenchResult> }).runStrokeBench());
      await page.close();
      const cell = (s: StrokeBenchResult['first500']): string => `${s.p50.toFixed(3)} / ${s.p95.toFixed(3)}`;
      console.log(`\none ${stroke.points}-point stroke, ${stroke.pointsPerFrame} points a frame: ms per point, p50 / p95`);
      console.log(`  first 500 points  ${cell(stroke.first500)}`);
      console.log(`  last 500 points   ${cell(stroke.last500)}`);
      console.log(`  p95 ratio last/first ${stroke.ratio} (target at most ${STROKE_RATIO_TARGET}: ${stroke.ratio <= STROKE_RATIO_TARGET ? 'met' : 'missed'})`);
    }
    if (only.has('arrows')) {
      const page = await openPage();
      arrows = await page.evaluate((f) => (window as unknown as { runArrowBench(f: number): Promise<ArrowBenchResult> }).runArrowBench(f), frames);
      await page.close();
      console.log(`\n${arrows.shapes} shapes, ${arrows.boundArrows} bound arrows; dragging a box with ${arrows.arrowsOnMovedShape} arrows bound to it (load ${arrows.loadMs} ms)`);
      console.log(`  frame ms p50 / p95 / max  ${arrows.move.p50} / ${arrows.move.p95} / ${arrows.move.max} over ${arrows.move.frames} frames (target p95 under ${ARROW_P95_TARGET_MS}: ${arrows.move.p95 < ARROW_P95_TARGET_MS ? 'met' : 'missed'})`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  const resultsDir = path.join(root, 'bench/results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `canvas-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ chromium: browser.version(), frames, results, stroke, arrows }, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(root, file)}`);
}

await main();
