/**
 * Where rooms keep their documents: an append-only log of Yjs updates per room plus, after compaction, one snapshot that
 * replaces the entries it covers; each room's invite-link generation; and its history. Asynchronous, so that SQLite (in
 * a thread of its own) and PostgreSQL fit the same way.
 *
 * History (sync-server/history/, docs/PROTOCOL.md §19). Each appended update carries its author. A version marks a
 * position in the room's log (its `seq`: positions grow, across compactions too). Compaction, besides the snapshot,
 * folds the log into history segments cut at every version (`foldLog` in history/segments.ts: pure, for every
 * backend), so the state at a version is the segments and log entries up to its position, applied in order. The room's
 * first segment stands for everything before history was kept (a snapshot from before, or what pruning merged).
 */
import type { HistoryAuthor, HistoryPruned, VersionInfo } from '../../protocol/history';
import type { StoredSegment } from '../history/segments';
import type { LogEntry } from '../history/segments';

/** A room's versions, oldest first, the position of its newest change, and what its history holds. */
export interface VersionList {
  versions: VersionInfo[];
  head: number;
  pruned: HistoryPruned | null;
  /** Bytes of the room's history segments. */
  bytes: number;
}

/** What rebuilds a room up to a position: segments, then log entries not folded yet, oldest first. */
export interface HistoryRead { segments: StoredSegment[]; log: LogEntry[] }

/** What to forget: versions made before `before` (ms since the epoch), and the oldest while over `maxBytes`. */
export interface PruneLimits { before: number | null; maxBytes: number | null; now: number }

export interface Storage {
  /** Every stored update of the room (snapshot first), in order; empty for a new room. */
  loadRoom(room: string): Promise<Uint8Array[]>;
  /**
   * Durably appends one update, with who made it (null: the server, or a client without presence): resolves once it
   * would survive a crash. A room's appends complete in order.
   */
  appendUpdate(room: string, update: Uint8Array, author?: HistoryAuthor | null): Promise<void>;
  /**
   * Merges the room's log into its snapshot, and folds it into history segments cut at the room's versions: the one
   * compaction path. Safe at any time; never loses or doubles an update.
   */
  compactRoom(room: string): Promise<void>;
  /** The room's invite-link generation: 0 until its links are first revoked. */
  linkGeneration(room: string): Promise<number>;
  /** Revokes every invite link of the room; resolves to the new generation. */
  revokeLinks(room: string): Promise<number>;
  /** Bytes the backend holds for every room (updates, snapshots, links, history), for the data limit. */
  dataBytes(): Promise<number>;
  /**
   * Marks a version where the room's log ends now (after every append asked for before), made at `at` (ms), with the
   * authors of the changes since the previous version. Resolves to it; null when nothing was stored since the last
   * version: then an unnamed one is not made, and a name is given to that last version instead (resolving to it).
   */
  addVersion(room: string, at: number, name: string | null): Promise<VersionInfo | null>;
  listVersions(room: string): Promise<VersionList>;
  /** What rebuilds the room up to position `upto` (null: all of it). */
  readHistory(room: string, upto: number | null): Promise<HistoryRead>;
  /**
   * Forgets versions by `limits` (history/retention.ts `pruneCut` decides which): the segments up to the oldest kept
   * version become one, the state there (`encodeSnapshot`), marked as pruned. `room` null: every room, by age alone.
   * Resolves to how many versions were forgotten.
   */
  pruneHistory(room: string | null, limits: PruneLimits): Promise<number>;
  /** Finishes what was asked and releases the backend. */
  close(): Promise<void>;
}
