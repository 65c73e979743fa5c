import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ShapeType } from '../../protocol/board-schema';
import { Board } from '../board/board';
import { copyFromVersion, restoreVersion } from './restore';
import { ChangeKind, countChanges, diffShapes, shapesOf } from './version-diff';

const rect = { type: ShapeType.Rect, x: 0, y: 0, rotation: 0, opacity: 1, w: 100, h: 50, color: '#1e1e1e', fill: 'transparent', width: 2 } as const;
const note = { type: ShapeType.Sticky, x: 0, y: 0, rotation: 0, opacity: 1, w: 200, h: 200, color: '#1e1e1e', fill: '#ffec99', fontSize: 20, text: 'Plan' } as const;

/** A board and a copy of it as it is now: the "version". */
function boardWithVersion(): { board: Board; version: () => Y.Doc; ids: string[] } {
  const board = new Board(new Y.Doc());
  const ids = board.create([{ ...rect, x: 10 }, { ...note, x: 300 }, { ...rect, x: 600 }]);
  const snapshot = Y.encodeStateAsUpdate(board.doc);
  return {
    board,
    ids,
    version: () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, snapshot);
      return doc;
    },
  };
}

describe('restoring a version', () => {
  it('brings back deleted shapes with their ids, removes added ones, and sets changed fields back', () => {
    const { board, version, ids } = boardWithVersion();
    const [a, b, c] = ids as [string, string, string];
    board.delete([a]);
    board.update(new Map([[c, { x: 999, color: '#e03131' }]]));
    board.update(new Map([[b, { text: 'Plan changed' }]]));
    const [added] = board.create([{ ...rect, x: 2000 }]);
    const result = restoreVersion(board, version());
    expect(result).toEqual({ added: 1, removed: 1, changed: 2 });
    expect(board.all().map((s) => s.id).sort()).toEqual([...ids].sort());
    expect(board.get(c)).toMatchObject({ x: 600, color: '#1e1e1e' });
    expect(board.get(b)).toMatchObject({ text: 'Plan' });
    expect(board.get(added as string)).toBeNull();
    expect(diffShapes(shapesOf(version()), shapesOf(board.doc)).size).toBe(0);
  });

  it('is one undo step of this person, which takes the restore back out', () => {
    const { board, version, ids } = boardWithVersion();
    board.delete(ids);
    restoreVersion(board, version());
    expect(board.size).toBe(3);
    board.history.undo();
    expect(board.size).toBe(0);
    board.history.redo();
    expect(board.size).toBe(3);
  });
});

describe('copying from a version', () => {
  it('adds copies on top, in place, as new shapes', () => {
    const { board, version, ids } = boardWithVersion();
    board.delete([ids[0] as string]);
    const old = shapesOf(version());
    const copies = copyFromVersion(board, version(), [old.get(ids[0] as string)!, old.get(ids[1] as string)!]);
    expect(copies).toHaveLength(2);
    expect(copies).not.toContain(ids[0]);
    expect(board.get(copies[0] as string)).toMatchObject({ type: ShapeType.Rect, x: 10 });
    expect(board.size).toBe(4);
  });
});

describe('what changed since a version', () => {
  it('names shapes added, removed, moved and changed', () => {
    const { board, version, ids } = boardWithVersion();
    const [a, b, c] = ids as [string, string, string];
    board.delete([a]);
    board.update(new Map([[b, { x: 350 }]]));
    board.update(new Map([[c, { color: '#e03131' }]]));
    const [d] = board.create([{ ...rect, x: 2000 }]);
    const changes = diffShapes(shapesOf(version()), shapesOf(board.doc));
    expect(changes.get(a)?.kind).toBe(ChangeKind.Removed);
    expect(changes.get(b)?.kind).toBe(ChangeKind.Moved);
    expect(changes.get(c)?.kind).toBe(ChangeKind.Changed);
    expect(changes.get(d as string)?.kind).toBe(ChangeKind.Added);
    expect(countChanges(changes)).toEqual({ added: 1, removed: 1, moved: 1, changed: 1 });
  });
});
