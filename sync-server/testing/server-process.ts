/**
 * Test helper: the built sync server (`dist/sync-server/cli.js`) as a real child process, so
 * that tests can do what only a process allows: kill it with SIGKILL and start another one on
 * the same data directory (and, so that clients reconnect by themselves, the same port).
 *
 * Unlike e2e/sync-server-process.ts, this builds the server when the bundle is missing (vitest
 * may run before `npm run build:server` on a fresh checkout), and it keeps the server's log.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TEST_SECRET_TEXT } from './harness';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SERVER_CLI = fileURLToPath(new URL('../../dist/sync-server/cli.js', import.meta.url));
const THREADS = ['sqlite-thread.js', 'engine-thread.js', 'history-thread.js', 'merge-thread.js'].map((name) => fileURLToPath(new URL(`../../dist/sync-server/${name}`, import.meta.url)));
const BUILD_TIMEOUT_MS = 60_000;
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;

/** Builds the server bundle (`node scripts/build-node.mjs server`) unless it is already there. */
export function ensureServerBuilt(): void {
  if (fs.existsSync(SERVER_CLI) && THREADS.every((file) => fs.existsSync(file))) return;
  execFileSync(process.execPath, ['scripts/build-node.mjs', 'server'], {
    cwd: REPO_ROOT,
    stdio: 'pipe',
    timeout: BUILD_TIMEOUT_MS,
  });
  if (!fs.existsSync(SERVER_CLI)) throw new Error(`building the server did not produce ${SERVER_CLI}`);
}

export interface ServerProcess {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** ws://127.0.0.1:PORT */
  readonly wsUrl: string;
  readonly port: number;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** The process's JSON log lines (pino) parsed; other lines are skipped. */
  logRecords(): Array<Record<string, unknown>>;
  /** Resolves when the process has exited, whatever the reason. */
  readonly exited: Promise<void>;
  /** Sends SIGKILL (no shutdown, no flush) and waits for the process to be gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown), SIGKILL if it takes too long; waits for exit. */
  stop(): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Server log level; `warn` by default, which includes every connection the server closes. */
  logLevel?: string;
  /** More flags, after --host, --port, --data and --secret. */
  args?: string[];
}

const running = new Set<ServerProcess>();

/** Every server process started here that has not exited yet; for cleanup hooks. */
export function runningServers(): ServerProcess[] {
  return [...running];
}

function spawnOnce(options: StartOptions): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [SERVER_CLI, '--host', '127.0.0.1', '--port', String(options.port ?? 0), '--data', options.dataDir, '--secret', TEST_SECRET_TEXT, ...(options.args ?? [])],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: options.logLevel ?? 'warn' },
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

  return new Promise<ServerProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`server exited (${code ?? signal}) before it was ready:\n${output}`), { output }));
    };
    const onData = (): void => {
      const match = /ready at (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      const url = match[1] as string;
      const server: ServerProcess = {
        url,
        wsUrl: url.replace(/^http/, 'ws'),
        port: Number(match[2]),
        dataDir: options.dataDir,
        child,
        output: () => output,
        logRecords: () =>
          output.split('\n').flatMap((line) => {
            if (!line.startsWith('{')) return [];
            try {
              return [JSON.parse(line) as Record<string, unknown>];
            } catch {
              return [];
            }
          }),
        exited,
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
            await exited;
            clearTimeout(timer);
          }
        },
      };
      running.add(server);
      void exited.then(() => running.delete(server));
      resolve(server);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * Starts `node dist/sync-server/cli.js --host 127.0.0.1 --port <port> --data <dataDir>` and
 * resolves once it prints that it is ready. A fixed port that is briefly still taken (by a
 * process that was just killed) is retried for a few seconds.
 */
export async function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      return await spawnOnce(options);
    } catch (error) {
      const output = (error as { output?: string }).output ?? '';
      if (!options.port || !/EADDRINUSE/.test(output) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
