/**
 * Runs in headless Chromium (see run.ts): opens a generated board in the real BoardView and
 * measures load time and per-frame times while panning and zooming.
 *
 * Load: from the encoded board (as it arrives from the server or disk) to the first frame on
 * screen: decoding into a Y.Doc, building the model's index, creating nodes, drawing.
 * Frame: the work of one animation frame: moving the camera, then bringing the layers up to date
 * and drawing them (BoardView.renderNow), measured synchronously. Each frame runs in its own
 * requestAnimationFrame callback, as in the app.
 */
import * as Y from 'yjs';
import { Board } from '../../renderer/board/board';
import { Selection } from '../../renderer/board/selection';
import { BoardView } from '../../renderer/canvas/board-view';
import { fitBounds } from '../../renderer/canvas/camera';
import { runArrowBench, runStrokeBench } from './diagram-scenarios';
import { boardSide, generateBoard } from './generate';

export interface Scenario {
  p50: number;
  p95: number;
  max: number;
  frames: number;
}

export interface BenchResult {
  shapes: number;
  optimize: boolean;
  updateBytes: number;
  loadMs: number;
  /** Of which: decoding the update into a Y.Doc. */
  decodeMs: number;
  nodesAfterLoad: number;
  pan: Scenario;
  zoom: Scenario;
  /** The one frame that jumps from 100% to showing the whole board (every shape drawn). */
  overviewFirstMs: number;
  overviewPan: Scenario;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function summarize(times: number[]): Scenario {
  const sorted = [...times].sort((a, b) => a - b);
  const round = (v: number): number => Math.round(v * 100) / 100;
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted[sorted.length - 1] as number), frames: times.length };
}

const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));

/** Runs `step(i)` then a synchronous render in each of `frames` animation frames; returns their times. */
async function measure(view: BoardView, frames: number, step: (i: number) => void): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < frames; i++) {
    await nextFrame();
    const start = performance.now();
    step(i);
    view.renderNow();
    times.push(performance.now() - start);
  }
  return times;
}

async function run(count: number, optimize: boolean, frames: number): Promise<BenchResult> {
  const update = Y.encodeStateAsUpdate(generateBoard(count));
  const container = document.getElementById('canvas') as HTMLDivElement;
  container.replaceChildren();
  await nextFrame();

  const start = performance.now();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const decodeMs = performance.now() - start;
  const board = new Board(doc);
  const view = new BoardView(container, board, { optimize, selection: new Selection() });
  // Start in the middle of the board at 100%, where someone working on it would be.
  const side = boardSide(count);
  view.setCamera({ x: view.width / 2 - side / 2, y: view.height / 2 - side / 2, scale: 1 });
  view.renderNow();
  const loadMs = performance.now() - start;
  const nodesAfterLoad = view.nodeCount;

  // Pan: a steady drag to the right and down, 12 px a frame (a brisk hand).
  const panOrigin = view.camera;
  const pan = await measure(view, frames, (i) => view.setCamera({ ...panOrigin, x: panOrigin.x - i * 12, y: panOrigin.y - i * 5 }));
  // Zoom: wheel-zooming out to 25% about the centre and back in, in equal steps.
  const half = Math.floor(frames / 2);
  const step = Math.pow(4, 1 / half);
  const zoom = await measure(view, half * 2, (i) => view.zoomBy(i < half ? 1 / step : step));
  // Overview: zoomed out to see the whole board (every shape visible), panning.
  const fit = fitBounds({ minX: 0, minY: 0, maxX: side, maxY: side }, view.width, view.height);
  const jump = performance.now();
  view.setCamera(fit);
  view.renderNow();
  const overviewFirstMs = Math.round(performance.now() - jump);
  const overviewPan = await measure(view, Math.max(10, Math.floor(frames / 2)), (i) => view.setCamera({ ...fit, x: fit.x - i * 12 }));

  view.destroy();
  doc.destroy();
  return { shapes: count, optimize, updateBytes: update.byteLength, loadMs: Math.round(loadMs), decodeMs: Math.round(decodeMs), nodesAfterLoad, pan: summarize(pan), zoom: summarize(zoom), overviewFirstMs, overviewPan: summarize(overviewPan) };
}

Object.assign(window, { runCanvasBench: run, runStrokeBench, runArrowBench });
