/**
 * `npm run build:electron-sqlite`: builds better-sqlite3's native addon for Electron, for the
 * built-in server that the desktop app runs in a utility process, into
 * dist/native/electron-<os>-<arch>/ (the layout is main/sqlite-binding.ts's). It never touches
 * node_modules/better-sqlite3, whose build stays the one for this machine's Node, so
 * `npm run server` and the tests keep working whatever ran before them.
 *
 * The package is copied without its build into a staging folder inside the project, and
 * @electron/rebuild (what electron-builder itself uses) downloads the matching prebuilt addon
 * from better-sqlite3's releases, or compiles it against Electron's headers when there is none.
 * Either way it needs the network the first time; afterwards an up-to-date build is kept.
 *
 *   --electron <version>   Electron to build for (default: the installed electron package)
 *   --os <linux|mac|win>   target system (default: this one)
 *   --arch <arch>          target architecture (default: this one)
 *   --optional             on failure, warn and exit 0 (`npm start`: the app runs without hosting)
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  SQLITE_ADDON_FILE,
  SQLITE_BUILD_INFO_FILE,
  addonAbi,
  builderOs,
  electronSqliteDir,
  electronSqliteStagingDir,
  type BuilderOs,
  type ElectronSqliteInfo,
} from '../main/sqlite-binding';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/**
 * electron-builder's own @electron/rebuild (app-builder-lib depends on it), not a copy of ours:
 * listing it in package.json makes electron-builder advise rebuilding node_modules in place
 * (`install-app-deps`), the very thing this script exists to avoid.
 */
const appBuilderRequire = createRequire(createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json')).resolve('app-builder-lib/package.json'));
const { rebuild } = (await import(pathToFileURL(appBuilderRequire.resolve('@electron/rebuild')).href)) as typeof import('@electron/rebuild');
const NODE_PLATFORM: Record<BuilderOs, NodeJS.Platform> = { linux: 'linux', mac: 'darwin', win: 'win32' };

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function packageVersion(name: string): string {
  const pkg = readJson(path.join(ROOT, 'node_modules', name, 'package.json')) as { version?: string } | null;
  if (!pkg?.version) throw new Error(`node_modules/${name} is missing: run npm install first`);
  return pkg.version;
}

function upToDate(outDir: string, wanted: ElectronSqliteInfo): boolean {
  const info = readJson(path.join(outDir, SQLITE_BUILD_INFO_FILE)) as Partial<ElectronSqliteInfo> | null;
  return (
    fs.existsSync(path.join(outDir, SQLITE_ADDON_FILE)) &&
    info?.electronVersion === wanted.electronVersion &&
    info.betterSqlite3Version === wanted.betterSqlite3Version &&
    info.os === wanted.os &&
    info.arch === wanted.arch
  );
}

/**
 * The ABI the addon must be built for (NODE_MODULE_VERSION), when it is the installed Electron's:
 * the electron package ships it in `abi_version`.
 */
function expectedAbi(electronVersion: string): string | null {
  if (electronVersion !== packageVersion('electron')) return null;
  try {
    return fs.readFileSync(path.join(ROOT, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * A Node addon exports `node_register_module_v<ABI>`: the check that the build is Electron's and
 * not, through some setting, the system Node's.
 */
function checkAbi(addon: string, abi: string | null): void {
  if (abi === null) return;
  const exported = addonAbi(fs.readFileSync(addon));
  if (exported !== abi) throw new Error(`the addon was built for Node ABI ${exported ?? 'unknown'}, not Electron's ${abi}`);
}

async function build(wanted: ElectronSqliteInfo): Promise<string> {
  const outDir = electronSqliteDir(ROOT, wanted.os, wanted.arch);
  if (upToDate(outDir, wanted)) return `up to date: ${path.relative(ROOT, outDir)}`;
  const staging = electronSqliteStagingDir(ROOT, wanted.os, wanted.arch);
  fs.rmSync(staging, { recursive: true, force: true });
  const source = path.join(ROOT, 'node_modules', 'better-sqlite3');
  const module = path.join(staging, 'node_modules', 'better-sqlite3');
  // Without build/: the copy must not find (and keep) the Node build.
  fs.cpSync(source, module, { recursive: true, filter: (file) => path.relative(source, file).split(path.sep)[0] !== 'build' });
  fs.writeFileSync(
    path.join(staging, 'package.json'),
    JSON.stringify({ name: 'electron-sqlite-staging', version: '0.0.0', private: true, dependencies: { 'better-sqlite3': wanted.betterSqlite3Version } }),
  );
  // A nodedir setting (Debian's npm sets npm_config_nodedir=/usr) makes node-gyp compile against
  // the system Node's headers whatever the target: Electron's headers must be used.
  for (const key of Object.keys(process.env)) if (/^npm_config_nodedir$/i.test(key)) delete process.env[key];
  try {
    await rebuild({
      buildPath: staging,
      projectRootPath: staging,
      electronVersion: wanted.electronVersion,
      platform: NODE_PLATFORM[wanted.os],
      arch: wanted.arch,
      onlyModules: ['better-sqlite3'],
      force: true,
    });
    const built = path.join(module, 'build', 'Release', SQLITE_ADDON_FILE);
    if (!fs.existsSync(built)) throw new Error(`@electron/rebuild finished without producing ${path.relative(ROOT, built)}`);
    checkAbi(built, expectedAbi(wanted.electronVersion));
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    fs.copyFileSync(built, path.join(outDir, SQLITE_ADDON_FILE));
    fs.writeFileSync(path.join(outDir, SQLITE_BUILD_INFO_FILE), `${JSON.stringify(wanted, null, 2)}\n`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return `built for Electron ${wanted.electronVersion} (${wanted.os}-${wanted.arch}): ${path.relative(ROOT, outDir)}`;
}

const { values } = parseArgs({
  options: { electron: { type: 'string' }, os: { type: 'string' }, arch: { type: 'string' }, optional: { type: 'boolean', default: false } },
});
try {
  const os = (values.os ?? builderOs(process.platform)) as BuilderOs;
  if (!(os in NODE_PLATFORM)) throw new Error(`--os must be linux, mac or win, not ${os}`);
  const wanted: ElectronSqliteInfo = {
    electronVersion: values.electron ?? packageVersion('electron'),
    betterSqlite3Version: packageVersion('better-sqlite3'),
    os,
    arch: values.arch ?? process.arch,
  };
  console.log(`SQLite for Electron: ${await build(wanted)}`);
} catch (error) {
  const message = `SQLite for Electron could not be built: ${(error as Error).message}`;
  if (!values.optional) {
    console.error(message);
    process.exit(1);
  }
  console.warn(`${message}\nThe app starts anyway; hosting a board from it will say what is missing.`);
}
