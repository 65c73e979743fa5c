/**
 * A room's stored size without loading it: the length of its snapshot plus that of the log
 * entries after it; a chunked blob (blob-chunks.ts) counts with the length kept in its `blobs`
 * row. SQLite answers `length()` of a blob from the row header, without reading the blob, so this
 * costs well under a millisecond even for a 50 MB room (measured). The room registry asks it
 * (through `SqliteStorage.roomBytes`) before loading, to load large rooms straight into a
 * worker thread.
 */
import type Database from 'better-sqlite3';
import { statement } from './blob-chunks';

/** Bytes stored for `room` (0 for a new one). */
export function readRoomBytes(db: Database.Database, room: string): number {
  const query = statement<[{ room: string }], { bytes: number }>(
    db,
    `SELECT COALESCE((SELECT length(data) FROM snapshots WHERE room = @room), 0)
          + COALESCE((SELECT bytes FROM blobs WHERE snapshot_room = @room), 0)
          + COALESCE((SELECT sum(length(u.data) + COALESCE(b.bytes, 0)) FROM updates u
                      LEFT JOIN blobs b ON b.update_seq = u.seq
                      WHERE u.room = @room AND u.seq > COALESCE((SELECT upto_seq FROM snapshots WHERE room = @room), 0)), 0) AS bytes`,
  );
  return query.get({ room })?.bytes ?? 0;
}
