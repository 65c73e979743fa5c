/**
 * Test helper: the built CLI (`dist/sync-server/cli.js`) started with any flags, for the
 * self-hosting tests that exercise what only the command line wires up (--tls-cert,
 * --trust-proxy, the `backup` command). Unlike server-process.ts it takes arbitrary arguments
 * and understands an https address. It always binds 127.0.0.1 and a free port.
 */
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_SECRET_TEXT } from './harness';
import { SERVER_CLI, ensureServerBuilt } from './server-process';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;
/** A backup of a test database takes well under a second; this only guards against a hang. */
const COMMAND_TIMEOUT_MS = 30_000;

export interface CliServer {
  /** http(s)://127.0.0.1:PORT, as the server printed it. */
  readonly url: string;
  readonly port: number;
  output(): string;
  /** The JSON log lines (pino), parsed. */
  logRecords(): Array<Record<string, unknown>>;
  /** SIGTERM, SIGKILL if it takes too long; resolves once the process is gone. */
  stop(): Promise<void>;
}

export interface CliServerOptions {
  dataDir: string;
  /** Extra flags, after --host 127.0.0.1 --port 0 --data <dir> --secret <test secret>. */
  args?: string[];
  logLevel?: string;
  /** Leave out --secret, so the server generates and keeps `secret.key` in the data directory. */
  generatedSecret?: boolean;
}

function parseLog(output: string): Array<Record<string, unknown>> {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

export function startCliServer(options: CliServerOptions): Promise<CliServer> {
  ensureServerBuilt();
  const args = [SERVER_CLI, '--host', '127.0.0.1', '--port', '0', '--data', options.dataDir];
  if (!options.generatedSecret) args.push('--secret', TEST_SECRET_TEXT);
  args.push(...(options.args ?? []));
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: options.logLevel ?? 'info' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise<CliServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it was ready:\n${output}`));
    };
    const onData = (): void => {
      const match = /ready at (https?:\/\/127\.0\.0\.1:(\d+))/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      resolve({
        url: match[1] as string,
        port: Number(match[2]),
        output: () => output,
        logRecords: () => parseLog(output),
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
            await exited;
            clearTimeout(killer);
          }
        },
      });
    };
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Runs a one-shot CLI command (`backup …`); resolves with its exit code and output. */
export function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  ensureServerBuilt();
  return new Promise((resolve) => {
    execFile(process.execPath, [SERVER_CLI, ...args], { cwd: REPO_ROOT, timeout: COMMAND_TIMEOUT_MS }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
