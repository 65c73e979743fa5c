/**
 * `whiteboard-server migrate --from <data dir> --to postgres://…`: moves an embedded server's boards and links into a
 * cluster's PostgreSQL. Each room goes as it is stored (its snapshot, its log with each entry's author, its history's
 * segments and versions, and its link generation), in one transaction per room, so its encoded state and every version
 * are the same and every link still works once the cluster's instances
 * use the data directory's signing secret (its fingerprint is recorded; an instance with another is refused). A room the
 * database already holds is left alone, so running it again moves only what is new. The server on that data directory
 * should be stopped first: what it writes meanwhile would not be moved.
 *
 * Positions (log ids, where segments end, versions) are SQLite's across the whole file; in the cluster they are ids of
 * the shared log. So a room's positions are given new ids taken from that log's sequence, in the same order: later
 * appends come after them, and every version still cuts the room's changes where it did.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { SECRET_FILE_NAME, loadOrCreateSecret } from '../auth/secret';
import { OptionError } from '../options';
import { DATABASE_FILE_NAME, openDatabase } from '../storage/sqlite-schema';
import { checkSecret, openPool, safeUrl } from './cluster';
import { inTransaction, migrateSchema } from './pg-schema';

export function migrateHelpText(): string {
  return [
    'Usage: whiteboard-server migrate --from <data dir> --to postgres://user@host/db',
    '',
    "Moves every board (its stored updates as they are, and its history) and every room's revoked links from an",
    "embedded server's data directory into a cluster's PostgreSQL, and says how many boards it moved.",
    'Stop the server on that directory first. Rooms the database already has are left alone.',
    'Then start every instance with the same signing secret as before: copy secret.key into each',
    "instance's --data directory, or give the same --secret.",
    '',
    'Options:',
    '  --from <dir>              the embedded server\'s data directory (env WHITEBOARD_DATA)',
    '  --to <url>                the cluster\'s PostgreSQL (env WHITEBOARD_DATABASE_URL)',
  ].join('\n');
}

function parseMigrate(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): { from: string; to: string } | null {
  let from = env.WHITEBOARD_DATA || null;
  let to = env.WHITEBOARD_DATABASE_URL || null;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '-h' || token === '--help') return null;
    const [name, inline] = token.includes('=') ? [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)] : [token, undefined];
    if (name !== '--from' && name !== '--to') throw new OptionError(`migrate: unknown option ${JSON.stringify(token)}; see migrate --help`);
    const raw = inline ?? argv[++i];
    if (raw === undefined || raw.trim() === '') throw new OptionError(`migrate: ${name} needs a value`);
    if (name === '--from') from = raw;
    else to = raw;
  }
  if (from === null) throw new OptionError('migrate: --from <data dir> is required (the embedded server\'s --data)');
  if (to === null || !/^postgres(ql)?:\/\//.test(to)) throw new OptionError('migrate: --to postgres://… is required (the cluster\'s --database-url)');
  return { from, to };
}

type SegmentRow = { seq: number; bytes: number; authors: string; pruned: string | null; shares: Buffer; data: Buffer };
type VersionRow = { seq: number; at: number; name: string | null; authors: string };

interface RoomRows {
  snapshot: { data: Buffer; upto_seq: number } | null;
  log: Array<{ seq: number; data: Buffer; author: string | null }>;
  history: SegmentRow[];
  versions: VersionRow[];
  generation: number;
}

/** A room as the embedded server stores it (storage/sqlite-store.ts, history/sqlite-history.ts). */
function readRoom(db: Database.Database, room: string): RoomRows {
  const snapshot = db.prepare<[string], { data: Buffer; upto_seq: number }>('SELECT data, upto_seq FROM snapshots WHERE room = ?').get(room) ?? null;
  const log = db.prepare<[string, number], RoomRows['log'][number]>('SELECT seq, data, author FROM updates WHERE room = ? AND seq > ? ORDER BY seq').all(room, snapshot?.upto_seq ?? 0);
  const history = db.prepare<[string], SegmentRow>('SELECT seq, bytes, authors, pruned, shares, data FROM history WHERE room = ? ORDER BY seq').all(room);
  const versions = db.prepare<[string], VersionRow>('SELECT seq, at, name, authors FROM versions WHERE room = ? ORDER BY seq').all(room);
  const generation = db.prepare<[string], { generation: number }>('SELECT generation FROM link_generations WHERE room = ?').get(room)?.generation ?? 0;
  return { snapshot, log, history, versions, generation };
}

/** New ids from the cluster's log sequence for the room's positions, in their order. */
async function newPositions(client: pg.PoolClient, rows: RoomRows): Promise<Map<number, number>> {
  const old = new Set([...rows.log.map((r) => r.seq), ...rows.history.map((r) => r.seq), ...rows.versions.map((r) => r.seq)]);
  if (rows.snapshot) old.add(rows.snapshot.upto_seq);
  const sorted = [...old].sort((a, b) => a - b);
  const sql = "SELECT nextval(pg_get_serial_sequence('room_updates', 'id'))::float8 AS id FROM generate_series(1, $1)";
  const ids = (await client.query<{ id: number }>(sql, [sorted.length])).rows.map((row) => row.id).sort((a, b) => a - b);
  return new Map(sorted.map((seq, i) => [seq, ids[i] as number]));
}

/** Copies one room in one transaction; false if the database already holds it. */
function moveRoom(pool: pg.Pool, room: string, rows: RoomRows): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    const created = await client.query('INSERT INTO rooms (room, link_generation) VALUES ($1, $2) ON CONFLICT (room) DO NOTHING', [room, rows.generation]);
    const held = await client.query('SELECT 1 FROM room_updates WHERE room = $1 UNION ALL SELECT 1 FROM room_snapshots WHERE room = $1 LIMIT 1', [room]);
    if (created.rowCount === 0 || held.rowCount !== 0) return false;
    const at = await newPositions(client, rows);
    const position = (seq: number): number => at.get(seq) as number;
    if (rows.snapshot) await client.query('INSERT INTO room_snapshots (room, data, upto) VALUES ($1, $2, $3)', [room, rows.snapshot.data, position(rows.snapshot.upto_seq)]);
    for (const entry of rows.log) {
      const sql = 'INSERT INTO room_updates (id, room, data, author) OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4)';
      await client.query(sql, [position(entry.seq), room, entry.data, entry.author]);
    }
    for (const s of rows.history) {
      const sql = 'INSERT INTO room_history (room, seq, bytes, authors, pruned, shares, data) VALUES ($1, $2, $3, $4, $5, $6, $7)';
      await client.query(sql, [room, position(s.seq), s.bytes, s.authors, s.pruned, s.shares, s.data]);
    }
    for (const v of rows.versions) {
      await client.query('INSERT INTO room_versions (room, seq, at, name, authors) VALUES ($1, $2, $3, $4, $5)', [room, position(v.seq), v.at, v.name, v.authors]);
    }
    return true;
  });
}

export async function runMigrate(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<void> {
  const parsed = parseMigrate(argv, env);
  if (!parsed) return void process.stdout.write(`${migrateHelpText()}\n`);
  const dataDir = path.resolve(parsed.from);
  const file = path.join(dataDir, DATABASE_FILE_NAME);
  if (!fs.existsSync(file)) throw new OptionError(`migrate: no ${DATABASE_FILE_NAME} in ${dataDir}: is that the server's --data directory?`);
  const db = openDatabase(file);
  const pool = openPool(parsed.to);
  try {
    await migrateSchema(pool);
    const hasSecret = fs.existsSync(path.join(dataDir, SECRET_FILE_NAME));
    if (hasSecret) await checkSecret(pool, loadOrCreateSecret(dataDir, null));
    const rooms = db.prepare<[], { room: string }>('SELECT room FROM updates UNION SELECT room FROM snapshots UNION SELECT room FROM link_generations').all();
    let [boards, updates, versions, revoked, skipped] = [0, 0, 0, 0, 0];
    for (const { room } of rooms) {
      const rows = readRoom(db, room);
      if (!(await moveRoom(pool, room, rows))) {
        skipped++;
        continue;
      }
      if (rows.snapshot || rows.log.length > 0) boards++;
      updates += rows.log.length + (rows.snapshot ? 1 : 0);
      versions += rows.versions.length;
      if (rows.generation > 0) revoked++;
    }
    const to = safeUrl(parsed.to);
    process.stdout.write(`Moved ${boards} board(s) (${updates} stored updates, ${versions} versions; ${revoked} room(s) with revoked links) from ${dataDir} to ${to}\n`);
    if (skipped > 0) process.stdout.write(`Left ${skipped} room(s) alone: the database already had them.\n`);
    const secretNote = hasSecret
      ? `Start every instance with this directory's ${SECRET_FILE_NAME} in its --data directory (or the same --secret), or its links stop working.\n`
      : 'This directory has no secret.key: start every instance with the --secret this server used, or its links stop working.\n';
    process.stdout.write(secretNote);
  } finally {
    db.close();
    await pool.end();
  }
}
