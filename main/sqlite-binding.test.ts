/**
 * Two builds of better-sqlite3 side by side: node_modules' for Node (`npm run server`, the
 * tests), dist/native's for Electron (the app's built-in server). Each runtime must load its
 * own, whatever ran before it. The server processes here are the real built server; which
 * addon file a process has loaded is read from its memory map (/proc/<pid>/maps).
 *
 * Electron cannot be downloaded here, so "the Electron build" in these tests is a stand-in: the
 * Node build copied to where scripts/electron-sqlite.ts puts Electron's. What is tested is the
 * path each runtime takes to its addon, which is the same whatever the addon's ABI.
 */
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { StopOutcome, stopServer } from './server-stop';
import {
  SQLITE_ADDON_FILE,
  SQLITE_BUILD_INFO_FILE,
  addonAbi,
  builderOs,
  electronSqliteDir,
  electronSqliteDirFor,
  electronSqliteStagingDir,
  sqliteBindingProblem,
  type ElectronSqliteInfo,
} from './sqlite-binding';
import { startHostedServer, type HostedServer } from './testing/hosted-server';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const NODE_ADDON = fs.realpathSync(path.join(REPO_ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', SQLITE_ADDON_FILE));
const HERE = { os: builderOs(process.platform), arch: process.arch };

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dataDir: string, sqliteBinding: string | null): Promise<HostedServer> {
  const server = await startHostedServer(dataDir, sqliteBinding);
  cleanups.push(() => server.dispose());
  return server;
}

/** The SQLite addon files a process has loaded. */
function loadedAddons(pid: number): string[] {
  const maps = fs.readFileSync(`/proc/${pid}/maps`, 'utf8');
  return [...new Set(maps.split('\n').flatMap((line) => (line.endsWith(SQLITE_ADDON_FILE) ? [line.slice(line.indexOf('/'))] : [])))];
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

describe('where each run finds its SQLite', () => {
  it('uses the build beside the project when run with `electron .`, and resources/native when packaged', () => {
    expect(electronSqliteDirFor({ packaged: false, resourcesPath: '/x', appPath: '/home/ada/whiteboard', platform: 'linux', arch: 'x64' })).toBe(
      path.join('/home/ada/whiteboard', 'dist', 'native', 'electron-linux-x64'),
    );
    expect(electronSqliteDirFor({ packaged: false, resourcesPath: '/x', appPath: '/Users/ada/whiteboard', platform: 'darwin', arch: 'arm64' })).toBe(
      path.join('/Users/ada/whiteboard', 'dist', 'native', 'electron-mac-arm64'),
    );
    expect(electronSqliteDirFor({ packaged: true, resourcesPath: '/opt/Whiteboard/resources', appPath: '/opt/Whiteboard/resources/app.asar', platform: 'linux', arch: 'x64' })).toBe(
      path.join('/opt/Whiteboard/resources', 'native'),
    );
    expect([builderOs('linux'), builderOs('darwin'), builderOs('win32')]).toEqual(['linux', 'mac', 'win']);
  });

  it('builds the Electron addon away from node_modules, so the Node build is never replaced', () => {
    const nodeModules = path.join(REPO_ROOT, 'node_modules') + path.sep;
    for (const dir of [electronSqliteDir(REPO_ROOT, 'linux', 'x64'), electronSqliteStagingDir(REPO_ROOT, 'win', 'x64')]) {
      expect(dir.startsWith(REPO_ROOT)).toBe(true);
      expect(dir.startsWith(nodeModules)).toBe(false);
    }
  });

  it('says what to do when the Electron build is missing or made for another Electron or system', () => {
    const runtime = { electronVersion: '45.6.1', os: 'linux' as const, arch: 'x64', packaged: false };
    const built: ElectronSqliteInfo = { electronVersion: '45.2.0', betterSqlite3Version: '12.11.1', os: 'linux', arch: 'x64' };
    expect(sqliteBindingProblem(built, runtime)).toBeNull();
    expect(sqliteBindingProblem(null, runtime)).toMatch(/has not been built\. Run `npm run build:electron-sqlite`/);
    expect(sqliteBindingProblem({ ...built, electronVersion: '41.7.1' }, runtime)).toMatch(/built for Electron 41\.7\.1, and this is Electron 45\.6\.1/);
    expect(sqliteBindingProblem({ ...built, arch: 'arm64' }, runtime)).toMatch(/built for linux-arm64, and this is linux-x64/);
    expect(sqliteBindingProblem(null, { ...runtime, packaged: true })).toMatch(/install Whiteboard again/);
  });

  it('reads the ABI an addon was built for, which the build script checks against Electron’s', () => {
    expect(addonAbi(fs.readFileSync(NODE_ADDON))).toBe(process.versions.modules);
    expect(addonAbi(new TextEncoder().encode('no such symbol'))).toBeNull();
  });
});

describe('each runtime loads its own build, in any order', () => {
  it('npm start, then npm run server, then npm test: no rebuild in between', async () => {
    const before = sha256(NODE_ADDON);

    // `npm start`: the app's server loads the Electron build its main process names.
    const projectRoot = tempDir('wb-app-');
    const electronDir = electronSqliteDirFor({ packaged: false, resourcesPath: '', appPath: projectRoot, platform: process.platform, arch: process.arch });
    fs.mkdirSync(electronDir, { recursive: true });
    fs.copyFileSync(NODE_ADDON, path.join(electronDir, SQLITE_ADDON_FILE));
    const info: ElectronSqliteInfo = { electronVersion: '45.6.1', betterSqlite3Version: '12.11.1', ...HERE };
    fs.writeFileSync(path.join(electronDir, SQLITE_BUILD_INFO_FILE), JSON.stringify(info));
    expect(sqliteBindingProblem(JSON.parse(fs.readFileSync(path.join(electronDir, SQLITE_BUILD_INFO_FILE), 'utf8')), { electronVersion: '45.6.1', ...HERE, packaged: false })).toBeNull();
    const hosted = await start(tempDir('wb-data-'), path.join(electronDir, SQLITE_ADDON_FILE));
    expect(loadedAddons(hosted.child.pid as number)).toEqual([fs.realpathSync(path.join(electronDir, SQLITE_ADDON_FILE))]);
    expect(await stopServer(hosted.stoppable, hosted.exited)).toBe(StopOutcome.Stopped);

    // `npm run server`: plain Node, the package's own build, untouched.
    const server = await start(tempDir('wb-data-'), null);
    expect(loadedAddons(server.child.pid as number)).toEqual([NODE_ADDON]);
    expect(await stopServer(server.stoppable, server.exited)).toBe(StopOutcome.Stopped);

    // `npm test`: this very process is Node, loading better-sqlite3 the usual way.
    const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => { prepare(sql: string): { get(): unknown }; close(): void };
    const db = new Database(':memory:');
    expect(db.prepare('select 1 as one').get()).toEqual({ one: 1 });
    db.close();
    expect(loadedAddons(process.pid)).toContain(NODE_ADDON);
    expect(sha256(NODE_ADDON)).toBe(before);
  }, 60_000);
});
