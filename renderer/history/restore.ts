/**
 * Restore and Copy: bringing an old version back into the board as a change of this person's, one undo step, which
 * everyone sees as any edit. Restore makes the board's shapes what they were in the version: shapes added since are
 * deleted, shapes removed since come back with their ids (so connectors bound to them reconnect), and every field that
 * changed is set back (texts by difference, so nothing is retyped). Copy takes some of the version's shapes in as new
 * shapes on top (clipboard.ts's paste), keeping their places.
 */
import * as Y from 'yjs';
import { assetsMap } from '../../protocol/board-assets';
import { shapesMap, type Shape } from '../../protocol/board-schema';
import { applyTextChange } from '../../protocol/board-text';
import type { Board } from '../board/board';
import { pasteContent } from '../board/clipboard';
import { readAsset } from '../../protocol/board-assets';

export interface RestoreResult {
  added: number;
  removed: number;
  changed: number;
}

/** A value as a new document holds it: Yjs types copied (a type can live in one document only), the rest as it is. */
function copyValue(value: unknown): unknown {
  if (value instanceof Y.Text) return new Y.Text(value.toString());
  if (value instanceof Y.Array) {
    const copy = new Y.Array<unknown>();
    copy.push(value.toArray().map(copyValue));
    return copy;
  }
  if (value instanceof Y.Map) {
    const copy = new Y.Map<unknown>();
    for (const [key, inner] of value) copy.set(key, copyValue(inner));
    return copy;
  }
  return value;
}

function plain(value: unknown): unknown {
  return value instanceof Y.AbstractType ? value.toJSON() : value;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return JSON.stringify(plain(a)) === JSON.stringify(plain(b)) && (a instanceof Y.Text) === (b instanceof Y.Text);
}

/** Sets `target`'s fields to `source`'s; returns whether anything changed. */
function matchFields(target: Y.Map<unknown>, source: Y.Map<unknown>): boolean {
  let changed = false;
  for (const key of [...target.keys()]) {
    if (source.has(key)) continue;
    target.delete(key);
    changed = true;
  }
  for (const [key, value] of source) {
    const existing = target.get(key);
    if (same(existing, value)) continue;
    if (existing instanceof Y.Text && value instanceof Y.Text) applyTextChange(existing, value.toString());
    else target.set(key, copyValue(value));
    changed = true;
  }
  return changed;
}

/** Makes the board what `version` holds, as this person's one undo step. */
export function restoreVersion(board: Board, version: Y.Doc): RestoreResult {
  const result: RestoreResult = { added: 0, removed: 0, changed: 0 };
  const then = shapesMap(version);
  board.transact(() => {
    for (const id of [...board.shapes.keys()]) {
      if (then.has(id)) continue;
      board.shapes.delete(id);
      result.removed++;
    }
    for (const [id, fields] of then) {
      const current = board.shapes.get(id);
      if (!(fields instanceof Y.Map)) continue;
      if (!(current instanceof Y.Map)) {
        board.shapes.set(id, copyValue(fields) as Y.Map<unknown>);
        result.added++;
      } else if (matchFields(current, fields)) result.changed++;
    }
    // Images the restored shapes show; images nothing shows any more stay, harmlessly.
    for (const [id, fields] of assetsMap(version)) if (!board.assets.has(id) && fields instanceof Y.Map) board.assets.set(id, copyValue(fields) as Y.Map<unknown>);
  });
  return result;
}

/** Copies `shapes` (bottom to top) of `version` into the board as new shapes on top, in place; returns their ids. */
export function copyFromVersion(board: Board, version: Y.Doc, shapes: readonly Shape[]): string[] {
  const assets = [...new Set(shapes.flatMap((shape) => (shape.type === 'image' ? [shape.assetId] : [])))]
    .map((id) => readAsset(id, assetsMap(version).get(id)))
    .flatMap((read) => (read.ok ? [read.asset] : []));
  const copied = shapes.map(({ id, z: _z, ...rest }) => ({ ...rest, sourceId: id }));
  return pasteContent(board, { shapes: copied, assets }, { offset: { x: 0, y: 0 } });
}
