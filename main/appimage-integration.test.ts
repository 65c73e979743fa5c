import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  IntegrationResult,
  LINUX_DESKTOP_ID,
  appImageLocation,
  desktopEntry,
  execArgument,
  integrateAppImage,
  integrationFiles,
  type CommandRunner,
} from './appimage-integration';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-appimage-'));
  dirs.push(dir);
  return dir;
}

/** A home folder, a mounted AppImage with its icon, and a recorder of the commands run. */
function setup(appImageName = 'Whiteboard-0.1.0.AppImage') {
  const home = tempDir();
  const appDir = tempDir();
  fs.writeFileSync(path.join(appDir, 'whiteboard.png'), 'png bytes');
  const commands: string[][] = [];
  const run: CommandRunner = async (command, args) => {
    commands.push([command, ...args]);
  };
  const env = { APPIMAGE: path.join(home, 'Applications', appImageName), APPDIR: appDir };
  return { home, appDir, env, commands, run, noSystemEntry: [tempDir()] };
}

describe('integrateAppImage', () => {
  it('registers whiteboard:// and .whiteboard for the AppImage on its first run', async () => {
    const { home, env, commands, run, noSystemEntry } = setup();
    expect(await integrateAppImage(env, home, run, noSystemEntry)).toBe(IntegrationResult.Registered);
    const files = integrationFiles(appImageLocation(env, home)!);
    expect(files.desktopFile).toBe(path.join(home, '.local', 'share', 'applications', LINUX_DESKTOP_ID));
    const entry = fs.readFileSync(files.desktopFile, 'utf8');
    expect(entry).toContain(`Exec="${env.APPIMAGE}" %U\n`);
    expect(entry).toContain(`TryExec=${env.APPIMAGE}\n`);
    expect(entry).toContain('MimeType=x-scheme-handler/whiteboard;application/x-whiteboard;\n');
    expect(entry).toContain('StartupWMClass=org.whiteboard.app\n');
    expect(fs.readFileSync(files.mimeFile, 'utf8')).toContain('<glob pattern="*.whiteboard"/>');
    expect(fs.readFileSync(files.iconFile, 'utf8')).toBe('png bytes');
    const share = path.join(home, '.local', 'share');
    expect(commands).toEqual([
      ['update-mime-database', path.join(share, 'mime')],
      ['update-desktop-database', path.join(share, 'applications')],
      ['xdg-mime', 'default', 'org.whiteboard.app.desktop', 'x-scheme-handler/whiteboard', 'application/x-whiteboard'],
    ]);
  });

  it('does nothing again until the AppImage moves', async () => {
    const { home, env, commands, run, noSystemEntry } = setup();
    await integrateAppImage(env, home, run, noSystemEntry);
    expect(await integrateAppImage(env, home, run, noSystemEntry)).toBe(IntegrationResult.UpToDate);
    expect(commands).toHaveLength(3);
    const moved = { ...env, APPIMAGE: path.join(home, 'Desktop', 'Whiteboard.AppImage') };
    expect(await integrateAppImage(moved, home, run, noSystemEntry)).toBe(IntegrationResult.Registered);
    expect(fs.readFileSync(integrationFiles(appImageLocation(moved, home)!).desktopFile, 'utf8')).toContain(`Exec="${moved.APPIMAGE}" %U`);
    expect(commands).toHaveLength(6);
  });

  it('uses $XDG_DATA_HOME when it is set', async () => {
    const { home, env, run, noSystemEntry } = setup();
    const dataHome = tempDir();
    await integrateAppImage({ ...env, XDG_DATA_HOME: dataHome }, home, run, noSystemEntry);
    expect(fs.existsSync(path.join(dataHome, 'applications', LINUX_DESKTOP_ID))).toBe(true);
  });

  it('leaves registration to the deb where it is installed, and does nothing outside an AppImage', async () => {
    const { home, env, commands, run } = setup();
    const system = tempDir();
    fs.writeFileSync(path.join(system, LINUX_DESKTOP_ID), '[Desktop Entry]\n');
    expect(await integrateAppImage(env, home, run, [system])).toBe(IntegrationResult.InstalledPackage);
    expect(await integrateAppImage({}, home, run, [])).toBe(IntegrationResult.NotAnAppImage);
    expect(commands).toEqual([]);
    expect(fs.existsSync(path.join(home, '.local'))).toBe(false);
  });

  it('tries again next time when registering failed', async () => {
    const { home, env, noSystemEntry } = setup();
    const failing: CommandRunner = async (command) => {
      if (command === 'xdg-mime') throw new Error('xdg-mime failed: no default application');
    };
    await expect(integrateAppImage(env, home, failing, noSystemEntry)).rejects.toThrow(/xdg-mime failed/);
    const ok: CommandRunner = async () => {};
    expect(await integrateAppImage(env, home, ok, noSystemEntry)).toBe(IntegrationResult.Registered);
  });
});

describe('desktopEntry', () => {
  it('quotes the AppImage path as one Exec argument, whatever it contains', () => {
    expect(execArgument('/home/ada/My Apps/Whiteboard.AppImage')).toBe('"/home/ada/My Apps/Whiteboard.AppImage"');
    // " ` $ \ are backslash-escaped in the quotes, % doubled, then backslashes escaped again.
    expect(execArgument('/home/ada/100% "real" $HOME`x`\\a.AppImage')).toBe('"/home/ada/100%% \\\\"real\\\\" \\\\$HOME\\\\`x\\\\`\\\\\\\\a.AppImage"');
    const entry = desktopEntry({ appImage: '/tmp/a\nExec=evil', appDir: '/tmp/.mount', dataHome: '/tmp' });
    expect(entry.split('\n').filter((line) => line.startsWith('Exec='))).toHaveLength(1);
  });
});
