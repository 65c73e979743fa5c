/**
 * Where a board's history comes from, for the History panel: the sync server's history API for a shared board
 * (collab/history-api-client.ts), or the versions a local board keeps in its file (local-history.ts). Both give
 * versions as positions in a list of stored changes (protocol/history.ts), so one builder makes any version from
 * either (version-docs.ts).
 */
import type { HistoryAuthor, HistoryChangeResponse, HistoryListResponse, HistoryPart, VersionInfo } from '../../protocol/history';

export type HistoryListing = Pick<HistoryListResponse, 'versions' | 'head' | 'pruned' | 'limits'>;

export type HistoryResult<T> = { ok: true; value: T } | { ok: false; error: string };

export interface HistorySource {
  /** Where this history is kept, for the panel's footnote ("Kept by the server", "Kept in this board's file"). */
  readonly where: string;
  /** Whether this user may name versions, restore and revert (viewers may only look). */
  canEdit(): boolean;
  list(): Promise<HistoryResult<HistoryListing>>;
  /** The stored changes ending after `after` (0: all), oldest first. */
  parts(after: number): Promise<HistoryResult<HistoryPart[]>>;
  /** Names the board as it is now. */
  nameVersion(name: string): Promise<HistoryResult<VersionInfo>>;
  /** Takes out what `author` changed since a version, for everyone; null where nobody else edits (a local board). */
  readonly revert: ((version: number, author: string, by: HistoryAuthor) => Promise<HistoryResult<HistoryChangeResponse>>) | null;
  /** Calls `listener` when versions may have changed (a version made, named, or forgotten). */
  onChange(listener: () => void): () => void;
}
