/**
 * A room's history in SQLite (the `history` and `versions` tables, storage/sqlite-schema.ts), on the store's one
 * connection (storage/sqlite-store.ts).
 * Segments are written by compaction (sqlite-store.ts) in the transaction that swaps the snapshot in; versions are
 * positions in the log, so a version asked for after some appends lands after them (requests run in order).
 */
import type Database from 'better-sqlite3';
import type { HistoryAuthor, HistoryPruned, VersionInfo } from '../../protocol/history';
import { encodeSnapshot } from '../storage/snapshot-encoding';
import type { HistoryRead, LogEntry, PruneLimits, Segment, StoredSegment, VersionList } from './segments';
import { authorsOf, encodeShares, readAuthor } from './attribution';
import { pruneCut } from './retention';

/** The share list of a segment nobody is named in: what was there before history, or what pruning merged. */
const NO_SHARES = encodeShares([]);

type VersionRow = { seq: number; at: number; name: string | null; authors: string };
type SegmentRow = { seq: number; data: Buffer; shares: Buffer };

/**
 * `history` holds each room's segments, the changes up to `seq` (segments.ts), its small columns before its blobs so
 * that listing never reads a blob's overflow pages; `versions` the positions people can go back to.
 */
export function createHistoryTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS history (
      room TEXT NOT NULL, seq INTEGER NOT NULL, bytes INTEGER NOT NULL, authors TEXT NOT NULL, pruned TEXT,
      shares BLOB NOT NULL, data BLOB NOT NULL, PRIMARY KEY (room, seq));
    CREATE TABLE IF NOT EXISTS versions (
      room TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, name TEXT, authors TEXT NOT NULL, PRIMARY KEY (room, seq));
    CREATE INDEX IF NOT EXISTS versions_by_age ON versions (at);
  `);
}

export function view(data: Buffer): Uint8Array { return new Uint8Array(data.buffer, data.byteOffset, data.byteLength); }

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function version(row: VersionRow): VersionInfo {
  return { id: row.seq, at: row.at, name: row.name, authors: JSON.parse(row.authors) as HistoryAuthor[] };
}

export class SqliteHistory {
  constructor(protected readonly db: Database.Database) {}

  /** Versions cutting the log range (after, upto], and whether the room has any history yet: what folding needs. */
  foldPlan(room: string, after: number, upto: number): { cuts: number[]; started: boolean } {
    const cuts = this.db.prepare<[string, number, number], { seq: number }>('SELECT seq FROM versions WHERE room = ? AND seq > ? AND seq <= ?').all(room, after, upto);
    const started = this.db.prepare('SELECT 1 FROM history WHERE room = ? LIMIT 1').get(room) !== undefined;
    return { cuts: cuts.map((row) => row.seq), started };
  }

  /** Stores folded segments (inside compaction's transaction), after `base` if the room's history starts now. */
  insertSegments(room: string, segments: readonly Segment[], base: { seq: number; data: Uint8Array } | null): void {
    const insert = this.db.prepare('INSERT OR REPLACE INTO history (room, seq, data, shares, authors, bytes, pruned) VALUES (?, ?, ?, ?, ?, ?, ?)');
    if (base) insert.run(room, base.seq, asBuffer(base.data), asBuffer(NO_SHARES), '[]', base.data.length, null);
    for (const s of segments) insert.run(room, s.seq, asBuffer(s.data), asBuffer(s.shares), JSON.stringify(s.authors), s.data.length + s.shares.length, null);
  }

  addVersion(room: string, at: number, name: string | null): VersionInfo | null {
    return this.db.transaction(() => {
      const head = this.head(room);
      if (head === 0) return null;
      const last = this.db.prepare<[string], VersionRow>('SELECT seq, at, name, authors FROM versions WHERE room = ? ORDER BY seq DESC LIMIT 1').get(room);
      if (last && last.seq >= head) {
        if (name === null) return null;
        this.db.prepare('UPDATE versions SET name = ? WHERE room = ? AND seq = ?').run(name, room, last.seq);
        return version({ ...last, name });
      }
      const since = last?.seq ?? 0;
      const logged = this.db.prepare<[string, number], { author: string | null }>('SELECT author FROM updates WHERE room = ? AND seq > ? ORDER BY seq').all(room, since);
      const folded = this.db.prepare<[string, number], { authors: string }>('SELECT authors FROM history WHERE room = ? AND seq > ? ORDER BY seq').all(room, since);
      const authors = authorsOf([...folded.flatMap((row) => JSON.parse(row.authors) as HistoryAuthor[]), ...logged.map((row) => readAuthor(row.author))]);
      const row: VersionRow = { seq: head, at, name, authors: JSON.stringify(authors) };
      this.db.prepare('INSERT INTO versions (room, seq, at, name, authors) VALUES (?, ?, ?, ?, ?)').run(room, row.seq, row.at, row.name, row.authors);
      return version(row);
    }).immediate();
  }

  listVersions(room: string): VersionList {
    return this.db.transaction(() => {
      const rows = this.db.prepare<[string], VersionRow>('SELECT seq, at, name, authors FROM versions WHERE room = ? ORDER BY seq').all(room);
      const first = this.db.prepare<[string], { pruned: string | null }>('SELECT pruned FROM history WHERE room = ? ORDER BY seq LIMIT 1').get(room);
      const bytes = this.db.prepare<[string], { bytes: number | null }>('SELECT SUM(bytes) AS bytes FROM history WHERE room = ?').get(room)?.bytes ?? 0;
      const pruned = first?.pruned ? (JSON.parse(first.pruned) as HistoryPruned) : null;
      return { versions: rows.map(version), head: this.head(room), pruned, bytes };
    })();
  }

  readHistory(room: string, upto: number | null): HistoryRead {
    const limit = upto ?? Number.MAX_SAFE_INTEGER;
    return this.db.transaction(() => {
      const rows = this.db.prepare<[string, number], SegmentRow>('SELECT seq, data, shares FROM history WHERE room = ? AND seq <= ? ORDER BY seq').all(room, limit);
      const segments: StoredSegment[] = rows.map((row) => ({ seq: row.seq, data: view(row.data), shares: view(row.shares) }));
      if (rows.length === 0) {
        // A room compacted before history was kept: its snapshot is where its history starts.
        const snapshot = this.db.prepare<[string], { data: Buffer; upto_seq: number }>('SELECT data, upto_seq FROM snapshots WHERE room = ?').get(room);
        if (snapshot && snapshot.upto_seq <= limit) segments.push({ seq: snapshot.upto_seq, data: view(snapshot.data), shares: NO_SHARES });
      }
      const after = segments[segments.length - 1]?.seq ?? 0;
      const log = this.db
        .prepare<[string, number, number], { seq: number; data: Buffer; author: string | null }>('SELECT seq, data, author FROM updates WHERE room = ? AND seq > ? AND seq <= ? ORDER BY seq')
        .all(room, after, limit)
        .map((row): LogEntry => ({ seq: row.seq, data: view(row.data), author: readAuthor(row.author) }));
      return { segments, log };
    })();
  }

  /** Forgets versions by `limits` (retention.ts); returns how many. */
  pruneHistory(room: string | null, limits: PruneLimits): number {
    const rooms = room !== null ? [room] : limits.before === null ? [] : this.db.prepare<[number], { room: string }>('SELECT DISTINCT room FROM versions WHERE at < ?').all(limits.before).map((row) => row.room);
    let forgotten = 0;
    for (const id of rooms) for (let cut = this.cutOnce(id, limits); cut > 0; cut = this.cutOnce(id, limits)) forgotten += cut;
    return forgotten;
  }

  private cutOnce(room: string, limits: PruneLimits): number {
    const segments = this.db.prepare<[string], { seq: number; bytes: number }>('SELECT seq, bytes FROM history WHERE room = ? ORDER BY seq').all(room);
    const folded = segments[segments.length - 1]?.seq ?? 0;
    const versions = this.db.prepare<[string, number], { seq: number; at: number }>('SELECT seq, at FROM versions WHERE room = ? AND seq <= ? ORDER BY seq').all(room, folded);
    const plan = pruneCut(versions, segments, limits);
    if (!plan) return 0;
    const parts = this.db.prepare<[string, number], { data: Buffer }>('SELECT data FROM history WHERE room = ? AND seq <= ? ORDER BY seq').all(room, plan.cut).map((row) => view(row.data));
    const base = asBuffer(encodeSnapshot(parts));
    const pruned: HistoryPruned = { reason: plan.reason, at: limits.now };
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM history WHERE room = ? AND seq <= ?').run(room, plan.cut);
      this.db.prepare('INSERT INTO history (room, seq, data, shares, authors, bytes, pruned) VALUES (?, ?, ?, ?, ?, ?, ?)').run(room, plan.cut, base, asBuffer(NO_SHARES), '[]', base.length, JSON.stringify(pruned));
      return this.db.prepare('DELETE FROM versions WHERE room = ? AND seq <= ?').run(room, plan.cut).changes;
    }).immediate();
  }

  /** The position of the room's newest stored change (0: none). */
  private head(room: string): number {
    const max = (sql: string): number => this.db.prepare<[string], { seq: number | null }>(sql).get(room)?.seq ?? 0;
    return Math.max(max('SELECT MAX(seq) AS seq FROM updates WHERE room = ?'), max('SELECT MAX(seq) AS seq FROM history WHERE room = ?'), max('SELECT upto_seq AS seq FROM snapshots WHERE room = ?'));
  }
}
