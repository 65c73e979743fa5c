/**
 * Starts the servers, each in its own Node process (the same `node` as the driver), with the
 * probe preloaded (servers/probe.cjs) so that CPU time, memory and profiles are taken the same
 * way for all of them. The server is pinned to one core and the driver to the other with
 * `taskset` when the machine has both.
 *
 * - ours: the sync server built from sync-server/ (esbuild, the same options as
 *   scripts/build-node.mjs, into node_modules/.cache so a concurrent `npm run build` cannot swap
 *   files under a running bench), SQLite persistence in a fresh data directory;
 * - y-websocket: @y/websocket-server's own CLI (src/server.js), documents in memory;
 * - y-websocket-leveldb: the same CLI with its own persistence switched on (YPERSISTENCE, y-leveldb:
 *   every update is stored in LevelDB, asynchronously, after it has been broadcast), so that ours'
 *   cost of storing can be set against a peer that stores too;
 * - hocuspocus: @hocuspocus/server 3 with its defaults (servers/hocuspocus.mjs), in memory;
 * - send-floor: not a server people run but the floor of fan-out, a bare `ws` relay that sends
 *   each message to the room's other connections and does nothing else (servers/send-floor.mjs),
 *   run in the fan-out scenarios only;
 * - ours-b: with BENCH_OURS_B_SRC only, ours built from another checkout, run beside ours as one
 *   more server: an A/B of a server change inside one run, where separate runs minutes apart
 *   differ by more than most changes do (bench/NOTES.md, 2026-12-07 afternoon).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Role } from '../../protocol/role';
import { signToken } from '../../sync-server/auth/tokens';
import { MALLOC_ENV } from '../../sync-server/testing/malloc-env';
import type { Target } from './client';
import type { Framing } from './wire';

export type ServerName = 'ours' | 'ours-b' | 'y-websocket' | 'y-websocket-leveldb' | 'hocuspocus' | 'send-floor';
/** BENCH_OURS_B_SRC: the checkout "ours-b" is built from; without it there is no "ours-b". */
const OURS_B_SRC = process.env.BENCH_OURS_B_SRC ? path.resolve(process.env.BENCH_OURS_B_SRC) : null;
/** The servers a run knows, in the table's order: "ours-b" right after ours, if it is built. */
export function serverNames(withB: boolean): ServerName[] {
  return ['ours', ...(withB ? (['ours-b'] as const) : []), 'y-websocket', 'y-websocket-leveldb', 'hocuspocus', 'send-floor'];
}
export const SERVER_NAMES: readonly ServerName[] = serverNames(OURS_B_SRC !== null);
/** Both builds of our server take ours' options, token and phases. */
export const isOurs = (name: ServerName): boolean => name === 'ours' || name === 'ours-b';
/** The servers people run instead of ours: "no worse than the best peer" means the best of these. */
export const PEER_NAMES: readonly ServerName[] = ['y-websocket', 'y-websocket-leveldb', 'hocuspocus'];
/** The send floor: a reference for fan-out, not a peer (servers/send-floor.mjs). */
export const FLOOR: ServerName = 'send-floor';
/** Everything ours is given a ratio against: its other build (if any), the peers and the floor. */
export const COMPARED_NAMES: readonly ServerName[] = [...SERVER_NAMES.filter((name) => name === 'ours-b'), ...PEER_NAMES, FLOOR];
/** Column headings: short, so that the table fits a terminal. */
export const SERVER_SHORT_NAMES: Record<ServerName, string> = {
  ours: 'ours',
  'ours-b': 'ours-b',
  'y-websocket': 'y-ws',
  'y-websocket-leveldb': 'y-ws+ldb',
  hocuspocus: 'hocus',
  'send-floor': 'floor',
};

/**
 * Ours runs with the malloc setting it is deployed with (MALLOC_ENV: deploy/docker,
 * deploy/systemd, the desktop app); BENCH_OURS_MALLOC=default runs it with glibc's defaults, for
 * before/after. The peers run as they ship.
 */
const OURS_MALLOC_ENV: Readonly<Record<string, string>> = process.env.BENCH_OURS_MALLOC === 'default' ? {} : MALLOC_ENV;
const OURS_MALLOC_NOTE =
  OURS_MALLOC_ENV === MALLOC_ENV ? `${Object.entries(MALLOC_ENV).map(([key, value]) => `${key}=${value}`).join(' ')} (as deployed)` : "glibc malloc's defaults";

export const SERVER_NOTES: Record<ServerName, string> = {
  ours: `Whiteboard sync server${process.env.BENCH_OURS_SRC ? ` built from ${process.env.BENCH_OURS_SRC}` : ''}, SQLite persistence (WAL), log level warn, ${OURS_MALLOC_NOTE}`,
  'ours-b': `the same as ours, built from ${OURS_B_SRC ?? '(BENCH_OURS_B_SRC unset)'}`,
  'y-websocket': '@y/websocket-server 0.1.1 CLI, in-memory (default, no YPERSISTENCE)',
  'y-websocket-leveldb': '@y/websocket-server 0.1.1 CLI with YPERSISTENCE (y-leveldb 0.1.2): every update stored in LevelDB, asynchronously, after it is broadcast',
  hocuspocus: '@hocuspocus/server 3.4.4, default config, in-memory (no extensions)',
  'send-floor': 'a bare ws relay, one ws.send per reader and nothing else (bench/server/servers/send-floor.mjs), fan-out scenarios only',
};

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
/**
 * BENCH_OURS_SRC: build "ours" from another checkout of the repo's source (a directory holding
 * sync-server/ and protocol/ inside this repo's tree, so packages resolve): for before/after
 * comparisons of a proposed server change without touching sync-server/.
 */
const OURS_SRC = path.resolve(process.env.BENCH_OURS_SRC ?? ROOT);
export const BUILD_DIR = path.join(ROOT, 'node_modules/.cache/whiteboard-bench', OURS_SRC === ROOT ? 'sync-server' : `${path.basename(OURS_SRC)}-sync-server`);
const B_BUILD_DIR = path.join(ROOT, 'node_modules/.cache/whiteboard-bench', 'ours-b-sync-server');
export const SECRET_TEXT = 'whiteboard-bench-secret-only-for-loopback-benchmarks';
const SECRET = Buffer.from(SECRET_TEXT, 'utf8');

export interface ServerStats {
  cpuMicros: number;
  /** CPU milliseconds per thread name ('main' is the event loop), Linux only. */
  threads: Record<string, number>;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface ServerHandle extends Target {
  readonly name: ServerName;
  readonly pid: number;
  stats(gc?: boolean): Promise<ServerStats>;
  profileStart(): Promise<void>;
  profileStop(file: string): Promise<void>;
  stop(): Promise<void>;
}

let built = false;
/** Builds our server from source once per bench run (and "ours-b" if asked for). */
export async function buildOurs(): Promise<void> {
  if (built) return;
  await buildServer(OURS_SRC, BUILD_DIR);
  if (OURS_B_SRC) await buildServer(OURS_B_SRC, B_BUILD_DIR);
  built = true;
}

async function buildServer(source: string, outDir: string): Promise<void> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const common = { bundle: true, packages: 'external', target: 'node20', format: 'esm', platform: 'node', logLevel: 'warning', define: { __APP_VERSION__: JSON.stringify(pkg.version) } } as const;
  await build({ ...common, entryPoints: [path.join(source, 'sync-server/cli.ts')], outfile: path.join(outDir, 'cli.js') });
  // The server's threads sit beside its entry point, as `npm run build:server` puts them
  // (sources from before the storage thread had a compaction worker and room workers instead).
  const threads: Array<[string, string]> = [
    ['sync-server/storage/sqlite-thread.ts', 'sqlite-thread.js'],
    ['sync-server/engine/engine-thread.ts', 'engine-thread.js'],
    ['sync-server/history/history-thread.ts', 'history-thread.js'],
    ['sync-server/cluster/merge-thread.ts', 'merge-thread.js'],
    ['sync-server/storage/compaction-worker.ts', 'compaction-worker.js'],
    ['sync-server/room-worker.ts', 'room-worker.js'],
  ];
  for (const [thread, out] of threads) {
    const entry = path.join(source, thread);
    if (fs.existsSync(entry)) await build({ ...common, entryPoints: [entry], outfile: path.join(outDir, out) });
    else fs.rmSync(path.join(outDir, out), { force: true });
  }
}

export const hasTaskset = spawnSync('taskset', ['-V']).status === 0 && os.availableParallelism() >= 2;
export const SERVER_CORE = 0;
export const OURS_ENV = OURS_MALLOC_ENV;
export const DRIVER_CORE = 1;

/** Pins the driver (every thread of this process) to its core. */
export function pinDriver(): boolean {
  if (!hasTaskset) return false;
  return spawnSync('taskset', ['-a', '-cp', String(DRIVER_CORE), String(process.pid)]).status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function withoutKeys(env: NodeJS.ProcessEnv, keys: readonly string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !keys.includes(key)));
}

export async function startServer(name: ServerName): Promise<ServerHandle> {
  const port = await freePort();
  let script: string[];
  // Nothing from the driver's environment that would change how a server runs: each gets only
  // what its case below gives it (a malloc setting exported for one A/B run must not reach the
  // peers, nor YPERSISTENCE the in-memory y-websocket).
  let env: NodeJS.ProcessEnv = { ...withoutKeys(process.env, [...Object.keys(MALLOC_ENV), 'YPERSISTENCE']), PORT: String(port), HOST: '127.0.0.1' };
  let framing: Framing = 'plain';
  let dataDir: string | null = null;
  switch (name) {
    case 'ours':
    case 'ours-b':
      await buildOurs();
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'whiteboard-bench-'));
      script = [path.join(name === 'ours' ? BUILD_DIR : B_BUILD_DIR, 'cli.js'), '--host', '127.0.0.1', '--port', String(port), '--data', dataDir, '--log-level', 'warn'];
      env = { ...env, WHITEBOARD_SECRET: SECRET_TEXT, ...OURS_MALLOC_ENV };
      break;
    case 'y-websocket':
      script = [path.join(ROOT, 'node_modules/@y/websocket-server/src/server.js')];
      break;
    case 'y-websocket-leveldb':
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'whiteboard-bench-leveldb-'));
      script = [path.join(ROOT, 'node_modules/@y/websocket-server/src/server.js')];
      env = { ...env, YPERSISTENCE: dataDir };
      break;
    case 'hocuspocus':
      script = [path.join(HERE, 'servers/hocuspocus.mjs')];
      framing = 'hocuspocus';
      break;
    case 'send-floor':
      script = [path.join(HERE, 'servers/send-floor.mjs')];
      break;
  }
  return spawnServer(name, port, script, env, framing, dataDir);
}

/** Starts `node <script>` with the probe, pinned to the servers' core; resolves once it listens on `port`. */
export async function spawnServer(name: ServerName, port: number, script: string[], env: NodeJS.ProcessEnv, framing: Framing, dataDir: string | null): Promise<ServerHandle> {
  const nodeArgs = ['--expose-gc', ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--require', path.join(HERE, 'servers/probe.cjs')];
  const command = hasTaskset ? 'taskset' : process.execPath;
  const args = hasTaskset ? ['-c', String(SERVER_CORE), process.execPath, ...nodeArgs, ...script] : [...nodeArgs, ...script];
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.BENCH_VERBOSE) process.stderr.write(`[${name}] ${chunk.toString()}`);
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.BENCH_VERBOSE) process.stderr.write(`[${name}] ${chunk.toString()}`);
  });
  const handle = makeHandle(name, child, port, framing, dataDir);
  await waitForPort(port, child, () => output);
  return handle;
}

export async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) before listening:\n${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server did not listen on ${port}:\n${output()}`);
}

export function makeHandle(name: ServerName, child: ChildProcess, port: number, framing: Framing, dataDir: string | null): ServerHandle {
  let nextId = 1;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on('message', (reply: { id: number; ok: boolean; result?: unknown; error?: string }) => {
    const entry = waiting.get(reply.id);
    if (!entry) return;
    waiting.delete(reply.id);
    if (reply.ok) entry.resolve(reply.result);
    else entry.reject(new Error(reply.error));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ask = <T>(request: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...request, id });
    });
  return {
    name,
    pid: child.pid!,
    baseUrl: `ws://127.0.0.1:${port}`,
    framing,
    tokenFor: (room: string) => (isOurs(name) ? signToken(SECRET, { room, role: Role.Editor, generation: 0, expiresAt: null }) : 'bench'),
    stats: (gc = false) => ask<ServerStats>({ type: 'stats', gc }),
    profileStart: () => ask<void>({ type: 'profileStart' }),
    profileStop: (file: string) => ask<void>({ type: 'profileStop', file }),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
        await exited;
        clearTimeout(timer);
      }
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
