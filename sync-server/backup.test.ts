/**
 * Backup and restore: `whiteboard-server backup` copies the data directory of a running server
 * while clients keep drawing in several rooms; a new server started on a copy of the backup
 * serves every room, with a consistent state (each room's edits up to some point, in order, none
 * missing in between), and accepts the old invite links because `secret.key` came along.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../protocol/role';
import { SECRET_FILE_NAME, loadOrCreateSecret } from './auth/secret';
import { signToken } from './auth/tokens';
import { BackupError, backupDataDir } from './backup';
import { eventually, synced, type TestClient } from './testing/harness';
import { runCli, startCliServer, type CliServer } from './testing/cli-server';
import { connectWssClient } from './testing/wss-client';
import { DATABASE_FILE_NAME } from './storage/sqlite-schema';

const ROOMS = ['backup-a', 'backup-b', 'backup-c', 'backup-d'];
/** One edit per room every 20 ms: steady drawing, well inside the per-connection rate limit. */
const EDIT_INTERVAL_MS = 20;
/** Edits each room has before the backup starts, so every room has real content to lose. */
const EDITS_BEFORE_BACKUP = 20;
const SYNC_TIMEOUT_MS = 10_000;

let dir: string;
const cleanups: Array<() => unknown> = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-backup-'));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function connect(server: CliServer, room: string, secret: Buffer): TestClient {
  const token = signToken(secret, { room, role: Role.Editor, generation: 0, expiresAt: null });
  const client = connectWssClient(server.url.replace(/^http/, 'ws'), room, { token });
  let destroyed = false;
  const destroy = (): void => {
    if (destroyed) return;
    destroyed = true;
    client.destroy();
  };
  cleanups.push(destroy);
  return { ...client, destroy };
}

function strokes(doc: Y.Doc): number[] {
  return doc.getArray<number>('strokes').toArray();
}

/** 0, 1, 2, … k-1: what one writer's edits look like when none is missing or out of order. */
function isPrefixRun(values: number[]): boolean {
  return values.every((value, index) => value === index);
}

describe('backup while clients edit, then restore', () => {
  it('restores into a server that serves every room, with the old links', async () => {
    const dataDir = path.join(dir, 'live');
    const server = await startCliServer({ dataDir, generatedSecret: true, logLevel: 'warn' });
    cleanups.push(() => server.stop());
    // The secret the server generated and kept: links signed with it must survive the restore.
    const secret = loadOrCreateSecret(dataDir, null);

    const writers = ROOMS.map((room) => connect(server, room, secret));
    const watchers = ROOMS.map((room) => connect(server, room, secret));
    await Promise.all([...writers, ...watchers].map((client) => synced(client)));
    const timers = writers.map((writer) => {
      let next = 0;
      return setInterval(() => writer.doc.getArray<number>('strokes').push([next++]), EDIT_INTERVAL_MS);
    });
    cleanups.push(() => timers.forEach((timer) => clearInterval(timer)));

    // A watcher sees an edit only after the server stored it (it stores before it broadcasts).
    const seen = (): number[] => watchers.map((watcher) => strokes(watcher.doc).length);
    await eventually(() => seen().every((count) => count >= EDITS_BEFORE_BACKUP), SYNC_TIMEOUT_MS, 'edits in every room');
    const seenBefore = seen();

    const outDir = path.join(dir, 'backups', 'nightly');
    const result = await runCli(['backup', '--data', dataDir, '--out', outDir]);
    const seenAfter = seen();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Backed up ${ROOMS.length} room(s)`);
    // The clients really were editing while the backup ran.
    expect(seenAfter.some((count, i) => count > (seenBefore[i] as number))).toBe(true);
    expect(fs.readdirSync(outDir).sort()).toEqual([SECRET_FILE_NAME, DATABASE_FILE_NAME].sort());
    expect(fs.statSync(path.join(outDir, SECRET_FILE_NAME)).mode & 0o077).toBe(0);

    timers.forEach((timer) => clearInterval(timer));
    await server.stop();
    [...writers, ...watchers].forEach((client) => client.destroy());

    // Restore as the guide says: a copy of the backup becomes the new server's data directory.
    const restoredDir = path.join(dir, 'restored');
    fs.cpSync(outDir, restoredDir, { recursive: true });
    const restored = await startCliServer({ dataDir: restoredDir, generatedSecret: true, logLevel: 'warn' });
    cleanups.push(() => restored.stop());

    const readers = ROOMS.map((room) => connect(restored, room, secret));
    await Promise.all(readers.map((reader) => synced(reader)));
    readers.forEach((reader, i) => {
      const values = strokes(reader.doc);
      expect(values.length, ROOMS[i]).toBeGreaterThanOrEqual(seenBefore[i] as number);
      expect(isPrefixRun(values), `${ROOMS[i]} holds its edits in order with none missing`).toBe(true);
      expect(reader.doc.store.pendingStructs, `${ROOMS[i]} has no edits waiting for missing ones`).toBeNull();
    });

    // And the restored server is a working server: an edit in a restored room reaches another client.
    const [first] = ROOMS;
    const other = connect(restored, first as string, secret);
    await synced(other);
    readers[0]?.doc.getMap('m').set('after-restore', true);
    await eventually(() => other.doc.getMap('m').get('after-restore') === true, 5_000, 'an edit on the restored server');
  });
});

describe('backupDataDir refuses what it cannot do safely', () => {
  it('names a data directory without a database', async () => {
    await expect(backupDataDir(path.join(dir, 'empty'), path.join(dir, 'out-empty'))).rejects.toThrow(/no whiteboard\.sqlite3 in .*empty: is that the server's --data directory\?/);
  });

  it('never writes into a directory that has files', async () => {
    const dataDir = path.join(dir, 'small');
    const server = await startCliServer({ dataDir, logLevel: 'warn' });
    await server.stop();
    const target = path.join(dir, 'taken');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'keep.txt'), 'an earlier backup');
    await expect(backupDataDir(dataDir, target)).rejects.toThrow(BackupError);
    await expect(backupDataDir(dataDir, target)).rejects.toThrow(/is not empty/);
    expect(fs.readdirSync(target)).toEqual(['keep.txt']);
    await expect(backupDataDir(dataDir, path.join(target, 'keep.txt'))).rejects.toThrow(/keep\.txt is a file; give a directory/);
    expect(fs.readFileSync(path.join(target, 'keep.txt'), 'utf8')).toBe('an earlier backup');
  });

  it('tells the operator to keep the secret when it is not in the data directory', async () => {
    const dataDir = path.join(dir, 'given-secret');
    const server = await startCliServer({ dataDir, logLevel: 'warn' }); // --secret: no secret.key
    await server.stop();
    const result = await runCli(['backup', '--data', dataDir, '--out', path.join(dir, 'out-given')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/no secret\.key.*\n.*Keep that secret with the backup/);
  });
});
