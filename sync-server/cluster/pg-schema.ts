/**
 * The PostgreSQL layout of a cluster, as numbered migrations that every instance applies at start, one instance at a
 * time (a transaction-scoped advisory lock), each once (`schema_migrations`). A new feature adds a migration at the end;
 * one already released is never edited. An instance refuses a database set up by a newer version than its own.
 *
 * - `rooms`: one row per room that was written to or had its links revoked: when it was first stored, and its invite-link
 *   generation (revocations, auth/access.ts).
 * - `room_updates`: each room's append-only log of Yjs updates. `id` orders a room's entries; with concurrent writers an
 *   id can commit after a higher one, so compaction deletes exactly the entries it merged, never "all up to id N".
 * - `room_snapshots`: per room, the merge of every entry compaction has taken out of the log.
 * - `server_settings`: the signing secret's fingerprint, so an instance started with another secret is refused.
 */
import type pg from 'pg';

/** Key of the advisory lock that migrations hold (the other key space, compaction's, is per room). */
const MIGRATION_LOCK = 0x57_42_4d_47; // "WBMG"

export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE rooms (room text PRIMARY KEY, link_generation integer NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now());
   CREATE TABLE room_updates (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, room text NOT NULL, data bytea NOT NULL);
   CREATE INDEX room_updates_by_room ON room_updates (room, id);
   CREATE TABLE room_snapshots (room text PRIMARY KEY, data bytea NOT NULL);
   CREATE TABLE server_settings (name text PRIMARY KEY, value text NOT NULL);`,
];

/** Runs `work` in one transaction on one connection of the pool, rolling back if it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Applies the migrations this database lacks; resolves to how many it applied. */
export function migrateSchema(pool: pg.Pool): Promise<number> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM schema_migrations');
    const current = rows[0]?.version ?? 0;
    if (current > MIGRATIONS.length) {
      throw new Error(`the database's schema is version ${current}, newer than this server's ${MIGRATIONS.length}: upgrade this instance`);
    }
    for (let version = current + 1; version <= MIGRATIONS.length; version++) {
      await client.query(MIGRATIONS[version - 1] as string);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
    }
    return MIGRATIONS.length - current;
  });
}
