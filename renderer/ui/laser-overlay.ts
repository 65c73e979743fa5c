/**
 * Laser trails over the canvas, this person's and everyone else's: each a glowing line in its
 * owner's colour, thick and bright where the pointer is and thinning and fading behind it, gone
 * LASER_FADE_MS after each point was drawn. A 2D canvas the size of the board's, redrawn every
 * animation frame while a trail is alive (and not at all otherwise). Points are in board
 * coordinates, so trails stay on what they point at when the view pans or zooms.
 *
 * A peer's points arrive in batches (one message per cursor interval): each batch is spread over
 * the interval it covers, so the trail grows smoothly rather than in jumps.
 */
import type { Point } from '../collab/presence';

/** A point of a trail is gone this long after it was drawn ("fading in about a second"). */
export const LASER_FADE_MS = 1_000;
/** The trail's width at its newest point, CSS pixels (whatever the zoom). */
const LASER_WIDTH_PX = 7;
const DOT_RADIUS_PX = 5;
/** The trail fades in this many steps: smooth to the eye, few enough paths to draw. */
const FADE_BANDS = 8;
/** The white core runs along the part of the trail brighter than this. */
const CORE_MIN_LIFE = 0.35;

interface TimedPoint extends Point {
  t: number;
}

interface Run {
  run: number;
  color: string;
  points: TimedPoint[];
}

export interface LaserOverlay {
  readonly element: HTMLCanvasElement;
  /** Adds points to `key`'s trail; spread over the last `spreadMs` (a peer's batch). */
  add(key: string, color: string, run: number, points: readonly Point[], spreadMs?: number): void;
  /** This person's laser dot (null: hidden). */
  setPointer(point: Point | null, color: string): void;
  /** The view moved: redraw in place. */
  reposition(): void;
  /** Points still showing, over every trail (for tests and the status of the overlay). */
  readonly livePoints: number;
}

export function createLaserOverlay(mapping: { toScreen(point: Point): Point }, host: HTMLElement): LaserOverlay {
  const element = document.createElement('canvas');
  element.className = 'laser-overlay';
  element.setAttribute('aria-hidden', 'true');
  const ctx = element.getContext('2d') as CanvasRenderingContext2D;
  const trails = new Map<string, Run[]>();
  let pointer: { point: Point; color: string } | null = null;
  let frame: number | null = null;
  let live = 0;

  const resize = (): void => {
    const ratio = window.devicePixelRatio || 1;
    element.width = Math.max(1, Math.round(host.clientWidth * ratio));
    element.height = Math.max(1, Math.round(host.clientHeight * ratio));
    schedule();
  };
  new ResizeObserver(resize).observe(host);

  function schedule(): void {
    frame ??= requestAnimationFrame(draw);
  }

  /**
   * A run is drawn in a few bands of equal fade, each one continuous path (a path per segment
   * would show a bead at every joint, where two round caps overlap at half alpha), then a white
   * core along its brighter part.
   */
  function drawRun(run: Run, now: number): void {
    const points = run.points.map((p) => ({ at: mapping.toScreen(p), life: Math.max(0, 1 - (now - p.t) / LASER_FADE_MS) }));
    if (points.length < 2) return;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = run.color;
    ctx.shadowColor = run.color;
    ctx.shadowBlur = 14;
    let from = 0;
    while (from < points.length - 1) {
      const band = Math.ceil((points[from + 1]?.life ?? 0) * FADE_BANDS) / FADE_BANDS;
      let to = from + 1;
      while (to < points.length - 1 && Math.ceil((points[to + 1]?.life ?? 0) * FADE_BANDS) / FADE_BANDS === band) to++;
      if (band > 0) {
        ctx.globalAlpha = band;
        ctx.lineWidth = LASER_WIDTH_PX * (0.35 + 0.65 * band);
        ctx.beginPath();
        for (let i = from; i <= to; i++) {
          const { at } = points[i] as { at: Point };
          if (i === from) ctx.moveTo(at.x, at.y);
          else ctx.lineTo(at.x, at.y);
        }
        ctx.stroke();
      }
      from = to;
    }
    ctx.shadowBlur = 0;
    const bright = points.filter((p) => p.life > CORE_MIN_LIFE);
    if (bright.length > 1) {
      ctx.globalAlpha = 0.85;
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = LASER_WIDTH_PX * 0.3;
      ctx.beginPath();
      bright.forEach(({ at }, i) => (i === 0 ? ctx.moveTo(at.x, at.y) : ctx.lineTo(at.x, at.y)));
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  function drawDot(point: Point, color: string): void {
    const at = mapping.toScreen(point);
    ctx.shadowColor = color;
    ctx.shadowBlur = 16;
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(at.x, at.y, DOT_RADIUS_PX, 0, Math.PI * 2);
    ctx.fill();
    ctx.shadowBlur = 0;
    ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
    ctx.beginPath();
    ctx.arc(at.x, at.y, DOT_RADIUS_PX * 0.4, 0, Math.PI * 2);
    ctx.fill();
  }

  function draw(): void {
    frame = null;
    const now = performance.now();
    const ratio = window.devicePixelRatio || 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, element.width, element.height);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    live = 0;
    for (const [key, runs] of trails) {
      const kept = runs.filter((run) => {
        run.points = run.points.filter((p) => now - p.t < LASER_FADE_MS);
        return run.points.length > 0;
      });
      if (kept.length === 0) trails.delete(key);
      else trails.set(key, kept);
      for (const run of kept) {
        live += run.points.length;
        drawRun(run, now);
      }
    }
    if (pointer) drawDot(pointer.point, pointer.color);
    element.dataset.livePoints = String(live);
    if (live > 0) schedule();
  }

  return {
    element,
    add(key, color, run, points, spreadMs = 0) {
      if (points.length === 0) return;
      const runs = trails.get(key) ?? [];
      let current = runs[runs.length - 1];
      if (!current || current.run !== run) {
        current = { run, color, points: [] };
        runs.push(current);
        trails.set(key, runs);
      }
      const now = performance.now();
      points.forEach((p, i) => current.points.push({ x: p.x, y: p.y, t: now - spreadMs * (1 - (i + 1) / points.length) }));
      schedule();
    },
    setPointer(point, color) {
      pointer = point ? { point, color } : null;
      schedule();
    },
    reposition: schedule,
    get livePoints() {
      return live;
    },
  };
}
