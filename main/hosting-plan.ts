/**
 * The plain half of "Host on this computer": how the built sync server is started (arguments,
 * environment), how its readiness is read from its output, and which addresses other computers
 * can reach it on. The Electron half (utilityProcess) is hosting.ts.
 */
import type { NetworkInterfaceInfo } from 'node:os';
import type { HostingStatus } from './bridge-api';
import { SQLITE_BINDING_ENV } from './sqlite-binding';

export const LOOPBACK_HOST = '127.0.0.1';
/** Every interface: only when the user allowed hosting for the local network. */
export const ALL_INTERFACES_HOST = '0.0.0.0';
/**
 * The port tried first, the server's own default: a stable port keeps invite links (and other
 * people's offline copies, which are keyed by server address) working across restarts. When it
 * is taken, any free port is used instead.
 */
export const PREFERRED_PORT = 4455;
export const ANY_FREE_PORT = 0;
/** The server is ready in well under a second; past this something is wrong. */
export const SERVER_START_TIMEOUT_MS = 15_000;
/** A line longer than this is not the ready line; the buffer never grows past it. */
export const MAX_OUTPUT_LINE_CHARS = 4096;

export interface ServerLaunch {
  lan: boolean;
  dataDir: string;
  port: number;
}

export function buildServerArgs(launch: ServerLaunch): string[] {
  return [
    '--host',
    launch.lan ? ALL_INTERFACES_HOST : LOOPBACK_HOST,
    '--port',
    String(launch.port),
    '--data',
    launch.dataDir,
    // The app shows what matters; the JSON log would only fill a pipe nobody reads.
    '--log-level',
    'warn',
  ];
}

/**
 * The malloc setting every launcher of the server uses (sync-server/testing/malloc-env.ts MALLOC_ENV,
 * which main/ may not import): board-sized buffers get mappings of their own, so that freeing
 * them gives the memory back (about half the RSS per idle connection, bench/server). glibc
 * reads it at process start; other platforms' C libraries ignore it.
 */
const SERVER_MALLOC_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: String(96 * 1024) };

/**
 * The server's environment: the app's, less every WHITEBOARD_* and LOG_LEVEL variable, which
 * the user may have set for a server of their own (a creation key, a public URL, a port) and
 * which would silently change the built-in one, plus the server's malloc setting unless the
 * user chose their own, plus the SQLite addon built for the runtime the server runs on when
 * that is not the system's Node (sqlite-binding.ts).
 */
export function serverEnvironment(env: Readonly<Record<string, string | undefined>>, sqliteBinding: string | null = null): Record<string, string> {
  const result: Record<string, string> = { ...SERVER_MALLOC_ENV };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || key.startsWith('WHITEBOARD_') || key === 'LOG_LEVEL') continue;
    result[key] = value;
  }
  if (sqliteBinding !== null) result[SQLITE_BINDING_ENV] = sqliteBinding;
  return result;
}

const READY_LINE = /^Whiteboard sync server ready at (https?):\/\/(?:\[[0-9A-Fa-f:.]+\]|[^\s:/[\]]+):(\d{1,5})\/?\s*$/;

/** Reads the server's stdout as it arrives, in chunks of any size, until the ready line. */
export class ReadyLineReader {
  private pending = '';

  /** The port the server listens on, once the ready line has been seen; otherwise null. */
  push(chunk: string): number | null {
    this.pending += chunk;
    const lines = this.pending.split('\n');
    this.pending = (lines.pop() as string).slice(-MAX_OUTPUT_LINE_CHARS);
    for (const line of lines) {
      const port = readyPort(line);
      if (port !== null) return port;
    }
    return null;
  }
}

/** The port in the server's `ready at http://host:port` line, or null for any other line. */
export function readyPort(line: string): number | null {
  const match = READY_LINE.exec(line.replace(/\r$/, ''));
  if (!match || match[1] !== 'http') return null;
  const port = Number(match[2]);
  return port >= 1 && port <= 65535 ? port : null;
}

/** Whether a failed start was because the port was taken (then any free port is tried). */
export function isAddressInUse(stderr: string): boolean {
  return /EADDRINUSE|address already in use/i.test(stderr);
}

/**
 * The IPv4 addresses other computers on the network can reach this one on: not loopback, not
 * link-local (169.254/16, which only exists when there is no real network).
 */
export function lanAddresses(interfaces: Readonly<Record<string, NetworkInterfaceInfo[] | undefined>>): string[] {
  const addresses: string[] = [];
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      if (info.family !== 'IPv4' || info.internal || info.address.startsWith('169.254.')) continue;
      if (!addresses.includes(info.address)) addresses.push(info.address);
    }
  }
  return addresses;
}

export function runningStatus(port: number, lan: boolean, interfaces: Readonly<Record<string, NetworkInterfaceInfo[] | undefined>>): HostingStatus {
  return {
    state: 'running',
    serverUrl: `ws://${LOOPBACK_HOST}:${port}`,
    httpUrl: `http://${LOOPBACK_HOST}:${port}`,
    lanUrls: lan ? lanAddresses(interfaces).map((address) => `http://${address}:${port}`) : [],
  };
}

/** A one-line reason for a server that exited before it was ready, from its stderr. */
export function startFailure(exitCode: number, stderr: string): string {
  const lastLine = stderr.trim().split('\n').pop()?.replace(/^whiteboard-server:\s*/, '').trim();
  return lastLine ? `The built-in server could not start: ${lastLine}` : `The built-in server stopped before it was ready (exit code ${exitCode}).`;
}
