/**
 * The packaging check passes on this project, and each fault it exists for makes it fail: a copy
 * of package.json, electron-builder.yml and resources/ gets one fault at a time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { Arch } from 'electron-builder';
import { electronSqliteDir } from '../main/sqlite-binding';
import { checkPackaging } from './packaging-check';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CONFIG = fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
const CHECK_TIMEOUT_MS = 30_000;

const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of what the check reads, with `config` and `pkg` in place of the project's. */
function projectWith(config: string, pkg: Record<string, unknown> = PACKAGE): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-packaging-'));
  copies.push(dir);
  fs.writeFileSync(path.join(dir, 'electron-builder.yml'), config);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  fs.cpSync(path.join(ROOT, 'resources'), path.join(dir, 'resources'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'scripts', 'before-pack.cjs'), path.join(dir, 'scripts', 'before-pack.cjs'));
  return dir;
}

/** `config` with `from` replaced: the fault must really be in the file. */
function edit(config: string, from: string | RegExp, to: string): string {
  const changed = config.replace(from, to);
  if (changed === config) throw new Error(`electron-builder.yml no longer contains ${String(from)}`);
  return changed;
}

describe('the packaging check', () => {
  it('passes on this project', async () => {
    expect(await checkPackaging(ROOT)).toEqual([]);
  }, CHECK_TIMEOUT_MS);

  it('fails when package.json has no homepage, which the deb needs', async () => {
    const { homepage: _dropped, ...pkg } = PACKAGE;
    expect(await checkPackaging(projectWith(CONFIG, pkg))).toEqual([expect.stringMatching(/the deb cannot be built: Please specify project homepage/)]);
  }, CHECK_TIMEOUT_MS);

  it('fails when the deb has no maintainer e-mail to take from the author', async () => {
    const problems = await checkPackaging(projectWith(CONFIG, { ...PACKAGE, author: 'The Whiteboard authors' }));
    expect(problems).toEqual([expect.stringMatching(/the deb cannot be built: .*e-?mail/i)]);
  }, CHECK_TIMEOUT_MS);

  it('fails when deb.depends drops xdg-utils', async () => {
    const problems = await checkPackaging(projectWith(edit(CONFIG, /\n {4}- xdg-utils\n/, '\n')));
    expect(problems).toEqual(["deb.depends replaces electron-builder's default dependencies and drops xdg-utils"]);
  }, CHECK_TIMEOUT_MS);

  it('fails when the file icon is a PNG, which Windows and macOS cannot use', async () => {
    const problems = await checkPackaging(projectWith(edit(CONFIG, 'icon: resources/board\n', 'icon: resources/icon.png\n')));
    expect(problems).toEqual([expect.stringMatching(/no Windows \.ico/), expect.stringMatching(/no macOS \.icns/)]);
  }, CHECK_TIMEOUT_MS);

  it('fails when the Windows installer does not register whiteboard://', async () => {
    const problems = await checkPackaging(projectWith(edit(CONFIG, /\n {2}include: resources\/installer\.nsh\n/, '\n')));
    expect(problems).toEqual([
      'the Windows installer does not register whiteboard:// (nsis.include customInstall)',
      'the Windows uninstaller leaves whiteboard:// registered (nsis.include customUnInstall)',
    ]);
  }, CHECK_TIMEOUT_MS);

  it('fails when the desktop entry Electron names is not the one the deb installs', async () => {
    const { desktopName: _dropped, ...pkg } = PACKAGE;
    expect(await checkPackaging(projectWith(CONFIG, pkg))).toEqual([expect.stringMatching(/no desktopName/)]);
    expect(await checkPackaging(projectWith(edit(CONFIG, '  syncDesktopName: true\n', '')))).toEqual([expect.stringMatching(/installs whiteboard\.desktop, but Electron registers links for org\.whiteboard\.app\.desktop/)]);
  }, CHECK_TIMEOUT_MS);

  it('builds SQLite for Electron, in beforePack, where extraResources takes it from', () => {
    const { electronSqliteArgs } = createRequire(import.meta.url)('./before-pack.cjs') as { electronSqliteArgs(context: unknown): string[] };
    const context = { arch: Arch.arm64, packager: { info: { framework: { version: '45.6.1' } }, platform: { buildConfigurationKey: 'mac' } } };
    expect(electronSqliteArgs(context)).toEqual(['--electron', '45.6.1', '--os', 'mac', '--arch', 'arm64']);
    // scripts/electron-sqlite.ts writes there; the check above proves extraResources reads there.
    expect(path.relative(ROOT, electronSqliteDir(ROOT, 'mac', 'arm64'))).toBe(path.join('dist', 'native', 'electron-mac-arm64'));
  });

  it('fails when node_modules would be rebuilt for Electron, or SQLite for Electron not shipped', async () => {
    expect(await checkPackaging(projectWith(edit(CONFIG, 'npmRebuild: false', 'npmRebuild: true')))).toEqual([expect.stringMatching(/npmRebuild/)]);
    const problems = await checkPackaging(projectWith(edit(CONFIG, 'to: native', 'to: sqlite')));
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/extraResources does not ship dist\/native\/electron-linux-x64 to resources\/native/);
  }, CHECK_TIMEOUT_MS);

  it('fails when an installer is missing, or macOS would not be notarized', async () => {
    expect(await checkPackaging(projectWith(edit(CONFIG, 'target: [AppImage, deb]', 'target: [AppImage]')))).toEqual(['linux.target does not build deb']);
    expect(await checkPackaging(projectWith(edit(CONFIG, 'notarize: true', 'notarize: false')))).toEqual([expect.stringMatching(/notarize is off/)]);
  }, CHECK_TIMEOUT_MS);

  it('reports what electron-builder itself refuses', async () => {
    const problems = await checkPackaging(projectWith(edit(CONFIG, 'nsis:\n', 'nsis:\n  registerWhiteboardLinks: true\n')));
    expect(problems).toEqual([expect.stringMatching(/^electron-builder refuses the configuration: .*configuration\.nsis should be/s)]);
  }, CHECK_TIMEOUT_MS);
});
