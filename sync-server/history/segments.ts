/**
 * History segments: how a room's log is kept once compacted. Compaction (storage) folds the log's entries into
 * segments that end at every version, so the state at a version is the segments up to it, applied in order. A segment
 * is its entries merged as bytes (`Y.mergeUpdates`, ~4 µs an update): a document of the entries alone cannot join
 * them, since every client's clocks in it start past 0 and Yjs holds such structs pending (~170 µs an update). Each
 * segment keeps who created and deleted what (attribution.ts), and deleted content, for a later revert.
 */
import * as Y from 'yjs';
import type { HistoryPruned, VersionInfo } from '../../protocol/history';
import { attribute, authorsOf, encodeShares, type Author } from './attribution';

/** A log entry as storage holds it until it is folded. */
export interface LogEntry { seq: number; data: Uint8Array; author: Author | null }

/** The changes after the previous segment up to log position `seq`, and who created and deleted what in them. */
export interface StoredSegment { seq: number; data: Uint8Array; shares: Uint8Array }

/** A segment as folding makes it: with its authors, which versions list. */
export interface Segment extends StoredSegment { authors: Author[] }

/** What rebuilds a room up to a position (storage `readHistory`): segments, then log entries not folded yet. */
export interface HistoryRead { segments: StoredSegment[]; log: LogEntry[] }

/** A room's versions, oldest first, the position of its newest change, and its history's size in bytes. */
export interface VersionList { versions: VersionInfo[]; head: number; pruned: HistoryPruned | null; bytes: number }

/** What to forget (storage `pruneHistory`): versions made before `before` (ms), and the oldest while over `maxBytes`. */
export interface PruneLimits { before: number | null; maxBytes: number | null; now: number }

export function segmentOf(entries: readonly LogEntry[]): Segment {
  const shares = attribute(entries);
  return {
    seq: (entries[entries.length - 1] as LogEntry).seq,
    data: entries.length === 1 ? (entries[0] as LogEntry).data : Y.mergeUpdates(entries.map((entry) => entry.data)),
    shares: encodeShares(shares),
    authors: authorsOf(shares.map((share) => share.author)),
  };
}

/** The log (in order) cut at each of `versions` (log positions) and after its last entry, one segment per piece. */
export function foldLog(log: readonly LogEntry[], versions: readonly number[]): Segment[] {
  const cuts = new Set(versions);
  const segments: Segment[] = [];
  let piece: LogEntry[] = [];
  for (const entry of log) {
    piece.push(entry);
    if (cuts.has(entry.seq)) {
      segments.push(segmentOf(piece));
      piece = [];
    }
  }
  if (piece.length > 0) segments.push(segmentOf(piece));
  return segments;
}
