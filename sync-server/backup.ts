/**
 * `whiteboard-server backup`: a consistent copy of a data directory while the server runs. cp could tear the database;
 * SQLite's online backup copies it as of one read transaction, which in WAL mode never blocks the server, in one step so
 * writes never restart it. The copy (database and `secret.key`) is written beside the target and renamed into place.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SECRET_FILE_NAME } from './auth/secret';
import { DATABASE_FILE_NAME } from './storage/sqlite-schema';

/** Pages per backup step: better-sqlite3's most, i.e. everything in one step. */
const ALL_PAGES_PER_STEP = 0x7fffffff;
/** How long the backup waits for the server's write lock when it must (opening the database). */
const BUSY_TIMEOUT_MS = 10_000;

export class BackupError extends Error {}

function checkTarget(outDir: string): void {
  if (!fs.existsSync(outDir)) return;
  if (!fs.statSync(outDir).isDirectory()) throw new BackupError(`${outDir} is a file; give a directory that does not exist yet`);
  if (fs.readdirSync(outDir).length > 0) throw new BackupError(`${outDir} is not empty; give a new directory so no earlier backup is overwritten`);
}

/** Copies `dataDir` (database, and secret.key if it has one: `secretCopied`) into `outDir`, which must not exist or be empty. */
export async function backupDataDir(dataDir: string, outDir: string) {
  const source = path.join(dataDir, DATABASE_FILE_NAME);
  if (!fs.existsSync(source)) throw new BackupError(`no ${DATABASE_FILE_NAME} in ${dataDir}: is that the server's --data directory?`);
  const target = path.resolve(outDir);
  checkTarget(target);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { mode: 0o700 });
  try {
    const db = new Database(source, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    try {
      await db.backup(path.join(partial, DATABASE_FILE_NAME), { progress: () => ALL_PAGES_PER_STEP });
    } finally {
      db.close();
    }
    const rooms = verify(path.join(partial, DATABASE_FILE_NAME));
    const secretFile = path.join(dataDir, SECRET_FILE_NAME);
    const secretCopied = fs.existsSync(secretFile);
    if (secretCopied) {
      fs.copyFileSync(secretFile, path.join(partial, SECRET_FILE_NAME));
      fs.chmodSync(path.join(partial, SECRET_FILE_NAME), 0o600);
    }
    const databaseBytes = fs.statSync(path.join(partial, DATABASE_FILE_NAME)).size;
    fs.rmSync(target, { recursive: true, force: true }); // empty (checked above), or absent
    fs.renameSync(partial, target);
    return { outDir: target, rooms, databaseBytes, secretCopied };
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** Opens the copy on its own and checks every page: a backup that cannot be restored is no backup. */
function verify(file: string): number {
  const copy = new Database(file, { fileMustExist: true });
  try {
    const result = copy.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new BackupError(`the copy failed its integrity check: ${String(result)}`);
    const count = 'SELECT COUNT(*) AS rooms FROM (SELECT room FROM updates UNION SELECT room FROM snapshots)';
    return copy.prepare<[], { rooms: number }>(count).get()?.rooms ?? 0;
  } finally {
    copy.close();
  }
}
