/**
 * The rooms on one SQLite connection (sqlite-schema.ts), synchronously: one connection does every write, so none waits
 * for another's lock. Compaction, the one way a log becomes a snapshot: read the snapshot and the log, merge them, fold
 * the log into history segments at the room's versions (history/segments.ts), and in one transaction put both in and
 * delete exactly the entries they cover. Nothing runs between read and swap on this connection, and later appends have
 * higher sequence numbers, so no append is lost or doubled. The store is a `SqliteHistory` (history/sqlite-history.ts)
 * too: the versions and history segments are on the same connection.
 */
import type Database from 'better-sqlite3';
import type { HistoryAuthor } from '../../protocol/history';
import { readAuthor, writeAuthor } from '../history/attribution';
import { foldLog } from '../history/segments';
import { SqliteHistory, asBuffer, view } from '../history/sqlite-history';
import { openDatabase } from './sqlite-schema';
import { encodeSnapshot } from './snapshot-encoding';

type LogRow = { seq: number; data: Buffer; author: string | null };

export class SqliteStore extends SqliteHistory {
  private readonly append: Database.Statement<[string, Buffer, string | null]>;
  private readonly snapshot: Database.Statement<[string], { data: Buffer; upto_seq: number }>;
  private readonly log: Database.Statement<[string, number], LogRow>;

  constructor(readonly file: string) {
    super(openDatabase(file));
    this.append = this.db.prepare('INSERT INTO updates (room, data, author) VALUES (?, ?, ?)');
    this.snapshot = this.db.prepare('SELECT data, upto_seq FROM snapshots WHERE room = ?');
    this.log = this.db.prepare('SELECT seq, data, author FROM updates WHERE room = ? AND seq > ? ORDER BY seq');
    // Made once: building a transaction function (defineProperties) was ~15% of the storage thread per append (perf, fan-out).
    this.appendAll = this.db.transaction((entries) => {
      for (const [room, update, author] of entries) this.append.run(room, asBuffer(update), writeAuthor(author ?? null));
    });
  }

  /** The snapshot (if any), then the log after it, as of one moment. */
  loadRoom(room: string): Uint8Array[] {
    return this.db.transaction(() => {
      const snapshot = this.snapshot.get(room);
      const log = this.log.all(room, snapshot?.upto_seq ?? 0).map((row) => view(row.data));
      return snapshot ? [view(snapshot.data), ...log] : log;
    })();
  }

  /** Appends updates (of any rooms), each with its author, in order, in one transaction. */
  readonly appendAll: (entries: ReadonlyArray<readonly [room: string, update: Uint8Array, author?: HistoryAuthor | null]>) => void;

  /** Merges the room's log into its snapshot and its history. */
  compactRoom(room: string): void {
    const { snapshot, log, upto, plan } = this.db.transaction(() => {
      const found = this.snapshot.get(room);
      const entries = this.log.all(room, found?.upto_seq ?? 0);
      const last = entries[entries.length - 1]?.seq ?? 0;
      return { snapshot: found, log: entries, upto: last, plan: this.foldPlan(room, found?.upto_seq ?? 0, last) };
    })();
    if (log.length === 0 || (log.length === 1 && !snapshot)) return;
    const parts = log.map((row) => view(row.data));
    if (snapshot) parts.unshift(view(snapshot.data));
    const merged = asBuffer(encodeSnapshot(parts));
    const segments = foldLog(log.map((row) => ({ seq: row.seq, data: view(row.data), author: readAuthor(row.author) })), plan.cuts);
    // A room compacted before history was kept: its old snapshot is where its history starts.
    const base = !plan.started && snapshot ? { seq: snapshot.upto_seq, data: view(snapshot.data) } : null;
    this.db.transaction(() => {
      this.db.prepare('INSERT OR REPLACE INTO snapshots (room, data, upto_seq) VALUES (?, ?, ?)').run(room, merged, upto);
      this.db.prepare('DELETE FROM updates WHERE room = ? AND seq <= ?').run(room, upto);
      this.insertSegments(room, segments, base);
    }).immediate();
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
