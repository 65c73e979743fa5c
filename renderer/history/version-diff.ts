/**
 * What changed between a version and the board now, shape by shape, for the preview's highlights: shapes added since
 * (on the board now, not in the version), removed since (in the version, gone now), moved (placed or sized
 * differently) and otherwise changed (text, colour, points). Shapes are compared as the schema reads them.
 */
import * as Y from 'yjs';
import { readShape, shapesMap, type Shape } from '../../protocol/board-schema';

export const ChangeKind = { Added: 'added', Removed: 'removed', Moved: 'moved', Changed: 'changed' } as const;
export type ChangeKind = (typeof ChangeKind)[keyof typeof ChangeKind];

export interface ShapeChange {
  kind: ChangeKind;
  /** The shape in the version (null for one added since). */
  then: Shape | null;
  /** The shape now (null for one removed since). */
  now: Shape | null;
}

/** Every valid shape of a document, by id. */
export function shapesOf(doc: Y.Doc): Map<string, Shape> {
  const shapes = new Map<string, Shape>();
  for (const [id, fields] of shapesMap(doc)) {
    const read = readShape(id, fields);
    if (read.ok) shapes.set(id, read.shape);
  }
  return shapes;
}

const PLACEMENT = ['x', 'y', 'rotation', 'w', 'h'] as const;

function placed(shape: Shape): string {
  const record = shape as unknown as Record<string, unknown>;
  return JSON.stringify(PLACEMENT.map((key) => record[key] ?? null));
}

function content(shape: Shape): string {
  const record = { ...(shape as unknown as Record<string, unknown>) };
  for (const key of PLACEMENT) delete record[key];
  delete record.z;
  return JSON.stringify(record);
}

export function diffShapes(then: ReadonlyMap<string, Shape>, now: ReadonlyMap<string, Shape>): Map<string, ShapeChange> {
  const changes = new Map<string, ShapeChange>();
  for (const [id, old] of then) {
    const current = now.get(id) ?? null;
    if (!current) changes.set(id, { kind: ChangeKind.Removed, then: old, now: null });
    else if (placed(old) !== placed(current)) changes.set(id, { kind: ChangeKind.Moved, then: old, now: current });
    else if (content(old) !== content(current)) changes.set(id, { kind: ChangeKind.Changed, then: old, now: current });
  }
  for (const [id, current] of now) if (!then.has(id)) changes.set(id, { kind: ChangeKind.Added, then: null, now: current });
  return changes;
}

export function countChanges(changes: ReadonlyMap<string, ShapeChange>): Record<ChangeKind, number> {
  const counts: Record<ChangeKind, number> = { added: 0, removed: 0, moved: 0, changed: 0 };
  for (const change of changes.values()) counts[change.kind]++;
  return counts;
}
