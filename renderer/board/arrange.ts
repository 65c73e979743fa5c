/**
 * Arranging a selection: align and distribute, group and ungroup, lock and unlock. Each returns
 * the patches to write (one undo step for the caller), and leaves locked shapes as they are.
 *
 * A group acts as one: align and distribute move a group's shapes together, by the box around
 * them. Groups nest: a shape's `groupIds` lists its groups innermost first, so grouping adds an
 * outer group and ungrouping removes the outermost, as in Excalidraw.
 */
import type { Shape } from '../../protocol/board-schema';
import { newShapeId, type ShapePatch } from './board';
import { unionBounds, type Bounds } from './geometry';
import type { ShapeIndex } from './shape-index';

export const Alignment = { Left: 'left', Centre: 'centre', Right: 'right', Top: 'top', Middle: 'middle', Bottom: 'bottom' } as const;
export type Alignment = (typeof Alignment)[keyof typeof Alignment];

export const Distribution = { Horizontal: 'horizontal', Vertical: 'vertical' } as const;
export type Distribution = (typeof Distribution)[keyof typeof Distribution];

/** The group a shape is moved and selected with: its outermost one, if any. */
export function outermostGroup(shape: Shape): string | null {
  return shape.groupIds?.[shape.groupIds.length - 1] ?? null;
}

/** Every shape in a group (at any depth). */
export function groupMembers(index: ShapeIndex, groupId: string): Shape[] {
  const out: Shape[] = [];
  for (const id of index.ids()) {
    const shape = index.get(id);
    if (shape?.groupIds?.includes(groupId)) out.push(shape);
  }
  return out;
}

/** The shapes a click on `shape` selects: it, or its whole outermost group. */
export function selectionUnit(index: ShapeIndex, shape: Shape): string[] {
  const group = outermostGroup(shape);
  return group ? groupMembers(index, group).map((s) => s.id) : [shape.id];
}

interface Unit {
  shapes: Shape[];
  box: Bounds;
}

/** The selection as the things that move as one: groups, and shapes in no group. */
function units(index: ShapeIndex, ids: Iterable<string>): Unit[] {
  const byKey = new Map<string, Shape[]>();
  for (const id of ids) {
    const shape = index.get(id);
    if (!shape || shape.locked) continue;
    const key = outermostGroup(shape) ?? `shape:${shape.id}`;
    byKey.set(key, [...(byKey.get(key) ?? []), shape]);
  }
  const out: Unit[] = [];
  for (const shapes of byKey.values()) {
    const box = unionBounds(shapes.map((s) => index.bounds(s.id) as Bounds));
    if (box) out.push({ shapes, box });
  }
  return out;
}

function moveUnit(patches: Map<string, ShapePatch>, unit: Unit, dx: number, dy: number): void {
  if (Math.abs(dx) < 1e-9 && Math.abs(dy) < 1e-9) return;
  const round = (v: number): number => Math.round(v * 100) / 100;
  for (const shape of unit.shapes) patches.set(shape.id, { x: round(shape.x + dx), y: round(shape.y + dy) });
}

/** Aligns the selection's edges or centres with the box around all of it. */
export function alignPatches(index: ShapeIndex, ids: Iterable<string>, how: Alignment): Map<string, ShapePatch> {
  const all = units(index, ids);
  const patches = new Map<string, ShapePatch>();
  const box = unionBounds(all.map((u) => u.box));
  if (!box || all.length < 2) return patches;
  for (const unit of all) {
    const b = unit.box;
    const dx =
      how === Alignment.Left ? box.minX - b.minX : how === Alignment.Right ? box.maxX - b.maxX : how === Alignment.Centre ? (box.minX + box.maxX) / 2 - (b.minX + b.maxX) / 2 : 0;
    const dy =
      how === Alignment.Top ? box.minY - b.minY : how === Alignment.Bottom ? box.maxY - b.maxY : how === Alignment.Middle ? (box.minY + box.maxY) / 2 - (b.minY + b.maxY) / 2 : 0;
    moveUnit(patches, unit, dx, dy);
  }
  return patches;
}

/** Spaces the selection evenly between its first and last (three or more), keeping their order. */
export function distributePatches(index: ShapeIndex, ids: Iterable<string>, how: Distribution): Map<string, ShapePatch> {
  const all = units(index, ids);
  const patches = new Map<string, ShapePatch>();
  if (all.length < 3) return patches;
  const horizontal = how === Distribution.Horizontal;
  const start = (b: Bounds): number => (horizontal ? b.minX : b.minY);
  const end = (b: Bounds): number => (horizontal ? b.maxX : b.maxY);
  const centre = (b: Bounds): number => (start(b) + end(b)) / 2;
  all.sort((a, b) => centre(a.box) - centre(b.box));
  const first = all[0] as Unit;
  const last = all[all.length - 1] as Unit;
  const span = end(last.box) - start(first.box);
  const sizes = all.reduce((sum, u) => sum + end(u.box) - start(u.box), 0);
  const gap = (span - sizes) / (all.length - 1);
  let at = end(first.box) + gap;
  for (const unit of all.slice(1, -1)) {
    const delta = at - start(unit.box);
    moveUnit(patches, unit, horizontal ? delta : 0, horizontal ? 0 : delta);
    at += end(unit.box) - start(unit.box) + gap;
  }
  return patches;
}

/** Puts the selection (two or more shapes or groups) in a new group around them. */
export function groupPatches(index: ShapeIndex, ids: Iterable<string>): Map<string, ShapePatch> {
  const all = units(index, ids);
  const patches = new Map<string, ShapePatch>();
  if (all.length < 2) return patches;
  const group = newShapeId();
  for (const unit of all) for (const shape of unit.shapes) patches.set(shape.id, { groupIds: [...(shape.groupIds ?? []), group] });
  return patches;
}

/** Takes the selection out of its outermost groups. */
export function ungroupPatches(index: ShapeIndex, ids: Iterable<string>): Map<string, ShapePatch> {
  const patches = new Map<string, ShapePatch>();
  for (const id of ids) {
    const shape = index.get(id);
    if (!shape?.groupIds || shape.locked) continue;
    const rest = shape.groupIds.slice(0, -1);
    patches.set(id, { groupIds: rest.length > 0 ? rest : undefined });
  }
  return patches;
}

/** Locks the selection, or unlocks it when every shape in it is locked already. */
export function lockPatches(index: ShapeIndex, ids: Iterable<string>): Map<string, ShapePatch> {
  const shapes = [...ids].map((id) => index.get(id)).filter((s) => s !== undefined);
  const unlock = shapes.length > 0 && shapes.every((s) => s.locked);
  return new Map(shapes.map((s) => [s.id, { locked: unlock ? undefined : true }]));
}
