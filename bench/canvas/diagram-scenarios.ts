/**
 * Two diagram scenarios for `npm run bench:canvas` (run in headless Chromium by run.ts):
 *
 * - **A long stroke**: one pen stroke drawn to 5,000 points, four points a frame as the pen tool
 *   appends them, through the real board (Y.Array appends), index and canvas. Each frame's time
 *   is divided by its points; the last 500 points must cost no more than the first 500 (issue
 *   #23: p95 ratio at most 1.2), which a stroke re-read and re-outlined whole every frame
 *   (O(n²) over the stroke) does not do.
 * - **Bound arrows**: a board of 10,000 shapes of which 2,000 are arrows bound at both ends,
 *   50 of them to one box; that box is dragged as the select tool drags it (one position write
 *   a frame, the box and its arrows on the edit layer). Target: p95 under 16.7 ms a frame.
 */
import * as Y from 'yjs';
import { generateNKeysBetween } from 'fractional-indexing';
import { ArrowHead, ShapeType, newShapeFields, shapesMap, type Shape } from '../../protocol/board-schema';
import { MAX_STROKE_POINTS } from '../../protocol/limits';
import { Board } from '../../renderer/board/board';
import { Selection } from '../../renderer/board/selection';
import { BoardView } from '../../renderer/canvas/board-view';
import { boardSide, generateBoard, random } from './generate';

export interface Summary {
  p50: number;
  p95: number;
  max: number;
  frames: number;
}

export interface StrokeBenchResult {
  points: number;
  pointsPerFrame: number;
  /** Per appended point, over the frames that drew the first 500 points. */
  first500: Summary;
  /** Per appended point, over the frames that drew the last 500 points. */
  last500: Summary;
  /** last500.p95 / first500.p95 (target: at most 1.2). */
  ratio: number;
}

export interface ArrowBenchResult {
  shapes: number;
  boundArrows: number;
  arrowsOnMovedShape: number;
  loadMs: number;
  move: Summary;
}

/** Points the pen tool appends a frame on a 240 Hz pointer at 60 frames a second. */
const POINTS_PER_FRAME = 4;
/** The first and last stretch of the stroke whose costs are compared. */
const STRETCH_POINTS = 500;
const BOUND_ARROWS = 2_000;
const HUB_ARROWS = 50;
const TOTAL_SHAPES = 10_000;

const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));

function summarize(times: number[]): Summary {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  return { p50: round(at(50)), p95: round(at(95)), max: round(sorted[sorted.length - 1] as number), frames: times.length };
}

function mount(doc: Y.Doc): { board: Board; view: BoardView } {
  const container = document.getElementById('canvas') as HTMLDivElement;
  container.replaceChildren();
  const board = new Board(doc);
  const view = new BoardView(container, board, { selection: new Selection() });
  return { board, view };
}

/** Points of a stroke drawn and thrown away first, so the first 500 measured are not the JIT warming up. */
const WARM_UP_POINTS = 600;

/** One 5,000-point stroke, drawn a few points a frame; frame time per point, first vs last 500. */
export async function runStrokeBench(): Promise<StrokeBenchResult> {
  const { board, view } = mount(new Y.Doc());
  view.setCamera({ x: 0, y: 0, scale: 1 });
  view.renderNow();
  const warmUp = board.beginStroke([100, 100, 0.5], { color: '#1f2328', width: 5 });
  view.setActive([warmUp]);
  for (let i = 1; i < WARM_UP_POINTS; i += POINTS_PER_FRAME) {
    await nextFrame();
    board.extendStroke(warmUp, Array.from({ length: POINTS_PER_FRAME }, (_, k) => [100 + (i + k) * 0.5, 100 + Math.sin((i + k) / 20) * 30, 0.5]).flat());
    view.renderNow();
  }
  board.delete([warmUp]);
  for (let i = 0; i < 10; i++) {
    await nextFrame();
    view.renderNow();
  }
  // A loose spiral across the screen: every point a new position, as a hand draws.
  const at = (i: number): [number, number, number] => {
    const angle = i * 0.02;
    const radius = 40 + i * 0.06;
    return [600 + Math.cos(angle) * radius, 400 + Math.sin(angle) * radius, 0.5];
  };
  const id = board.beginStroke(at(0), { color: '#1f2328', width: 5 });
  view.setActive([id]);
  const perPoint: Array<{ first: number; time: number }> = [];
  for (let next = 1; next < MAX_STROKE_POINTS; next += POINTS_PER_FRAME) {
    await nextFrame();
    const batch: number[] = [];
    for (let i = next; i < Math.min(MAX_STROKE_POINTS, next + POINTS_PER_FRAME); i++) batch.push(...at(i));
    const start = performance.now();
    board.extendStroke(id, batch);
    view.renderNow();
    perPoint.push({ first: next, time: (performance.now() - start) / (batch.length / 3) });
  }
  const count = (board.get(id) as unknown as { points: number[] }).points.length / 3;
  view.destroy();
  const first500 = summarize(perPoint.filter((f) => f.first < STRETCH_POINTS).map((f) => f.time));
  const last500 = summarize(perPoint.filter((f) => f.first >= count - STRETCH_POINTS).map((f) => f.time));
  return { points: count, pointsPerFrame: POINTS_PER_FRAME, first500, last500, ratio: Math.round((last500.p95 / first500.p95) * 100) / 100 };
}

type Box = Extract<Shape, { w: number }>;

/**
 * 10,000 shapes: the generated board, plus 2,000 arrows bound at both ends between nearby boxes,
 * 50 of them from the box nearest the middle (the one that is dragged).
 */
export function generateBoundBoard(seed = 7): { doc: Y.Doc; hub: string; side: number } {
  const doc = generateBoard(TOTAL_SHAPES - BOUND_ARROWS, seed);
  const rand = random(seed + 1);
  const shapes = shapesMap(doc);
  const side = boardSide(TOTAL_SHAPES - BOUND_ARROWS);
  const boxes: Array<{ id: string; x: number; y: number; w: number; h: number }> = [];
  for (const [id, fields] of shapes) {
    const type = fields.get('type');
    if (type === ShapeType.Rect || type === ShapeType.Ellipse || type === ShapeType.Sticky) {
      boxes.push({ id, x: fields.get('x') as number, y: fields.get('y') as number, w: fields.get('w') as number, h: fields.get('h') as number });
    }
  }
  const centre = (b: (typeof boxes)[number]): [number, number] => [b.x + b.w / 2, b.y + b.h / 2];
  const middle = side / 2;
  const hub = boxes.reduce((best, b) => (Math.hypot(centre(b)[0] - middle, centre(b)[1] - middle) < Math.hypot(centre(best)[0] - middle, centre(best)[1] - middle) ? b : best));
  const byDistance = (from: (typeof boxes)[number]) => [...boxes].filter((b) => b !== from).sort((a, b) => Math.hypot(centre(a)[0] - centre(from)[0], centre(a)[1] - centre(from)[1]) - Math.hypot(centre(b)[0] - centre(from)[0], centre(b)[1] - centre(from)[1]));
  const pairs: Array<[string, string]> = byDistance(hub).slice(0, HUB_ARROWS).map((b) => [hub.id, b.id]);
  while (pairs.length < BOUND_ARROWS) {
    const a = boxes[Math.floor(rand() * boxes.length)] as (typeof boxes)[number];
    // A neighbour of a: one of the boxes in a small window around it (diagrams join what is near).
    const near = boxes.filter((b) => b !== a && Math.abs(b.x - a.x) < 400 && Math.abs(b.y - a.y) < 400);
    const b = near[Math.floor(rand() * near.length)];
    if (b && a.id !== hub.id && b.id !== hub.id) pairs.push([a.id, b.id]);
  }
  const top = [...shapes.values()].map((f) => f.get('z') as string).sort().at(-1) ?? null;
  const keys = generateNKeysBetween(top, null, pairs.length);
  doc.transact(() => {
    pairs.forEach(([from, to], i) => {
      const a = boxes.find((b) => b.id === from) as (typeof boxes)[number];
      shapes.set(
        `bound${i}`,
        newShapeFields({
          type: ShapeType.Arrow,
          z: keys[i] as string,
          x: a.x,
          y: a.y,
          rotation: 0,
          opacity: 1,
          points: [0, 0, 10, 10],
          color: '#1f2328',
          width: 2,
          startHead: ArrowHead.None,
          endHead: ArrowHead.Arrow,
          start: { id: from, ax: 0.5, ay: 0.5 },
          end: { id: to, ax: 0.5, ay: 0.5 },
        }),
      );
    });
  });
  return { doc, hub: hub.id, side };
}

/** Drags the box with 50 bound arrows in a circle for `frames` frames. */
export async function runArrowBench(frames: number): Promise<ArrowBenchResult> {
  const generated = generateBoundBoard();
  const update = Y.encodeStateAsUpdate(generated.doc);
  const start = performance.now();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const { board, view } = mount(doc);
  const hub = view.index.get(generated.hub) as Box;
  view.setCamera({ x: view.width / 2 - (hub.x + hub.w / 2), y: view.height / 2 - (hub.y + hub.h / 2), scale: 1 });
  view.renderNow();
  const loadMs = Math.round(performance.now() - start);
  const bound = view.index.connectorsBoundTo([hub.id]);
  // As the select tool does: the dragged box and what follows it on the edit layer.
  view.setActive([hub.id, ...bound]);
  const times: number[] = [];
  for (let i = 0; i < frames; i++) {
    await nextFrame();
    const t = performance.now();
    const angle = (i / frames) * Math.PI * 2;
    board.update(new Map([[hub.id, { x: hub.x + Math.cos(angle) * 120 - 120, y: hub.y + Math.sin(angle) * 120 }]]), i > 0);
    view.renderNow();
    times.push(performance.now() - t);
  }
  const boundArrows = [...view.index.ids()].filter((id) => id.startsWith('bound')).length;
  view.destroy();
  return { shapes: board.size, boundArrows, arrowsOnMovedShape: bound.size, loadMs, move: summarize(times) };
}
