/**
 * The built-in server's SQLite, built for Electron. better-sqlite3 is a native addon, compiled
 * for one Node ABI: the copy in node_modules is built for the system's Node, which runs
 * `npm run server` and the tests, while the app runs the server in an Electron utility process,
 * whose Node has another ABI. Rebuilding node_modules for Electron (electron-builder's
 * `npmRebuild`, or @electron/rebuild by hand) broke the first two in turn. So there are two
 * builds side by side and nothing is rebuilt in place:
 *
 * - node_modules/better-sqlite3/build/Release: the package's own, for Node;
 * - dist/native/electron-<os>-<arch>/better_sqlite3.node: for Electron, made by
 *   `npm run build:electron-sqlite` (scripts/electron-sqlite.ts, also run by `npm start` and,
 *   per target, by electron-builder's beforePack), with build-info.json saying for which Electron.
 *   electron-builder copies that folder to `resources/native` in the package.
 *
 * The app names the Electron build to the server in WHITEBOARD_SQLITE_BINDING, which the server
 * passes to better-sqlite3's `nativeBinding` option (sync-server/storage/sqlite-schema.ts).
 * Plain code, so the layout is tested under Node and shared with the build script.
 */
import path from 'node:path';

export const SQLITE_BINDING_ENV = 'WHITEBOARD_SQLITE_BINDING';
export const SQLITE_ADDON_FILE = 'better_sqlite3.node';
export const SQLITE_BUILD_INFO_FILE = 'build-info.json';
/** Inside the package's resources folder (electron-builder.yml extraResources `to`). */
export const PACKAGED_NATIVE_DIR = 'native';
/** Staging and output of the Electron builds, under the project root. */
export const NATIVE_BUILD_DIR = path.join('dist', 'native');

/** electron-builder's `${os}` macro: the target's configuration key. */
export type BuilderOs = 'linux' | 'mac' | 'win';

export function builderOs(platform: NodeJS.Platform): BuilderOs {
  if (platform === 'darwin') return 'mac';
  if (platform === 'win32') return 'win';
  return 'linux';
}

/** The folder name for one target, as electron-builder.yml's `dist/native/electron-${os}-${arch}` expands. */
export function electronSqliteFolder(os: BuilderOs, arch: string): string {
  return `electron-${os}-${arch}`;
}

/** Where the Electron build for a target lives in the project (output of scripts/electron-sqlite.ts). */
export function electronSqliteDir(projectRoot: string, os: BuilderOs, arch: string): string {
  return path.join(projectRoot, NATIVE_BUILD_DIR, electronSqliteFolder(os, arch));
}

/** Where scripts/electron-sqlite.ts builds, away from node_modules/better-sqlite3. */
export function electronSqliteStagingDir(projectRoot: string, os: BuilderOs, arch: string): string {
  return path.join(projectRoot, NATIVE_BUILD_DIR, `.staging-${electronSqliteFolder(os, arch)}`);
}

export interface AppLocation {
  /** app.isPackaged */
  packaged: boolean;
  /** process.resourcesPath (packaged) */
  resourcesPath: string;
  /** app.getAppPath(): the project root when run with `electron .` */
  appPath: string;
  platform: NodeJS.Platform;
  arch: string;
}

/** The folder holding the Electron build this run of the app loads. */
export function electronSqliteDirFor(location: AppLocation): string {
  return location.packaged
    ? path.join(location.resourcesPath, PACKAGED_NATIVE_DIR)
    : electronSqliteDir(location.appPath, builderOs(location.platform), location.arch);
}

/** build-info.json: what the Electron build was made for. */
export interface ElectronSqliteInfo {
  electronVersion: string;
  betterSqlite3Version: string;
  os: BuilderOs;
  arch: string;
}

function major(version: string): string {
  return version.replace(/^v/, '').split('.')[0] ?? '';
}

/**
 * Why the build in a folder cannot be loaded by this Electron, or null when it can: an addon
 * is tied to its Electron major (its Node ABI), platform and architecture.
 */
export function sqliteBindingProblem(info: unknown, runtime: { electronVersion: string; os: BuilderOs; arch: string; packaged: boolean }): string | null {
  const fix = runtime.packaged ? 'This installation is damaged: install Whiteboard again.' : 'Run `npm run build:electron-sqlite`, then start the app again.';
  if (info === null || typeof info !== 'object') return `SQLite for Electron has not been built. ${fix}`;
  const built = info as Partial<ElectronSqliteInfo>;
  if (typeof built.electronVersion !== 'string' || major(built.electronVersion) !== major(runtime.electronVersion)) {
    return `SQLite was built for Electron ${String(built.electronVersion)}, and this is Electron ${runtime.electronVersion}. ${fix}`;
  }
  if (built.os !== runtime.os || built.arch !== runtime.arch) {
    return `SQLite was built for ${String(built.os)}-${String(built.arch)}, and this is ${runtime.os}-${runtime.arch}. ${fix}`;
  }
  return null;
}

/**
 * The Node ABI (NODE_MODULE_VERSION) a native addon was built for: it exports
 * `node_register_module_v<ABI>`. Null for an addon that does not say (a Node-API one).
 */
export function addonAbi(addon: Uint8Array): string | null {
  return /node_register_module_v(\d+)/.exec(Buffer.from(addon.buffer, addon.byteOffset, addon.byteLength).toString('latin1'))?.[1] ?? null;
}
