/**
 * How a room's log becomes its snapshot. `Y.mergeUpdates` keeps every update's items apart: a
 * pen stroke drawn as 2,000 updates stays 2,000 items in the merged bytes, and whoever loads it
 * has Yjs join them back one at a time, copying the growing array of points each time. Encoding
 * a document built from the same updates writes each run of joined items once. Measured on a
 * benchmark board of two 2,185-point strokes (`bench/server`, propagation): the merged snapshot
 * was 80 KB in 4,010 structs and took 73 ms to load; encoded from a document it is 44 KB in 14
 * structs and loads in 1 ms. Loading is what a room worker does when a room grows past the
 * large-room threshold, and what the serving thread does for every room it opens.
 *
 * Building the document costs memory while it lasts, about seven times the encoded size, so
 * rooms larger than SNAPSHOT_ENCODE_MAX_BYTES keep the merge of their bytes. For them the slow
 * load is bounded by stroke length: the app ends a stroke at 5,000 points.
 */
import * as Y from 'yjs';
import { SNAPSHOT_ENCODE_MAX_BYTES } from '../constants';

/**
 * The state of `parts` (a snapshot and the log after it, in order) as one update. Updates whose
 * dependencies are missing stay pending in the document, and Yjs writes pending updates into
 * the encoding too, so nothing is dropped.
 */
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
