/**
 * Test helper: a real PostgreSQL 15 (Debian's server binaries in /usr/lib/postgresql/15/bin) on a free loopback port,
 * its cluster in a temporary folder, started and stopped by the test itself. PostgreSQL refuses to run as root, so when
 * the tests run as root it runs as the `postgres` user, which owns its folder. `initdb` runs once per machine into a
 * template folder that each start copies: it takes seconds on a busy machine, a copy a fraction of one.
 *
 * fsync is off: these tests kill sync-server instances and stop PostgreSQL cleanly, never crash the database itself,
 * so what they check (acks after the commit) does not depend on its disk flushes.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './nginx';

export const PG_BIN = process.env.WHITEBOARD_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const TEMPLATE = path.join(os.tmpdir(), `whiteboard-pg15-template-${process.getuid?.() ?? 0}`);
const DATABASE = 'whiteboard';
/** A start takes well under a second; on a machine shared by several test runs, much longer. */
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

export interface RunningPostgres {
  /** postgres://postgres@127.0.0.1:PORT/whiteboard */
  readonly url: string;
  readonly port: number;
  output(): string;
  /** Fast shutdown (SIGINT): open connections are ended, everything committed is kept. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder, after `stop`. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
  /** The postmaster's process id (its backends are its children). */
  pid(): number;
}

/** uid and gid of the `postgres` user when running as root (PostgreSQL will not run as root), else nothing. */
function runAs(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function chown(dir: string): void {
  const user = runAs();
  if ('uid' in user) execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, dir]);
}

/** The initdb'd template, made once; concurrent test files race to make it, and one rename wins. */
function ensureTemplate(): void {
  if (fs.existsSync(path.join(TEMPLATE, 'PG_VERSION'))) return;
  const work = fs.mkdtempSync(`${TEMPLATE}-making-`);
  chown(work);
  const data = path.join(work, 'data');
  const args = ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'];
  execFileSync(path.join(PG_BIN, 'initdb'), args, { ...runAs(), stdio: 'pipe', timeout: START_TIMEOUT_MS });
  try {
    fs.renameSync(data, TEMPLATE);
  } catch (error) {
    if (!fs.existsSync(path.join(TEMPLATE, 'PG_VERSION'))) throw error;
  }
  fs.rmSync(work, { recursive: true, force: true });
}

async function waitReady(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`PostgreSQL exited before it was ready:\n${output()}`);
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/**
 * Starts a PostgreSQL of its own for the test, on a free port, with an empty `whiteboard` database. `durable` keeps
 * PostgreSQL's own flushes (fsync) on, as in production: for benchmarks.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<RunningPostgres> {
  ensureTemplate();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-pg-'));
  const data = path.join(dir, 'data');
  execFileSync('cp', ['-a', TEMPLATE, data]);
  chown(dir);
  fs.chmodSync(data, 0o700);
  const port = await freePort();
  let output = '';
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const start = async (): Promise<void> => {
    const fast = options.durable ? [] : ['fsync=off', 'full_page_writes=off'];
    const settings = ['listen_addresses=127.0.0.1', `unix_socket_directories=${data}`, ...fast, 'max_connections=200'];
    const proc = spawn(path.join(PG_BIN, 'postgres'), ['-D', data, '-p', String(port), ...settings.flatMap((s) => ['-c', s])], {
      ...runAs(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    child = proc;
    await waitReady(port, proc, () => output);
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGINT');
    const killer = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(killer);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`,
    port,
    pid: () => (child as ChildProcess | null)?.pid ?? 0,
    output: () => output,
    stop,
    start,
    destroy: async () => {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
