/**
 * A board's history as a timelapse: one step per version, each the shapes it added, removed, moved or changed. Built
 * going forward through the history once, reading only the shapes each step's changes name (board.observe), so a
 * long history of a large board costs its changes, not its size times its versions. Playing a step at progress 0–1
 * shows the shapes it adds appearing one after another (strokes drawn point by point), those it removes fading, and
 * those it moves gliding to their new places.
 */
import * as Y from 'yjs';
import { STROKE_POINT_STRIDE, ShapeType, type Shape } from '../../protocol/board-schema';
import type { HistoryPart, VersionInfo } from '../../protocol/history';
import { Board, compareShapes } from '../board/board';

/** At 1x a step lasts as long as it took, but at least this and at most that: pauses are shortened. */
export const STEP_MIN_MS = 1_000;
export const STEP_MAX_MS = 10_000;
/** Removed shapes fade out over this share of their step. */
const FADE_SHARE = 0.3;

export interface ReplayStep {
  version: VersionInfo;
  /** Milliseconds at 1x. */
  duration: number;
  added: Shape[];
  removed: Shape[];
  /** Shapes changed in place: where they were and where they went. */
  changed: Array<{ before: Shape; after: Shape }>;
}

export function buildTimeline(parts: readonly HistoryPart[], versions: readonly VersionInfo[]): ReplayStep[] {
  const doc = new Y.Doc();
  const board = new Board(doc);
  const current = new Map<string, Shape>();
  let changedIds = new Set<string>();
  board.observe((ids) => {
    for (const id of ids) changedIds.add(id);
  });
  const steps: ReplayStep[] = [];
  let next = 0;
  let previousAt = versions[0]?.at ?? 0;
  for (const version of versions) {
    changedIds = new Set();
    Y.transact(doc, () => {
      while (next < parts.length && (parts[next] as HistoryPart).end <= version.id) Y.applyUpdate(doc, (parts[next++] as HistoryPart).update);
    });
    const step: ReplayStep = { version, duration: Math.min(STEP_MAX_MS, Math.max(STEP_MIN_MS, version.at - previousAt)), added: [], removed: [], changed: [] };
    previousAt = version.at;
    for (const id of changedIds) {
      const before = current.get(id);
      const after = board.get(id);
      if (after) current.set(id, after);
      else current.delete(id);
      if (before && after) step.changed.push({ before, after });
      else if (after) step.added.push(after);
      else if (before) step.removed.push(before);
    }
    step.added.sort(compareShapes);
    steps.push(step);
  }
  board.history.destroy();
  doc.destroy();
  return steps;
}

function reveal(shape: Shape, share: number): Shape {
  if (shape.type !== ShapeType.Stroke || share >= 1) return shape;
  const points = Math.max(1, Math.ceil((shape.points.length / STROKE_POINT_STRIDE) * share));
  return { ...shape, points: shape.points.slice(0, points * STROKE_POINT_STRIDE) };
}

function glide(before: Shape, after: Shape, progress: number): Shape {
  if (progress >= 1) return after;
  const t = progress * progress * (3 - 2 * progress); // ease in and out
  return { ...before, x: before.x + (after.x - before.x) * t, y: before.y + (after.y - before.y) * t } as Shape;
}

/**
 * Plays steps forward over a map of the shapes shown. `seek` goes to step `index` at `progress` (0–1) and returns the
 * shapes to draw, bottom to top; going back starts again from the first step.
 */
export class TimelinePlayer {
  private readonly shapes = new Map<string, Shape>();
  /** Steps applied whole to `shapes`. */
  private done = 0;

  constructor(private readonly steps: readonly ReplayStep[]) {}

  seek(index: number, progress: number): Shape[] {
    if (index < this.done) {
      this.shapes.clear();
      this.done = 0;
    }
    while (this.done < index) this.apply(this.steps[this.done++] as ReplayStep);
    const step = this.steps[index];
    const shown = new Map(this.shapes);
    if (step) {
      for (const shape of step.removed) {
        const left = 1 - progress / FADE_SHARE;
        if (left > 0) shown.set(shape.id, { ...shape, opacity: shape.opacity * left });
        else shown.delete(shape.id);
      }
      for (const { before, after } of step.changed) shown.set(after.id, glide(before, after, progress * 2));
      const count = step.added.length;
      step.added.forEach((shape, i) => {
        const share = count * progress - i;
        if (share > 0) shown.set(shape.id, reveal(shape, share));
      });
    }
    return [...shown.values()].sort(compareShapes);
  }

  private apply(step: ReplayStep): void {
    for (const shape of step.removed) this.shapes.delete(shape.id);
    for (const shape of step.added) this.shapes.set(shape.id, shape);
    for (const { after } of step.changed) this.shapes.set(after.id, after);
  }
}
