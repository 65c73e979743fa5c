/**
 * Test helper: the real built sync server (dist/sync-server/cli.js) started as hosting.ts starts
 * it, with its arguments and environment, and stopped as it stops it. Electron's utilityProcess
 * cannot run here, so the process is started with Node's child_process.fork: its IPC channel is
 * a fair stand-in for the utility process's parent port (the server listens on whichever it has,
 * sync-server/parent-port.ts), and `kill()` sends SIGKILL, as Electron's does after its 2 s grace.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReadyLineReader, buildServerArgs, serverEnvironment } from '../hosting-plan';
import type { StoppableServer } from '../server-stop';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_BUNDLE = ['cli.js', 'sqlite-thread.js', 'engine-thread.js', 'history-thread.js'].map((file) => path.join(REPO_ROOT, 'dist', 'sync-server', file));
const BUILD_TIMEOUT_MS = 60_000;

export interface HostedServer {
  readonly child: ChildProcess;
  readonly port: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The process as stopServer sees it; counts the kills. */
  readonly stoppable: StoppableServer & { kills: number };
  /** SIGKILL if still running; waits for the exit. For cleanup. */
  dispose(): Promise<void>;
}

/** The newest modification time of the server's sources (sync-server/ and protocol/, tests aside). */
function newestSourceMs(): number {
  let newest = 0;
  for (const dir of ['sync-server', 'protocol']) {
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
      newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/**
 * Builds the server bundle unless it is there and newer than its sources: vitest may run before
 * `npm run build`, and a bundle older than the code under test would test the old code.
 */
export function ensureServerBuilt(): void {
  const built = SERVER_BUNDLE.map((file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0));
  if (Math.min(...built) > newestSourceMs()) return;
  execFileSync(process.execPath, ['scripts/build-node.mjs', 'server'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: BUILD_TIMEOUT_MS });
}

/**
 * Starts the server on `dataDir` and a free loopback port, with the environment hosting.ts gives
 * it (`sqliteBinding`: the SQLite addon it names, or null for the package's own), and resolves
 * once it prints its ready line.
 */
export async function startHostedServer(dataDir: string, sqliteBinding: string | null = null): Promise<HostedServer> {
  ensureServerBuilt();
  const child = fork(SERVER_BUNDLE[0] as string, buildServerArgs({ lan: false, dataDir, port: 0 }), {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: serverEnvironment(process.env, sqliteBinding),
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const dispose = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const reader = new ReadyLineReader();
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      const ready = reader.push(chunk);
      if (ready !== null) resolve(ready);
    });
    void exited.then(({ code, signal }) => reject(new Error(`the server exited (${code ?? signal}) before it was ready:\n${stderr}`)));
  }).catch(async (error: unknown) => {
    await dispose();
    throw error;
  });
  const stoppable = {
    kills: 0,
    postMessage: (message: unknown) => void child.send(message as object),
    kill: () => {
      stoppable.kills++;
      return child.kill('SIGKILL');
    },
  };
  return { child, port, exited, stoppable, dispose };
}
