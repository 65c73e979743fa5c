/**
 * A cluster's storage in PostgreSQL (pg-schema.ts), shared by every instance, on node-postgres (`pg`).
 *
 * - Appends made in one event-loop turn go in one INSERT, and an instance has one INSERT in flight at a time: one commit
 *   for many rooms' changes (group commit), and an instance's appends to a room commit in the order they were made.
 * - Loading reads the snapshot and the log in one statement, so it never sees a compaction half done.
 * - Compaction holds a transaction-scoped advisory lock on the room, taken without waiting: while one instance compacts
 *   a room, another skips it. The lock lives as long as the transaction, so it never expires while the work goes on,
 *   and a crashed instance's closed connection releases it. It reads the snapshot and the log, merges them off the
 *   serving thread (snapshot-merger.ts), and in the same transaction writes the merge and deletes exactly the entries it
 *   read: one committed meanwhile, whatever its id, stays in the log.
 * - Failures that mean the database cannot be reached (a refused or broken connection, a shutdown) mark it unreachable
 *   (reachability.ts) before the caller hears of them; a probe every second notices it coming back.
 */
import pg from 'pg';
import type { Storage } from '../storage/storage';
import { PROBE_INTERVAL_MS, type Reachability } from './reachability';
import { inTransaction } from './pg-schema';
import type { SnapshotMerger } from './snapshot-merger';

/** The key space of compaction locks (the second key is the room's hash): apart from migrations' lock. */
const COMPACTION_LOCKS = 0x57_42_43_50; // "WBCP"

const LOAD = `SELECT data FROM (
  SELECT 0 AS part, 0::bigint AS id, data FROM room_snapshots WHERE room = $1
  UNION ALL SELECT 1, id, data FROM room_updates WHERE room = $1) AS stored ORDER BY part, id`;
const REVOKE = `INSERT INTO rooms (room, link_generation) VALUES ($1, 1)
  ON CONFLICT (room) DO UPDATE SET link_generation = rooms.link_generation + 1 RETURNING link_generation`;
const DATA_BYTES = `SELECT (pg_total_relation_size('room_updates') + pg_total_relation_size('room_snapshots')
  + pg_total_relation_size('rooms'))::float8 AS bytes`;

/**
 * A turn's appends: the same statement every time, prepared once per connection, with the rooms and the updates as two
 * arrays. The room's row (metadata) is made with its first entry; DO NOTHING takes no row lock, so appends never wait.
 */
const APPEND: pg.QueryConfig = {
  name: 'whiteboard-append',
  text: `WITH stored AS (INSERT INTO room_updates (room, data) SELECT * FROM unnest($1::text[], $2::bytea[]) RETURNING room)
    INSERT INTO rooms (room) SELECT DISTINCT room FROM stored ON CONFLICT (room) DO NOTHING`,
};

interface Append { room: string; update: Uint8Array; resolve(): void; reject(error: unknown): void }

/** Whether `error` means the database is out of reach, rather than that one query was wrong. */
export function isConnectionError(error: unknown): boolean {
  // Errors without a SQLSTATE are the socket's; of the server's, connection exceptions (08), operator intervention
  // such as a shutdown (57P) and insufficient resources (53: too many connections).
  return !(error instanceof pg.DatabaseError) || /^(08|57P|53)/.test(error.code ?? '');
}

function view(data: Buffer): Uint8Array { return new Uint8Array(data.buffer, data.byteOffset, data.byteLength); }

export class PgStorage implements Storage {
  private queue: Append[] = [];
  private writing = false;
  private drained: Array<() => void> = [];
  private readonly probe: NodeJS.Timeout;

  constructor(private readonly pool: pg.Pool, private readonly reachability: Reachability, private readonly merger: SnapshotMerger) {
    pool.on('error', (error) => reachability.set(!isConnectionError(error), error)); // an idle connection broke
    this.probe = setInterval(() => void this.query('SELECT 1').catch(() => undefined), PROBE_INTERVAL_MS).unref();
  }

  async loadRoom(room: string): Promise<Uint8Array[]> {
    const { rows } = await this.query<{ data: Buffer }>(LOAD, [room]);
    return rows.map((row) => view(row.data));
  }

  appendUpdate(room: string, update: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.queue.push({ room, update, resolve, reject }) === 1 && !this.writing) setImmediate(this.writeQueued);
    });
  }

  async compactRoom(room: string): Promise<void> { await this.compact(room); }

  /** Merges the room's log into its snapshot; resolves to how many entries it merged (0: nothing to do, or another instance is at it). */
  compact(room: string): Promise<number> {
    return this.guard(inTransaction(this.pool, async (client) => {
      const lock = await client.query<{ held: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS held', [COMPACTION_LOCKS, room]);
      if (!lock.rows[0]?.held) return 0;
      const snapshot = await client.query<{ data: Buffer }>('SELECT data FROM room_snapshots WHERE room = $1', [room]);
      const log = await client.query<{ id: string; data: Buffer }>('SELECT id, data FROM room_updates WHERE room = $1 ORDER BY id', [room]);
      if (log.rows.length === 0 || (log.rows.length === 1 && snapshot.rows.length === 0)) return 0;
      const merged = await this.merger.merge([...snapshot.rows, ...log.rows].map((row) => view(row.data)));
      const upsert = 'INSERT INTO room_snapshots (room, data) VALUES ($1, $2) ON CONFLICT (room) DO UPDATE SET data = excluded.data';
      await client.query(upsert, [room, merged]);
      await client.query('DELETE FROM room_updates WHERE id = ANY($1::bigint[])', [log.rows.map((row) => row.id)]);
      return log.rows.length;
    }));
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
    this.query(APPEND, [batch.map((append) => append.room), datas])
      .then(() => batch.forEach((append) => append.resolve()), (error: unknown) => batch.forEach((append) => append.reject(error)))
      .finally(() => {
        this.writing = false;
        this.writeQueued();
      });
  };

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
