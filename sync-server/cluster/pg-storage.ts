/**
 * A cluster's storage in PostgreSQL (pg-schema.ts), shared by every instance, on node-postgres (`pg`).
 *
 * - Appends made in one event-loop turn go in one INSERT, and an instance has one INSERT in flight at a time: one commit
 *   for many rooms' changes (group commit), and an instance's appends to a room commit in the order they were made.
 * - Loading reads the snapshot and the log in one statement, so it never sees a compaction half done.
 * - Compaction first settles where the room's log ends (pg-history.ts: every entry up to there has committed, every
 *   later one will be after it), then holds a transaction-scoped advisory lock on the room, taken without waiting:
 *   while one instance compacts a room, another skips it. The lock lives as long as the transaction, so it never expires
 *   while the work goes on, and a crashed instance's closed connection releases it. It reads the snapshot and the log up
 *   to that end, merges them and folds the log into history segments at the room's versions off the serving thread
 *   (snapshot-merger.ts), and in the same transaction writes both and deletes exactly the entries it read.
 * - History (versions, reads, pruning) is pg-history.ts.
 * - Failures that mean the database cannot be reached (a refused or broken connection, a shutdown) mark it unreachable
 *   (reachability.ts) before the caller hears of them; a probe every second notices it coming back.
 */
import pg from 'pg';
import type { HistoryAuthor, VersionInfo } from '../../protocol/history';
import { readAuthor, writeAuthor } from '../history/attribution';
import type { HistoryRead, PruneLimits, Storage, VersionList } from '../storage/storage';
import { PgHistory, foldPlan, insertSegments, settledEnd, tryCompactionLock, view } from './pg-history';
import { PROBE_INTERVAL_MS, type Reachability } from './reachability';
import { inTransaction } from './pg-schema';
import type { SnapshotMerger } from './snapshot-merger';

const LOAD = `SELECT data FROM (
  SELECT 0 AS part, 0::bigint AS id, data FROM room_snapshots WHERE room = $1
  UNION ALL SELECT 1, id, data FROM room_updates WHERE room = $1) AS stored ORDER BY part, id`;
const REVOKE = `INSERT INTO rooms (room, link_generation) VALUES ($1, 1)
  ON CONFLICT (room) DO UPDATE SET link_generation = rooms.link_generation + 1 RETURNING link_generation`;
const DATA_BYTES = `SELECT (pg_total_relation_size('room_updates') + pg_total_relation_size('room_snapshots')
  + pg_total_relation_size('rooms') + pg_total_relation_size('room_history') + pg_total_relation_size('room_versions'))::float8 AS bytes`;

/**
 * A turn's appends: the same statement every time, prepared once per connection, with the rooms, the updates and their
 * authors as three arrays. `append_updates` (pg-schema.ts) holds each room's position lock shared while it inserts, and
 * makes the room's row (metadata) with its first entry; DO NOTHING takes no row lock, so appends never wait.
 */
const APPEND: pg.QueryConfig = { name: 'whiteboard-append-2', text: 'SELECT append_updates($1::text[], $2::bytea[], $3::text[])' };

interface Append { room: string; update: Uint8Array; author: string | null; resolve(): void; reject(error: unknown): void }

/** Whether `error` means the database is out of reach, rather than that one query was wrong. */
export function isConnectionError(error: unknown): boolean {
  // Errors without a SQLSTATE are the socket's; of the server's, connection exceptions (08), operator intervention
  // such as a shutdown (57P) and insufficient resources (53: too many connections).
  return !(error instanceof pg.DatabaseError) || /^(08|57P|53)/.test(error.code ?? '');
}

export class PgStorage implements Storage {
  private queue: Append[] = [];
  private writing = false;
  private drained: Array<() => void> = [];
  /**
   * Told of each room whose append failed: its change may be in the rooms elsewhere (relayed before the commit) and in
   * the Redis stream a reloaded room replays, yet in no storage (cluster.ts has every instance resync that room).
   */
  onAppendFailed: ((room: string) => void) | null = null;
  /** Settles when this instance's appends asked for so far have: a version comes after them. */
  private appended: Promise<unknown> = Promise.resolve();
  private readonly probe: NodeJS.Timeout;
  private readonly history: PgHistory;

  constructor(private readonly pool: pg.Pool, private readonly reachability: Reachability, private readonly merger: SnapshotMerger) {
    pool.on('error', (error) => reachability.set(!isConnectionError(error), error)); // an idle connection broke
    this.probe = setInterval(() => void this.query('SELECT 1').catch(() => undefined), PROBE_INTERVAL_MS).unref();
    this.history = new PgHistory(this.transaction, merger);
  }

  async loadRoom(room: string): Promise<Uint8Array[]> {
    const { rows } = await this.query<{ data: Buffer }>(LOAD, [room]);
    return rows.map((row) => view(row.data));
  }

  appendUpdate(room: string, update: Uint8Array, author: HistoryAuthor | null = null): Promise<void> {
    const appending = new Promise<void>((resolve, reject) => {
      if (this.queue.push({ room, update, author: writeAuthor(author), resolve, reject }) === 1 && !this.writing) setImmediate(this.writeQueued);
    });
    this.appended = appending.catch(() => undefined);
    return appending;
  }

  async compactRoom(room: string): Promise<void> { await this.compact(room); }

  /** Merges the room's log into its snapshot and its history; resolves to how many entries it merged (0: nothing to do, or another instance is at it). */
  async compact(room: string): Promise<number> {
    const end = await this.transaction((client) => settledEnd(client, room));
    if (end === 0) return 0;
    return this.transaction(async (client) => {
      if (!(await tryCompactionLock(client, room))) return 0;
      const snapshot = (await client.query<{ data: Buffer; upto: number }>('SELECT data, upto::float8 AS upto FROM room_snapshots WHERE room = $1', [room])).rows[0];
      const log = await client.query<{ seq: number; data: Buffer; author: string | null }>(
        'SELECT id::float8 AS seq, data, author FROM room_updates WHERE room = $1 AND id <= $2 ORDER BY id',
        [room, end],
      );
      if (log.rows.length === 0 || (log.rows.length === 1 && !snapshot)) return 0;
      const entries = log.rows.map((row) => ({ seq: row.seq, data: view(row.data), author: readAuthor(row.author) }));
      const upto = (entries[entries.length - 1] as { seq: number }).seq;
      const plan = await foldPlan(client, room, snapshot?.upto ?? 0, upto);
      const parts = entries.map((entry) => entry.data);
      if (snapshot) parts.unshift(view(snapshot.data));
      const { merged, segments } = await this.merger.compact(parts, { log: entries, cuts: plan.cuts });
      const upsert = 'INSERT INTO room_snapshots (room, data, upto) VALUES ($1, $2, $3) ON CONFLICT (room) DO UPDATE SET data = excluded.data, upto = excluded.upto';
      await client.query(upsert, [room, merged, upto]);
      await client.query('DELETE FROM room_updates WHERE id = ANY($1::bigint[])', [entries.map((entry) => entry.seq)]);
      // A room compacted before history was kept: its old snapshot is where its history starts.
      await insertSegments(client, room, segments, !plan.started && snapshot ? { seq: snapshot.upto, data: view(snapshot.data) } : null);
      return entries.length;
    });
  }

  async linkGeneration(room: string): Promise<number> {
    const { rows } = await this.query<{ link_generation: number }>('SELECT link_generation FROM rooms WHERE room = $1', [room]);
    return rows[0]?.link_generation ?? 0;
  }

  async revokeLinks(room: string): Promise<number> {
    const { rows } = await this.query<{ link_generation: number }>(REVOKE, [room]);
    return rows[0]?.link_generation ?? 1;
  }

  async dataBytes(): Promise<number> { return (await this.query<{ bytes: number }>(DATA_BYTES)).rows[0]?.bytes ?? 0; }

  async addVersion(room: string, at: number, name: string | null): Promise<VersionInfo | null> {
    await this.appended;
    return this.history.addVersion(room, at, name);
  }

  listVersions(room: string): Promise<VersionList> { return this.history.listVersions(room); }

  readHistory(room: string, upto: number | null): Promise<HistoryRead> { return this.history.readHistory(room, upto); }

  pruneHistory(room: string | null, limits: PruneLimits): Promise<number> { return this.history.prune(room, limits); }

  async close(): Promise<void> {
    clearInterval(this.probe);
    if (this.writing || this.queue.length > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
    await this.merger.close();
    await this.pool.end();
  }

  private readonly writeQueued = (): void => {
    if (this.writing) return;
    if (this.queue.length === 0) return void this.drained.splice(0).forEach((resolve) => resolve());
    const batch = this.queue.splice(0);
    this.writing = true;
    const datas = batch.map((append) => Buffer.from(append.update.buffer, append.update.byteOffset, append.update.byteLength));
    this.query(APPEND, [batch.map((append) => append.room), datas, batch.map((append) => append.author)])
      .then(
        () => batch.forEach((append) => append.resolve()),
        (error: unknown) => {
          for (const room of new Set(batch.map((append) => append.room))) this.onAppendFailed?.(room);
          batch.forEach((append) => append.reject(error));
        },
      )
      .finally(() => {
        this.writing = false;
        this.writeQueued();
      });
  };

  private readonly transaction = <T>(work: (client: pg.PoolClient) => Promise<T>, begin?: string): Promise<T> => this.guard(inTransaction(this.pool, work, begin));

  private query<R extends pg.QueryResultRow>(query: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.guard(this.pool.query<R>(query, values));
  }

  /** Records whether the database answered; a failure reaches the caller after it is recorded. */
  private guard<T>(work: Promise<T>): Promise<T> {
    return work.then(
      (result) => {
        this.reachability.set(true);
        return result;
      },
      (error: unknown) => {
        if (isConnectionError(error)) this.reachability.set(false, error);
        throw error;
      },
    );
  }
}
