/**
 * Taking changes back out of a board: Yjs' own undo, given exactly what to undo. A document is rebuilt from the
 * history with garbage collection off (deleted content is still there), and an undo manager undoes one step holding
 * the items to delete (what was `created`) and those to bring back (what was `deleted`), both as delete-set-only
 * updates (attribution.ts). Yjs then does what it does for a person's own undo: a value someone else changed since is
 * left as they set it, text typed next to the undone text stays. The result is an update, applied to the room as a
 * change of its own; rebuilding the document is the cost (10 MB board: see bench/history).
 */
import * as Y from 'yjs';

/** The update that takes `created` and `deleted` back out of the document `parts` make, or null if it changes nothing. */
export function undoChanges(parts: readonly Uint8Array[], created: Uint8Array, deleted: Uint8Array): Uint8Array | null {
  const doc = new Y.Doc({ gc: false });
  try {
    Y.transact(doc, () => {
      for (const part of parts) Y.applyUpdate(doc, part);
    });
    const undo = new Y.UndoManager(doc, { trackedOrigins: new Set() });
    undo.undoStack.push({ insertions: Y.decodeUpdate(created).ds, deletions: Y.decodeUpdate(deleted).ds, meta: new Map() });
    const made: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => made.push(update));
    undo.undo();
    undo.destroy();
    return made.length === 0 ? null : Y.mergeUpdates(made);
  } finally {
    doc.destroy();
  }
}
