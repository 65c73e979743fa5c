/**
 * Where rooms keep their documents. A room's state is an append-only log of Yjs updates plus,
 * after compaction, one snapshot that replaces the log entries it covers. The interface is
 * asynchronous so that a networked backend (PostgreSQL, Redis) can implement it; the embedded
 * SQLite backend completes small writes synchronously and stores large ones chunk by chunk.
 */
export interface Storage {
  /** Every stored update of the room (snapshot first), in order; empty for a new room. */
  loadRoom(room: string): Promise<Uint8Array[]>;
  /** Durably appends one update. Resolves only once the update would survive a crash. */
  appendUpdate(room: string, update: Uint8Array): Promise<void>;
  /**
   * Optional fast path: appends `update` durably before returning, if that can be done at once
   * (nothing queued, no lock to wait for), and returns true. Returns false without writing
   * anything when it cannot; the caller then uses `appendUpdate`. Throws if the write failed.
   */
  appendNow?(room: string, update: Uint8Array): boolean;
  /** Merges the room's log into one snapshot. Safe to call while the room is in use. */
  compactRoom(room: string): Promise<void>;
  /**
   * Optional fast path for a caller that holds the room's document: makes `encodeState()` (an
   * update holding the whole document) the room's snapshot in place of the snapshot and every
   * log entry, before returning, and returns true (also when there was nothing to merge, without
   * calling `encodeState`). The caller guarantees that the document holds every stored update
   * of the room and that none of the room's appends is pending. Returns false without writing
   * when it cannot do it now; the caller then uses `compactRoom`.
   */
  compactFrom?(room: string, encodeState: () => Uint8Array): boolean;
  /** The room's invite-link generation: 0 until its links are first revoked. */
  linkGeneration(room: string): Promise<number>;
  /** Revokes every invite link of the room; resolves to the new generation. */
  revokeLinks(room: string): Promise<number>;
  /** Bytes the backend holds for every room (updates, snapshots, links), for the data limit. */
  dataBytes(): Promise<number>;
  /** Flushes and releases the backend. */
  close(): Promise<void>;
}
