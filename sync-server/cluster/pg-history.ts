/**
 * A room's history in PostgreSQL (`room_history`, `room_versions`: pg-schema.ts, migration 2), by the same rules as
 * SQLite's (history/sqlite-history.ts): versions are positions in the room's log, compaction folds the log into segments
 * cut at them (pg-storage.ts), pruning merges the oldest segments into one.
 *
 * SQLite has one writer; here several instances write at once, so two things are made explicit with advisory locks:
 * - A position must be settled before anything is cut at it. An entry's id is taken before its transaction commits, so
 *   a lower id can still appear after a higher one is visible. Appends hold their room's position lock shared;
 *   `settledEnd` takes it exclusively, which waits for appends in flight and lets later ones take only higher ids.
 * - A room's versions, compaction and pruning run one at a time: each holds the room's compaction lock (compaction
 *   without waiting, skipping a room that is busy; the others waiting), so a version is never added inside a range
 *   that a compaction is folding without it.
 */
import type pg from 'pg';
import type { HistoryAuthor, HistoryPruned, VersionInfo } from '../../protocol/history';
import { authorsOf, encodeShares, readAuthor } from '../history/attribution';
import { pruneCut } from '../history/retention';
import type { HistoryRead, LogEntry, PruneLimits, Segment, StoredSegment, VersionList } from '../history/segments';
import { COMPACTION_LOCKS, POSITION_LOCKS } from './pg-schema';
import type { SnapshotMerger } from './snapshot-merger';

/** The share list of a segment nobody is named in: what was there before history, or what pruning merged. */
const NO_SHARES = encodeShares([]);
const REPEATABLE_READ = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';
// Positions are bigint, which pg hands over as strings: cast to float8, exact up to 2^53.
const HEAD = `SELECT greatest((SELECT max(id) FROM room_updates WHERE room = $1), (SELECT max(seq) FROM room_history WHERE room = $1),
  (SELECT upto FROM room_snapshots WHERE room = $1), 0)::float8 AS head`;
const INSERT_SEGMENT = `INSERT INTO room_history (room, seq, data, shares, authors, bytes, pruned) VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (room, seq) DO UPDATE SET data = excluded.data, shares = excluded.shares, authors = excluded.authors, bytes = excluded.bytes, pruned = excluded.pruned`;

type Client = pg.ClientBase;
type VersionRow = { seq: number; at: number; name: string | null; authors: string };

/** Runs `work` in one transaction; `begin` says how it starts. Given by the storage, which records reachability. */
export type Transaction = <T>(work: (client: Client) => Promise<T>, begin?: string) => Promise<T>;

export function view(data: Buffer): Uint8Array { return new Uint8Array(data.buffer, data.byteOffset, data.byteLength); }

function version(row: VersionRow): VersionInfo {
  return { id: row.seq, at: row.at, name: row.name, authors: JSON.parse(row.authors) as HistoryAuthor[] };
}

async function lock(client: Client, space: number, room: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [space, room]);
}

/** Takes the room's compaction lock for this transaction if free; whether it did. */
export async function tryCompactionLock(client: Client, room: string): Promise<boolean> {
  const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS held', [COMPACTION_LOCKS, room]);
  return rows[0]?.held === true;
}

/** The room's last log position, settled: every entry up to it has committed, and any later one will be after it. */
export async function settledEnd(client: Client, room: string): Promise<number> {
  await lock(client, POSITION_LOCKS, room);
  const { rows } = await client.query<{ end: number | null }>('SELECT max(id)::float8 AS end FROM room_updates WHERE room = $1', [room]);
  return rows[0]?.end ?? 0;
}

/** Segments as compaction stores them (in its transaction), after `base` if the room's history starts now. */
export async function insertSegments(client: Client, room: string, segments: readonly Segment[], base: { seq: number; data: Uint8Array } | null): Promise<void> {
  if (base) await client.query(INSERT_SEGMENT, [room, base.seq, base.data, NO_SHARES, '[]', base.data.length, null]);
  for (const s of segments) await client.query(INSERT_SEGMENT, [room, s.seq, s.data, s.shares, JSON.stringify(s.authors), s.data.length + s.shares.length, null]);
}

/** Versions cutting the log range (after, upto], and whether the room has any history yet: what folding needs. */
export async function foldPlan(client: Client, room: string, after: number, upto: number): Promise<{ cuts: number[]; started: boolean }> {
  const cuts = await client.query<{ seq: number }>('SELECT seq::float8 AS seq FROM room_versions WHERE room = $1 AND seq > $2 AND seq <= $3', [room, after, upto]);
  const started = await client.query('SELECT 1 FROM room_history WHERE room = $1 LIMIT 1', [room]);
  return { cuts: cuts.rows.map((row) => row.seq), started: (started.rowCount ?? 0) > 0 };
}

export class PgHistory {
  constructor(private readonly transaction: Transaction, private readonly merger: SnapshotMerger) {}

  addVersion(room: string, at: number, name: string | null): Promise<VersionInfo | null> {
    return this.transaction(async (client) => {
      await lock(client, COMPACTION_LOCKS, room);
      await settledEnd(client, room);
      const head = (await client.query<{ head: number }>(HEAD, [room])).rows[0]?.head ?? 0;
      if (head === 0) return null;
      const last = (await client.query<VersionRow>('SELECT seq::float8 AS seq, at::float8 AS at, name, authors FROM room_versions WHERE room = $1 ORDER BY seq DESC LIMIT 1', [room])).rows[0];
      if (last && last.seq >= head) {
        if (name === null) return null;
        await client.query('UPDATE room_versions SET name = $1 WHERE room = $2 AND seq = $3', [name, room, last.seq]);
        return version({ ...last, name });
      }
      const since = last?.seq ?? 0;
      const folded = await client.query<{ authors: string }>('SELECT authors FROM room_history WHERE room = $1 AND seq > $2 ORDER BY seq', [room, since]);
      const logged = await client.query<{ author: string | null }>('SELECT author FROM room_updates WHERE room = $1 AND id > $2 ORDER BY id', [room, since]);
      const authors = authorsOf([...folded.rows.flatMap((row) => JSON.parse(row.authors) as HistoryAuthor[]), ...logged.rows.map((row) => readAuthor(row.author))]);
      const row: VersionRow = { seq: head, at, name, authors: JSON.stringify(authors) };
      await client.query('INSERT INTO room_versions (room, seq, at, name, authors) VALUES ($1, $2, $3, $4, $5)', [room, row.seq, row.at, row.name, row.authors]);
      return version(row);
    });
  }

  listVersions(room: string): Promise<VersionList> {
    return this.transaction(async (client) => {
      const rows = await client.query<VersionRow>('SELECT seq::float8 AS seq, at::float8 AS at, name, authors FROM room_versions WHERE room = $1 ORDER BY seq', [room]);
      const first = await client.query<{ pruned: string | null }>('SELECT pruned FROM room_history WHERE room = $1 ORDER BY seq LIMIT 1', [room]);
      const bytes = await client.query<{ bytes: number | null }>('SELECT sum(bytes)::float8 AS bytes FROM room_history WHERE room = $1', [room]);
      const head = await client.query<{ head: number }>(HEAD, [room]);
      const pruned = first.rows[0]?.pruned ? (JSON.parse(first.rows[0].pruned) as HistoryPruned) : null;
      return { versions: rows.rows.map(version), head: head.rows[0]?.head ?? 0, pruned, bytes: bytes.rows[0]?.bytes ?? 0 };
    }, REPEATABLE_READ);
  }

  readHistory(room: string, upto: number | null): Promise<HistoryRead> {
    return this.transaction(async (client) => {
      const rows = await client.query<{ seq: number; data: Buffer; shares: Buffer }>(
        'SELECT seq::float8 AS seq, data, shares FROM room_history WHERE room = $1 AND ($2::bigint IS NULL OR seq <= $2) ORDER BY seq',
        [room, upto],
      );
      const segments: StoredSegment[] = rows.rows.map((row) => ({ seq: row.seq, data: view(row.data), shares: view(row.shares) }));
      if (segments.length === 0) {
        // A room compacted before history was kept: its snapshot is where its history starts.
        const snapshot = (await client.query<{ data: Buffer; upto: number }>('SELECT data, upto::float8 AS upto FROM room_snapshots WHERE room = $1', [room])).rows[0];
        if (snapshot && (upto === null || snapshot.upto <= upto)) segments.push({ seq: snapshot.upto, data: view(snapshot.data), shares: NO_SHARES });
      }
      const after = segments[segments.length - 1]?.seq ?? 0;
      const log = await client.query<{ seq: number; data: Buffer; author: string | null }>(
        'SELECT id::float8 AS seq, data, author FROM room_updates WHERE room = $1 AND id > $2 AND ($3::bigint IS NULL OR id <= $3) ORDER BY id',
        [room, after, upto],
      );
      return { segments, log: log.rows.map((row): LogEntry => ({ seq: row.seq, data: view(row.data), author: readAuthor(row.author) })) };
    }, REPEATABLE_READ);
  }

  /** Forgets versions by `limits` (retention.ts); resolves to how many. */
  async prune(room: string | null, limits: PruneLimits): Promise<number> {
    const rooms = room !== null ? [room] : limits.before === null ? [] : await this.transaction(async (client) => {
      const { rows } = await client.query<{ room: string }>('SELECT DISTINCT room FROM room_versions WHERE at < $1', [limits.before]);
      return rows.map((row) => row.room);
    });
    let forgotten = 0;
    for (const id of rooms) for (let cut = await this.cutOnce(id, limits); cut > 0; cut = await this.cutOnce(id, limits)) forgotten += cut;
    return forgotten;
  }

  private cutOnce(room: string, limits: PruneLimits): Promise<number> {
    return this.transaction(async (client) => {
      await lock(client, COMPACTION_LOCKS, room);
      const segments = (await client.query<{ seq: number; bytes: number }>('SELECT seq::float8 AS seq, bytes FROM room_history WHERE room = $1 ORDER BY seq', [room])).rows;
      const folded = segments[segments.length - 1]?.seq ?? 0;
      const versions = await client.query<{ seq: number; at: number }>('SELECT seq::float8 AS seq, at::float8 AS at FROM room_versions WHERE room = $1 AND seq <= $2 ORDER BY seq', [room, folded]);
      const plan = pruneCut(versions.rows, segments, limits);
      if (!plan) return 0;
      const parts = await client.query<{ data: Buffer }>('SELECT data FROM room_history WHERE room = $1 AND seq <= $2 ORDER BY seq', [room, plan.cut]);
      const base = await this.merger.merge(parts.rows.map((row) => view(row.data)));
      const pruned: HistoryPruned = { reason: plan.reason, at: limits.now };
      await client.query('DELETE FROM room_history WHERE room = $1 AND seq <= $2', [room, plan.cut]);
      await client.query(INSERT_SEGMENT, [room, plan.cut, base, NO_SHARES, '[]', base.length, JSON.stringify(pruned)]);
      return (await client.query('DELETE FROM room_versions WHERE room = $1 AND seq <= $2', [room, plan.cut])).rowCount ?? 0;
    });
  }
}
