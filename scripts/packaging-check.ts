/**
 * The packaging check: electron-builder.yml and package.json, loaded and validated by
 * electron-builder's own code, without Electron or any download, so that `npm test` catches an
 * installer that `npm run dist` would refuse to build, or build wrong, on a machine that can.
 *
 * electron-builder's Packager loads the configuration (its loader: the file, package.json,
 * `extends`) and validates it against its JSON schema and package.json's metadata, exactly as the
 * first step of a build does. Then, with electron-builder's own classes where it has them, it
 * checks what the app relies on (docs/DESKTOP.md says what each installer registers):
 *
 * - targets: AppImage and deb, dmg, nsis;
 * - the deb's metadata as its FPM target demands it (homepage, maintainer with an e-mail), and
 *   its dependencies: `deb.depends` replaces electron-builder's list, so it must keep all of it;
 * - `whiteboard://` and `.whiteboard`: in the Linux desktop entry (with a `%U` to pass files
 *   and links, named as Electron's desktopName), in Windows' installer script, and file icons in
 *   the formats Windows and macOS need (they are used as they are, never converted);
 * - SQLite for Electron: no rebuild of node_modules, the build for each target shipped where
 *   main/sqlite-binding.ts looks for it;
 * - macOS: hardened runtime with its entitlements, notarization on.
 *
 * `npx tsx scripts/packaging-check.ts` prints the problems; the test runs it on this project and
 * on copies with a fault put in.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as AppBuilderLib from 'app-builder-lib';
import { DESKTOP_SCHEME } from '../protocol/invite-link';
import { PACKAGED_NATIVE_DIR, SQLITE_ADDON_FILE, electronSqliteDir, type BuilderOs } from '../main/sqlite-binding';
import { BOARD_FILE_EXTENSION } from '../main/settings-schema';
import { BOARD_MIME_TYPE, LINUX_DESKTOP_ID, LINUX_ICON_NAME } from '../main/appimage-integration';

/** electron-builder's own copy of app-builder-lib (what `electron-builder` runs), and its parts. */
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const appBuilder = builderRequire('app-builder-lib') as typeof AppBuilderLib;
type FpmTargetClass = new (name: string, packager: AppBuilderLib.LinuxPackager, helper: unknown, outDir: string) => {
  options: { depends?: string[] | string | null };
  checkOptions(): Promise<unknown>;
};
const FpmTarget = (builderRequire('app-builder-lib/out/targets/FpmTarget') as { default: FpmTargetClass }).default;
const { LinuxTargetHelper } = builderRequire('app-builder-lib/out/targets/LinuxTargetHelper') as {
  LinuxTargetHelper: new (packager: AppBuilderLib.LinuxPackager) => {
    computeDesktopEntry(options: object): Promise<string>;
    getDesktopFileName(): string;
  };
};
const { getPlatformIconFileName } = builderRequire('builder-util') as { getPlatformIconFileName(value: string, isMac: boolean): string };

/** The installers the app ships (DESIGN.md "The desktop app"), by electron-builder platform key. */
const REQUIRED_TARGETS: Record<BuilderOs, string[]> = { linux: ['AppImage', 'deb'], mac: ['dmg'], win: ['nsis'] };
/** Architectures an installer may be built for; each needs its own SQLite build. */
const ARCHES = ['x64', 'arm64'];
/** The file signatures of a Windows icon and a macOS icon. */
const ICO_MAGIC = Buffer.from([0, 0, 1, 0]);
const ICNS_MAGIC = Buffer.from('icns', 'latin1');

function targetNames(target: unknown): string[] {
  const list = Array.isArray(target) ? target : target == null ? [] : [target];
  return list.map((entry) => (typeof entry === 'string' ? entry : String((entry as { target?: unknown }).target)));
}

function readFileOrNull(file: string | null): Buffer | null {
  try {
    return file === null ? null : fs.readFileSync(file);
  } catch {
    return null;
  }
}

async function resourceOrNull(packager: AppBuilderLib.PlatformPackager<object>, custom: string): Promise<string | null> {
  try {
    return await packager.getResource(custom);
  } catch {
    return null;
  }
}

/** Loads and validates the configuration; returns the problems, [] when there are none. */
export async function checkPackaging(projectDir: string, configFile = 'electron-builder.yml'): Promise<string[]> {
  const problems: string[] = [];
  const packager = new appBuilder.Packager({ projectDir, config: path.join(projectDir, configFile) });
  try {
    try {
      // Loader, package.json metadata and JSON schema: the first step of every build.
      await (packager as unknown as { validateConfig(): Promise<void> }).validateConfig();
    } catch (error) {
      return [`electron-builder refuses the configuration: ${(error as Error).message}`];
    }
    // What build() does next, before anything is downloaded; the platform packagers need it.
    Reflect.set(packager, '_appInfo', new appBuilder.AppInfo(packager, null));
    const config = packager.config;
    const linux = new appBuilder.LinuxPackager(packager);
    const mac = new appBuilder.MacPackager(packager);
    const win = new appBuilder.WinPackager(packager);

    for (const [os, required] of Object.entries(REQUIRED_TARGETS) as Array<[BuilderOs, string[]]>) {
      const declared = targetNames(config[os]?.target);
      for (const target of required) if (!declared.includes(target)) problems.push(`${os}.target does not build ${target}`);
    }

    await checkDeb(linux, problems);
    await checkLinkRegistration(packager, linux, win, problems);
    await checkFileIcons(mac, win, problems);
    checkSqlite(projectDir, config, [linux, mac, win], problems);
    checkMac(config, problems, await resourceOrNull(mac, config.mac?.entitlements ?? ''));
    return problems;
  } finally {
    await packager.tempDirManager.cleanup();
  }
}

async function checkDeb(linux: AppBuilderLib.LinuxPackager, problems: string[]): Promise<void> {
  const deb = new FpmTarget('deb', linux, new LinuxTargetHelper(linux), path.join(linux.info.projectDir, 'release'));
  try {
    // electron-builder's own check: it stops `npm run dist` before the deb without these.
    await deb.checkOptions();
  } catch (error) {
    problems.push(`the deb cannot be built: ${(error as Error).message}`);
  }
  const defaults = (deb as unknown as { getDefaultDepends(target: string): string[] }).getDefaultDepends('deb');
  const depends = deb.options.depends;
  if (depends == null) return;
  const listed = Array.isArray(depends) ? depends : [depends];
  for (const name of defaults) {
    if (!listed.some((entry) => entry.split('|').map((part) => part.trim().split(/\s/)[0]).includes(name))) {
      problems.push(`deb.depends replaces electron-builder's default dependencies and drops ${name}`);
    }
  }
}

async function checkLinkRegistration(packager: AppBuilderLib.Packager, linux: AppBuilderLib.LinuxPackager, win: AppBuilderLib.WinPackager, problems: string[]): Promise<void> {
  const config = packager.config;
  const protocols = [config.protocols ?? []].flat();
  const schemes = protocols.flatMap((protocol) => [protocol.schemes].flat());
  if (!schemes.includes(DESKTOP_SCHEME)) problems.push(`protocols does not declare ${DESKTOP_SCHEME}://`);
  const associations = [config.fileAssociations ?? []].flat();
  const board = associations.find((association) => [association.ext].flat().includes(BOARD_FILE_EXTENSION.slice(1)));
  if (!board) problems.push(`fileAssociations does not declare ${BOARD_FILE_EXTENSION} files`);

  // Linux: the desktop entry the deb installs (and the AppImage writes on first launch).
  const helper = new LinuxTargetHelper(linux);
  const entry = await helper.computeDesktopEntry(linux.platformSpecificBuildOptions);
  const mimeTypes = /^MimeType=(.*)$/m.exec(entry)?.[1]?.split(';') ?? [];
  if (!mimeTypes.includes(`x-scheme-handler/${DESKTOP_SCHEME}`)) problems.push(`the Linux desktop entry does not handle ${DESKTOP_SCHEME}:// links`);
  if (board?.mimeType && !mimeTypes.includes(board.mimeType)) problems.push(`the Linux desktop entry does not open ${board.mimeType} files`);
  if (new Set(mimeTypes).size !== mimeTypes.length) problems.push('the Linux desktop entry lists a MIME type twice');
  if (!/^Exec=.* %U$/m.test(entry)) problems.push('the Linux desktop entry does not pass links and files to the app (%U)');
  const desktopName = String(packager.metadata.desktopName ?? '').replace(/\.desktop$/, '');
  if (!desktopName) problems.push('package.json has no desktopName: Electron then names a desktop entry that the deb does not install');
  else if (helper.getDesktopFileName() !== desktopName) {
    problems.push(`the deb installs ${helper.getDesktopFileName()}.desktop, but Electron registers links for ${desktopName}.desktop (set linux.syncDesktopName)`);
  }
  // The AppImage writes the same entry itself (main/appimage-integration.ts).
  if (desktopName && `${desktopName}.desktop` !== LINUX_DESKTOP_ID) problems.push(`the AppImage registers itself as ${LINUX_DESKTOP_ID}, not as desktopName ${desktopName}.desktop`);
  if (linux.executableName !== LINUX_ICON_NAME) problems.push(`the AppImage names its icon ${LINUX_ICON_NAME}, not linux.executableName ${linux.executableName}`);
  if (board?.mimeType !== BOARD_MIME_TYPE) problems.push(`the AppImage registers ${BOARD_MIME_TYPE} files, not ${String(board?.mimeType)}`);

  // Windows: electron-builder's `protocols` does not reach the NSIS installer; our script must.
  const include = config.nsis?.include;
  const script = include ? readFileOrNull(await resourceOrNull(win, include))?.toString('utf8') : undefined;
  for (const scheme of schemes) {
    const key = `Software\\Classes\\${scheme}`;
    const installs = script !== undefined && /!macro customInstall[\s\S]*?!macroend/.exec(script)?.[0];
    const uninstalls = script !== undefined && /!macro customUnInstall[\s\S]*?!macroend/.exec(script)?.[0];
    if (!installs || !installs.includes(`"${key}" "URL Protocol"`) || !installs.includes(`"${key}\\shell\\open\\command"`)) {
      problems.push(`the Windows installer does not register ${scheme}:// (nsis.include customInstall)`);
    }
    if (!uninstalls || !uninstalls.includes(`DeleteRegKey SHELL_CONTEXT "${key}"`)) {
      problems.push(`the Windows uninstaller leaves ${scheme}:// registered (nsis.include customUnInstall)`);
    }
  }
}

async function checkFileIcons(mac: AppBuilderLib.MacPackager, win: AppBuilderLib.WinPackager, problems: string[]): Promise<void> {
  for (const association of [mac.config.fileAssociations ?? []].flat()) {
    if (!association.icon) continue;
    for (const [packager, isMac, magic, format] of [
      [win, false, ICO_MAGIC, 'Windows .ico'],
      [mac, true, ICNS_MAGIC, 'macOS .icns'],
    ] as const) {
      const name = getPlatformIconFileName(association.icon, isMac);
      const icon = readFileOrNull(await resourceOrNull(packager, name));
      if (!icon || !icon.subarray(0, magic.length).equals(magic)) {
        problems.push(`fileAssociations icon ${association.icon} has no ${format} (${name}): the document icon is used as it is, never converted`);
      }
    }
  }
}

function checkSqlite(projectDir: string, config: AppBuilderLib.Configuration, packagers: Array<AppBuilderLib.PlatformPackager<object>>, problems: string[]): void {
  if (config.npmRebuild !== false) problems.push('npmRebuild rebuilds node_modules for Electron, which breaks `npm run server` and the tests: it must be false');
  const beforePack = config.beforePack;
  if (typeof beforePack !== 'string' || path.resolve(projectDir, beforePack) !== path.join(projectDir, 'scripts', 'before-pack.cjs')) {
    problems.push('beforePack is not scripts/before-pack.cjs, which builds SQLite for each target');
  }
  const shipped = [config.extraResources ?? []].flat().filter((entry): entry is AppBuilderLib.FileSet => typeof entry === 'object' && entry !== null);
  for (const packager of packagers) {
    for (const arch of ARCHES) {
      const os = packager.platform.buildConfigurationKey as BuilderOs;
      const wanted = electronSqliteDir(projectDir, os, arch);
      const found = shipped.some((entry) => entry.from && path.resolve(projectDir, packager.expandMacro(entry.from, arch)) === wanted && entry.to === PACKAGED_NATIVE_DIR);
      if (!found) problems.push(`extraResources does not ship ${path.relative(projectDir, wanted)} to resources/${PACKAGED_NATIVE_DIR} (SQLite for Electron, ${SQLITE_ADDON_FILE})`);
    }
  }
}

function checkMac(config: AppBuilderLib.Configuration, problems: string[], entitlements: string | null): void {
  const mac = config.mac ?? {};
  if (mac.hardenedRuntime === false) problems.push('mac.hardenedRuntime is off: notarization requires it');
  if (mac.notarize === false) problems.push('mac.notarize is off: Gatekeeper blocks an app that is not notarized');
  if (!readFileOrNull(entitlements)?.toString('utf8').includes('com.apple.security.cs.allow-jit')) {
    problems.push('mac.entitlements does not allow JIT, which V8 needs under the hardened runtime');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const problems = await checkPackaging(fileURLToPath(new URL('../', import.meta.url)));
  for (const problem of problems) console.error(`packaging: ${problem}`);
  console.log(problems.length === 0 ? 'packaging: electron-builder.yml and package.json are fit to build every installer' : `packaging: ${problems.length} problem(s)`);
  process.exit(problems.length === 0 ? 0 : 1);
}
