/**
 * "Host on this computer": runs the built sync server (dist/sync-server/cli.js) in an Electron
 * utility process: a separate process, so a crash there never takes the window down, and
 * started from the built file, never imported (DESIGN.md). Its data lives in the app's user
 * data folder. It loads the SQLite addon built for Electron, not node_modules' one, which is
 * the system Node's (sqlite-binding.ts). The plain decisions (arguments, output, addresses) are
 * in hosting-plan.ts.
 */
import fs from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { utilityProcess, type UtilityProcess } from 'electron';
import type { HostingStatus } from './bridge-api';
import {
  ANY_FREE_PORT,
  PREFERRED_PORT,
  ReadyLineReader,
  SERVER_START_TIMEOUT_MS,
  buildServerArgs,
  isAddressInUse,
  runningStatus,
  serverEnvironment,
  startFailure,
} from './hosting-plan';
import { SERVER_STOP_TIMEOUT_MS, StopOutcome, stopServer } from './server-stop';
import { SQLITE_ADDON_FILE, SQLITE_BUILD_INFO_FILE, builderOs, sqliteBindingProblem } from './sqlite-binding';

/** stderr kept for the error message; the last lines are the ones that explain a failure. */
const MAX_STDERR_CHARS = 8192;

type LaunchResult = { ok: true; child: UtilityProcess; port: number } | { ok: false; error: string; addressInUse: boolean };

export class HostingController {
  private status: HostingStatus = { state: 'stopped', error: null };
  private child: UtilityProcess | null = null;
  private lan = false;
  private starting: Promise<HostingStatus> | null = null;

  constructor(
    private readonly serverEntry: string,
    private readonly dataDir: string,
    /** The folder of the SQLite addon built for this Electron (sqlite-binding.ts electronSqliteDirFor). */
    private readonly sqliteDir: string,
    private readonly packaged: boolean,
    private readonly onChange: (status: HostingStatus) => void,
  ) {}

  current(): HostingStatus {
    return this.status;
  }

  async start(lan: boolean): Promise<HostingStatus> {
    if (this.starting) return this.starting;
    if (this.status.state === 'running' && this.lan === lan) return this.status;
    if (this.child) await this.stop();
    this.starting = this.launchWithFallback(lan).finally(() => (this.starting = null));
    return this.starting;
  }

  private async launchWithFallback(lan: boolean): Promise<HostingStatus> {
    this.setStatus({ state: 'starting' });
    const problem = this.sqliteProblem();
    if (problem) {
      this.setStatus({ state: 'stopped', error: `The built-in server cannot start: ${problem}` });
      return this.status;
    }
    let result = await this.launch(lan, PREFERRED_PORT);
    if (!result.ok && result.addressInUse) result = await this.launch(lan, ANY_FREE_PORT);
    if (!result.ok) {
      this.setStatus({ state: 'stopped', error: result.error });
      return this.status;
    }
    const { child, port } = result;
    this.child = child;
    this.lan = lan;
    child.once('exit', (code) => {
      if (this.child !== child) return;
      this.child = null;
      this.setStatus({ state: 'stopped', error: code === 0 ? null : `The built-in server stopped unexpectedly (exit code ${code}).` });
    });
    this.setStatus(runningStatus(port, lan, networkInterfaces()));
    return this.status;
  }

  private launch(lan: boolean, port: number): Promise<LaunchResult> {
    return new Promise((resolve) => {
      const child = utilityProcess.fork(this.serverEntry, buildServerArgs({ lan, dataDir: this.dataDir, port }), {
        stdio: 'pipe',
        serviceName: 'Whiteboard sync server',
        env: serverEnvironment(process.env, path.join(this.sqliteDir, SQLITE_ADDON_FILE)),
      });
      const reader = new ReadyLineReader();
      let stderr = '';
      let settled = false;
      const settle = (result: LaunchResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(() => {
        child.kill();
        settle({ ok: false, error: `The built-in server did not start within ${SERVER_START_TIMEOUT_MS / 1000} s.`, addressInUse: false });
      }, SERVER_START_TIMEOUT_MS);
      child.stdout?.setEncoding('utf8');
      child.stderr?.setEncoding('utf8');
      child.stdout?.on('data', (chunk: string) => {
        const readyPort = reader.push(chunk);
        if (readyPort !== null) settle({ ok: true, child, port: readyPort });
      });
      child.stderr?.on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-MAX_STDERR_CHARS);
      });
      child.once('exit', (code) => settle({ ok: false, error: startFailure(code, stderr), addressInUse: isAddressInUse(stderr) }));
    });
  }

  /**
   * Stops the server: asked on its parent port, it stores every room and exits (server-stop.ts);
   * only one still running after SERVER_STOP_TIMEOUT_MS is killed.
   */
  async stop(): Promise<HostingStatus> {
    const child = this.child;
    this.child = null;
    let error: string | null = null;
    if (child) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      if ((await stopServer(child, exited)) === StopOutcome.Killed) {
        error = `The built-in server did not stop within ${SERVER_STOP_TIMEOUT_MS / 1000} s and was ended. Every change it had confirmed as saved is stored.`;
      }
    }
    this.setStatus({ state: 'stopped', error });
    return this.status;
  }

  /** Why the Electron build of SQLite cannot be loaded, before a server fails on it; null if it can. */
  private sqliteProblem(): string | null {
    let info: unknown = null;
    try {
      info = JSON.parse(fs.readFileSync(path.join(this.sqliteDir, SQLITE_BUILD_INFO_FILE), 'utf8'));
      if (!fs.existsSync(path.join(this.sqliteDir, SQLITE_ADDON_FILE))) info = null;
    } catch {
      info = null;
    }
    return sqliteBindingProblem(info, { electronVersion: process.versions.electron, os: builderOs(process.platform), arch: process.arch, packaged: this.packaged });
  }

  isRunning(): boolean {
    return this.child !== null;
  }

  private setStatus(status: HostingStatus): void {
    this.status = status;
    this.onChange(status);
  }
}
