/**
 * Where rooms keep their documents: an append-only log of Yjs updates per room, each with its author, plus, after
 * compaction, one snapshot that replaces the entries it covers; each room's invite-link generation; and its history
 * (history/history-storage.ts). Asynchronous, so that SQLite (in a thread of its own) and PostgreSQL fit the same way.
 */
import type { HistoryAuthor } from '../../protocol/history';
import type { HistoryStorage } from '../history/history-storage';

export type { HistoryRead, PruneLimits, VersionList } from '../history/segments';

export interface Storage extends HistoryStorage {
  /** Every stored update of the room (snapshot first), in order; empty for a new room. */
  loadRoom(room: string): Promise<Uint8Array[]>;
  /**
   * Durably appends one update, with who made it (null: the server, or a client without presence): resolves once it
   * would survive a crash. A room's appends complete in order.
   */
  appendUpdate(room: string, update: Uint8Array, author?: HistoryAuthor | null): Promise<void>;
  /** Merges the room's log into its snapshot and its history: the one compaction path. Safe at any time; never loses or doubles an update. */
  compactRoom(room: string): Promise<void>;
  /** The room's invite-link generation: 0 until its links are first revoked. */
  linkGeneration(room: string): Promise<number>;
  /** Revokes every invite link of the room; resolves to the new generation. */
  revokeLinks(room: string): Promise<number>;
  /** Bytes the backend holds for every room (updates, snapshots, links, history), for the data limit. */
  dataBytes(): Promise<number>;
  /** Finishes what was asked and releases the backend. */
  close(): Promise<void>;
}
