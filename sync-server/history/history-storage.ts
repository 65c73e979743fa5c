/**
 * The history half of the Storage interface (storage/storage.ts), which every backend implements (SQLite:
 * sqlite-history.ts; memory: memory-history.ts; PostgreSQL the same way). Each appended update carries its author
 * (`appendUpdate`). A version marks a position in a room's log (its `seq`: positions only grow, across compactions too).
 * Compaction, besides the snapshot, folds the log into history segments cut at every version (`foldLog`, segments.ts:
 * pure, for every backend), in the transaction that swaps the snapshot in, so the state at a version is the segments
 * and log entries up to its position, applied in order. The room's first segment stands for everything before history
 * was kept: a snapshot from before, or what pruning merged (`encodeSnapshot`).
 */
import type { VersionInfo } from '../../protocol/history';
import type { HistoryRead, PruneLimits, VersionList } from './segments';

export interface HistoryStorage {
  /**
   * Marks a version where the room's log ends now (after every append asked for before), made at `at` (ms), with the
   * authors of the changes since the previous version. Resolves to it; null when nothing was stored since the last
   * version: then an unnamed one is not made, and a name is given to that last version instead (resolving to it).
   */
  addVersion(room: string, at: number, name: string | null): Promise<VersionInfo | null>;
  /** The room's versions oldest first, the position of its newest change, what was pruned, its history's bytes. */
  listVersions(room: string): Promise<VersionList>;
  /** What rebuilds the room up to position `upto` (null: all of it): its segments, then the log entries after them. */
  readHistory(room: string, upto: number | null): Promise<HistoryRead>;
  /**
   * Forgets versions by `limits` (retention.ts `pruneCut` decides where to cut): the segments up to the cut become one,
   * the state there, marked as pruned, and the versions up to it go. `room` null: every room, by age alone. Resolves to
   * how many versions were forgotten.
   */
  pruneHistory(room: string | null, limits: PruneLimits): Promise<number>;
}
