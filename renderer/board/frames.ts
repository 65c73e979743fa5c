/**
 * Frames: named regions of the board that hold shapes. A shape belongs to the frame its centre
 * is in (its `frameId`), decided when it is dropped, drawn or pasted, and when a frame is drawn,
 * moved or resized: so shapes dragged into a frame join it, dragged out leave it, and move with
 * it. Frames do not nest.
 */
import { ShapeType, type FrameShape, type Shape } from '../../protocol/board-schema';
import type { ShapePatch } from './board';
import { shapeBounds, type Bounds, type Point } from './geometry';
import type { ShapeIndex } from './shape-index';

export function isFrame(shape: Shape | undefined | null): shape is FrameShape {
  return shape?.type === ShapeType.Frame;
}

/** A frame's own box on the board (without its title). */
export function frameBox(frame: FrameShape): Bounds {
  return { minX: frame.x, minY: frame.y, maxX: frame.x + frame.w, maxY: frame.y + frame.h };
}

function centreOf(b: Bounds): Point {
  return { x: (b.minX + b.maxX) / 2, y: (b.minY + b.maxY) / 2 };
}

function inside(point: Point, b: Bounds): boolean {
  return point.x >= b.minX && point.x <= b.maxX && point.y >= b.minY && point.y <= b.maxY;
}

/** Every frame, in stacking order (the index keeps frames behind everything else). */
export function framesOf(index: ShapeIndex): FrameShape[] {
  return index.all().filter(isFrame);
}

/** The topmost frame whose box holds `point`, or null. */
export function frameAt(index: ShapeIndex, point: Point): FrameShape | null {
  const near = index.search({ minX: point.x, minY: point.y, maxX: point.x, maxY: point.y }).filter(isFrame);
  let best: FrameShape | null = null;
  for (const frame of near) if (inside(point, frameBox(frame)) && (!best || frame.z > best.z || (frame.z === best.z && frame.id > best.id))) best = frame;
  return best;
}

/** The shapes in a frame. */
export function membersOf(index: ShapeIndex, frameId: string): Shape[] {
  const frame = index.get(frameId);
  if (!isFrame(frame)) return [];
  return index.search(frameBox(frame)).filter((s) => s.frameId === frameId);
}

/**
 * Which frame each of these shapes now belongs to, as patches for those whose membership
 * changes. Frames themselves belong to none.
 */
export function membershipPatches(index: ShapeIndex, ids: Iterable<string>, moved?: (id: string) => Bounds | undefined): Map<string, ShapePatch> {
  const patches = new Map<string, ShapePatch>();
  for (const id of ids) {
    const shape = index.get(id);
    if (!shape || isFrame(shape)) continue;
    const bounds = moved?.(id) ?? shapeBounds(shape);
    const frame = frameAt(index, centreOf(bounds));
    const next = frame?.id;
    if (next !== shape.frameId) patches.set(id, { frameId: next });
  }
  return patches;
}

/** After a frame is drawn or resized: shapes now inside it join, members now outside leave. */
export function adoptPatches(index: ShapeIndex, frame: FrameShape): Map<string, ShapePatch> {
  const patches = new Map<string, ShapePatch>();
  const box = frameBox(frame);
  for (const shape of index.search(box)) {
    if (isFrame(shape) || shape.frameId === frame.id) continue;
    if (inside(centreOf(shapeBounds(shape)), box) && !shape.locked) patches.set(shape.id, { frameId: frame.id });
  }
  for (const id of index.ids()) {
    const shape = index.get(id);
    if (shape?.frameId === frame.id && !inside(centreOf(shapeBounds(shape)), box)) patches.set(shape.id, { frameId: undefined });
  }
  return patches;
}

/** A name for a new frame: "Frame N", the first N not taken. */
export function nextFrameName(index: ShapeIndex): string {
  const taken = new Set(framesOf(index).map((f) => f.name));
  for (let n = framesOf(index).length + 1; ; n++) if (!taken.has(`Frame ${n}`)) return `Frame ${n}`;
}
