/**
 * How a room's log becomes its snapshot. `Y.mergeUpdates` keeps every update's items apart: a stroke drawn as 2,000
 * updates stays 2,000 items, and loading it has Yjs join them back one at a time, copying the growing array of points
 * each time. Encoding a document built from the updates writes each run of joined items once: on a board of two
 * 2,185-point strokes (`bench/server`, propagation) the merge was 80 KB in 4,010 structs and loaded in 73 ms; encoded,
 * 44 KB in 14 structs, loaded in 1 ms. Building the document costs ~7x the encoded size while it lasts, so rooms larger
 * than SNAPSHOT_ENCODE_MAX_BYTES keep the merge; their slow load is bounded by stroke length (the app ends one at 5,000).
 */
import * as Y from 'yjs';
import { SNAPSHOT_ENCODE_MAX_BYTES } from '../constants';

/** The state of `parts` (a snapshot and the log after it) as one update; Yjs encodes pending updates too, so none drops. */
export function encodeSnapshot(parts: readonly Uint8Array[], maxBytes = SNAPSHOT_ENCODE_MAX_BYTES): Uint8Array {
  if (parts.reduce((sum, part) => sum + part.length, 0) > maxBytes) return Y.mergeUpdates(parts as Uint8Array[]);
  const doc = new Y.Doc();
  try {
    Y.transact(doc, () => {
      for (const part of parts) Y.applyUpdate(doc, part);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
