/**
 * A room's stored size without loading it: the length of its snapshot plus that of the log
 * entries after it. SQLite answers `length()` of a blob from the row header, without reading
 * the blob, so this costs well under a millisecond even for a 50 MB room (measured). The room
 * registry asks it before loading, to load large rooms straight into a worker thread.
 */
import Database from 'better-sqlite3';

export class RoomSizes {
  private db: Database.Database | null = null;
  private query: Database.Statement<{ room: string }, { bytes: number }> | null = null;

  constructor(private readonly file: string) {}

  /** Bytes stored for `room` (0 for a new one). */
  storedBytes(room: string): number {
    // Opened on first use, read-only: the database exists by then (the server's storage made it).
    this.db ??= new Database(this.file, { readonly: true, fileMustExist: true });
    this.query ??= this.db.prepare<{ room: string }, { bytes: number }>(
      `SELECT COALESCE((SELECT length(data) FROM snapshots WHERE room = @room), 0)
            + COALESCE((SELECT sum(length(data)) FROM updates
                        WHERE room = @room AND seq > COALESCE((SELECT upto_seq FROM snapshots WHERE room = @room), 0)), 0) AS bytes`,
    );
    return this.query.get({ room })?.bytes ?? 0;
  }

  close(): void {
    this.db?.close();
    this.db = null;
    this.query = null;
  }
}
