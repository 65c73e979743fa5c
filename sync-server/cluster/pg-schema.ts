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
 *
 * Migration 2, history (history/history-storage.ts, as history/sqlite-history.ts keeps it): each log entry's `author`;
 * `room_snapshots.upto`, the last log position a snapshot holds; `room_history`, the log folded into segments cut at
 * versions; `room_versions`, positions people can go back to. A position is a log entry's id, so it must be stable:
 * `append_updates` takes each room's position lock shared (appends never wait for each other), and whatever needs "the
 * log as of now" (a version, a compaction's end) takes it exclusively for a moment (pg-history.ts): every entry with
 * a lower id has then committed, and every later one gets a higher id.
 */
import type pg from 'pg';

/** Key of the advisory lock that migrations hold (the other key spaces, compaction's and positions', are per room). */
const MIGRATION_LOCK = 0x57_42_4d_47; // "WBMG"
/** The key space of each room's position lock (the second key is the room's hash): see migration 2. */
export const POSITION_LOCKS = 0x57_42_50_53; // "WBPS"
/** The key space of each room's compaction lock: one compaction, version or pruning of a room at a time. */
export const COMPACTION_LOCKS = 0x57_42_43_50; // "WBCP"

export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE rooms (room text PRIMARY KEY, link_generation integer NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now());
   CREATE TABLE room_updates (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, room text NOT NULL, data bytea NOT NULL);
   CREATE INDEX room_updates_by_room ON room_updates (room, id);
   CREATE TABLE room_snapshots (room text PRIMARY KEY, data bytea NOT NULL);
   CREATE TABLE server_settings (name text PRIMARY KEY, value text NOT NULL);`,
  `ALTER TABLE room_updates ADD COLUMN author text;
   ALTER TABLE room_snapshots ADD COLUMN upto bigint NOT NULL DEFAULT 0;
   CREATE TABLE room_history (
     room text NOT NULL, seq bigint NOT NULL, bytes integer NOT NULL, authors text NOT NULL, pruned text,
     shares bytea NOT NULL, data bytea NOT NULL, PRIMARY KEY (room, seq));
   CREATE TABLE room_versions (room text NOT NULL, seq bigint NOT NULL, at bigint NOT NULL, name text, authors text NOT NULL, PRIMARY KEY (room, seq));
   CREATE INDEX room_versions_by_age ON room_versions (at);
   CREATE FUNCTION append_updates(rooms text[], datas bytea[], authors text[]) RETURNS void LANGUAGE plpgsql AS $$
   DECLARE
     position_lock integer;
   BEGIN
     -- In one order, so that two appends waiting behind a version's exclusive lock never wait for each other.
     FOR position_lock IN SELECT DISTINCT hashtext(room) FROM unnest(rooms) AS room ORDER BY 1 LOOP
       PERFORM pg_advisory_xact_lock_shared(${POSITION_LOCKS}, position_lock);
     END LOOP;
     INSERT INTO room_updates (room, data, author)
       SELECT entry.room, entry.data, entry.author FROM unnest(rooms, datas, authors) WITH ORDINALITY AS entry(room, data, author, n) ORDER BY entry.n;
     INSERT INTO rooms (room) SELECT DISTINCT room FROM unnest(rooms) AS room ON CONFLICT (room) DO NOTHING;
   END $$;`,
];

/** Runs `work` in one transaction (`begin`: how it starts) on one connection of the pool, rolling back if it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
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
