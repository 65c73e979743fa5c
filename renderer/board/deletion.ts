/**
 * Deleting shapes, as one undo step, with what depends on them kept sensible: connectors bound
 * to them stay where they are drawn (connector-edits.ts), and shapes in a deleted frame stay on
 * the board, in no frame. Deleting a frame with what is in it is the caller's choice
 * (`withFrameContents`), as the Delete key makes it, like Excalidraw and tldraw.
 */
import type { Board, ShapePatch } from './board';
import { releasePatches } from './connector-edits';
import { isFrame, membersOf } from './frames';
import type { ShapeIndex } from './shape-index';

/** The ids with the (unlocked) shapes inside any frames among them. */
export function withFrameContents(index: ShapeIndex, ids: Iterable<string>): Set<string> {
  const out = new Set(ids);
  for (const id of [...out]) if (isFrame(index.get(id))) for (const member of membersOf(index, id)) if (!member.locked) out.add(member.id);
  return out;
}

export function deleteShapes(board: Board, index: ShapeIndex, ids: Iterable<string>, continues = false): void {
  const doomed = new Set(ids);
  if (doomed.size === 0) return;
  const survivors = [...index.connectorsBoundTo(doomed)].filter((id) => !doomed.has(id));
  const patches: Map<string, ShapePatch> = releasePatches(index, survivors, (shapeId) => doomed.has(shapeId));
  for (const id of doomed) {
    if (!isFrame(index.get(id))) continue;
    for (const member of membersOf(index, id)) if (!doomed.has(member.id)) patches.set(member.id, { ...patches.get(member.id), frameId: undefined });
  }
  board.transact(() => {
    if (patches.size > 0) board.update(patches, true);
    board.delete(doomed, true);
  }, continues);
}
