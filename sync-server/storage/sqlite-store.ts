/**
 * The rooms on one SQLite connection (sqlite-schema.ts), synchronously: one connection does every write, so none waits
 * for another's lock. Compaction, the one way a log becomes a snapshot: read the snapshot and the log, merge them, and in
 * one transaction put the merge in and delete exactly the entries it covers. Nothing runs between read and swap on this
 * connection, and later appends have higher sequence numbers, so no append is lost or doubled.
 */
import type Database from 'better-sqlite3';
import { openDatabase } from './sqlite-schema';
import { encodeSnapshot } from './snapshot-encoding';

function view(data: Buffer): Uint8Array { return new Uint8Array(data.buffer, data.byteOffset, data.byteLength); }

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class SqliteStore {
  private readonly db: Database.Database;
  private readonly append: Database.Statement<[string, Buffer]>;
  private readonly snapshot: Database.Statement<[string], { data: Buffer; upto_seq: number }>;
  private readonly log: Database.Statement<[string, number], { seq: number; data: Buffer }>;

  constructor(readonly file: string) {
    this.db = openDatabase(file);
    this.append = this.db.prepare('INSERT INTO updates (room, data) VALUES (?, ?)');
    this.snapshot = this.db.prepare('SELECT data, upto_seq FROM snapshots WHERE room = ?');
    this.log = this.db.prepare('SELECT seq, data FROM updates WHERE room = ? AND seq > ? ORDER BY seq');
  }

  /** The snapshot (if any), then the log after it, as of one moment. */
  loadRoom(room: string): Uint8Array[] {
    return this.db.transaction(() => {
      const snapshot = this.snapshot.get(room);
      const log = this.log.all(room, snapshot?.upto_seq ?? 0).map((row) => view(row.data));
      return snapshot ? [view(snapshot.data), ...log] : log;
    })();
  }

  /** Appends updates (of any rooms), in order, in one transaction. */
  appendAll(entries: ReadonlyArray<readonly [room: string, update: Uint8Array]>): void {
    this.db.transaction(() => {
      for (const [room, update] of entries) this.append.run(room, asBuffer(update));
    })();
  }

  /** Merges the room's log into its snapshot; returns how many entries it merged. */
  compactRoom(room: string): number {
    const { snapshot, log } = this.db.transaction(() => {
      const found = this.snapshot.get(room);
      return { snapshot: found, log: this.log.all(room, found?.upto_seq ?? 0) };
    })();
    if (log.length === 0 || (log.length === 1 && !snapshot)) return 0;
    const parts = log.map((row) => view(row.data));
    if (snapshot) parts.unshift(view(snapshot.data));
    const merged = asBuffer(encodeSnapshot(parts));
    const upto = (log[log.length - 1] as { seq: number }).seq;
    this.db.transaction(() => {
      this.db.prepare('INSERT OR REPLACE INTO snapshots (room, data, upto_seq) VALUES (?, ?, ?)').run(room, merged, upto);
      this.db.prepare('DELETE FROM updates WHERE room = ? AND seq <= ?').run(room, upto);
    }).immediate();
    return log.length;
  }

  linkGeneration(room: string): number {
    return this.db.prepare<[string], { generation: number }>('SELECT generation FROM link_generations WHERE room = ?').get(room)?.generation ?? 0;
  }

  revokeLinks(room: string): number {
    const sql =
      'INSERT INTO link_generations (room, generation) VALUES (?, 1) ON CONFLICT (room) DO UPDATE SET generation = generation + 1 RETURNING generation';
    return this.db.prepare<[string], { generation: number }>(sql).get(room)?.generation ?? 1;
  }

  /** Pages in use (the file's pages less its free list): what the rooms hold, without the WAL. */
  dataBytes(): number {
    const pragma = (name: string): number => this.db.pragma(name, { simple: true }) as number;
    return (pragma('page_count') - pragma('freelist_count')) * pragma('page_size');
  }

  close(): void { if (this.db.open) this.db.close(); }
}
