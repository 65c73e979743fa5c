/** Which parts of the board a transaction changed: shape ids, or a root type's own marker. */
import type * as Y from 'yjs';

/** A change outside the shapes map (the board's metadata, say). */
export const OTHER_PART = 'board';

export function changedParts(transaction: Y.Transaction, shapes: Y.AbstractType<unknown>): Set<string> {
  const parts = new Set<string>();
  for (const [type, keys] of transaction.changed) {
    if ((type as Y.AbstractType<unknown>) === shapes) {
      for (const key of keys) if (key !== null) parts.add(key);
      continue;
    }
    // A change inside a shape (its points, its fields): climb to the shape's own entry.
    let item = type._item;
    while (item && item.parent !== shapes) item = (item.parent as Y.AbstractType<unknown> | null)?._item ?? null;
    parts.add(item?.parentSub ?? OTHER_PART);
  }
  return parts;
}
