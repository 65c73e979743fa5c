/**
 * Registering `whiteboard://` and `.whiteboard` for the AppImage. An AppImage is a file, not an
 * installation: nothing registers anything when it is downloaded, and electron-builder leaves
 * desktop integration to separate tools (AppImageLauncher). Electron's
 * `app.setAsDefaultProtocolClient` only points xdg-settings at a desktop entry, which for an
 * AppImage does not exist. So the AppImage, when it runs, writes its own entry into the user's
 * applications folder ($XDG_DATA_HOME, ~/.local/share by default):
 *
 * - applications/org.whiteboard.app.desktop: named as package.json's desktopName (the name
 *   Electron gives the desktop environment), with `Exec` the AppImage's own path and `%U` for
 *   links and files, and `TryExec` so that the entry disappears if the AppImage is deleted;
 * - mime/packages/org.whiteboard.app.xml: the `.whiteboard` file type;
 * - icons/hicolor/512x512/apps/whiteboard.png: the icon, copied out of the AppImage;
 *
 * then runs update-mime-database, update-desktop-database and `xdg-mime default` (xdg-utils),
 * whichever are installed. It is done again only when the entry changes, that is, when the
 * AppImage has moved. Where the deb is installed, its entry in /usr/share/applications already
 * does all this, and the AppImage leaves it alone. Plain Node, so it is tested with a temporary
 * home folder.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DESKTOP_SCHEME } from '../protocol/invite-link';
import { BOARD_FILE_EXTENSION } from './settings-schema';

/** package.json `desktopName`, which electron-builder.yml syncs to the deb's entry (the packaging check holds them equal). */
export const LINUX_DESKTOP_ID = 'org.whiteboard.app.desktop';
/** electron-builder.yml `linux.executableName`: the deb's icon name too. */
export const LINUX_ICON_NAME = 'whiteboard';
export const BOARD_MIME_TYPE = 'application/x-whiteboard';
/** The app icon's size (resources/icon.png), which names its folder in the icon theme. */
const ICON_SIZE_PX = 512;
/** Where a system package (the deb) puts its desktop entry. */
const SYSTEM_APPLICATION_DIRS = ['/usr/share/applications', '/usr/local/share/applications'];

export interface AppImageLocation {
  /** $APPIMAGE: the AppImage file. */
  appImage: string;
  /** $APPDIR: where the AppImage is mounted while it runs. */
  appDir: string;
  /** $XDG_DATA_HOME, or ~/.local/share. */
  dataHome: string;
}

/** Where this AppImage is and where to register it; null when the app is not running from an AppImage. */
export function appImageLocation(env: Readonly<Record<string, string | undefined>>, home: string): AppImageLocation | null {
  const { APPIMAGE: appImage, APPDIR: appDir, XDG_DATA_HOME: dataHome } = env;
  if (!appImage || !appDir || !path.isAbsolute(appImage)) return null;
  return { appImage, appDir, dataHome: dataHome && path.isAbsolute(dataHome) ? dataHome : path.join(home, '.local', 'share') };
}

/** A desktop entry string value: backslash, newline, tab and carriage return escaped. */
function entryString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
}

/**
 * A path as one quoted argument of `Exec` (desktop entry specification): `"`, `` ` ``, `$` and
 * `\` backslash-escaped inside the quotes, `%` doubled, then escaped again as a string value.
 */
export function execArgument(file: string): string {
  return entryString(`"${file.replace(/["`$\\]/g, (char) => `\\${char}`).replace(/%/g, '%%')}"`);
}

export function desktopEntry(location: AppImageLocation): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Whiteboard',
    'Comment=A collaborative whiteboard',
    `TryExec=${entryString(location.appImage)}`,
    `Exec=${execArgument(location.appImage)} %U`,
    `Icon=${LINUX_ICON_NAME}`,
    'Terminal=false',
    `StartupWMClass=${LINUX_DESKTOP_ID.replace(/\.desktop$/, '')}`,
    `MimeType=x-scheme-handler/${DESKTOP_SCHEME};${BOARD_MIME_TYPE};`,
    'Categories=Graphics;',
    '',
  ].join('\n');
}

export function boardMimeInfo(): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">',
    `  <mime-type type="${BOARD_MIME_TYPE}">`,
    '    <comment>Whiteboard board</comment>',
    `    <glob pattern="*${BOARD_FILE_EXTENSION}"/>`,
    '    <generic-icon name="x-office-document"/>',
    '  </mime-type>',
    '</mime-info>',
    '',
  ].join('\n');
}

export interface IntegrationFiles {
  desktopFile: string;
  mimeFile: string;
  iconFile: string;
  iconSource: string;
}

export function integrationFiles(location: AppImageLocation): IntegrationFiles {
  const id = LINUX_DESKTOP_ID.replace(/\.desktop$/, '');
  return {
    desktopFile: path.join(location.dataHome, 'applications', LINUX_DESKTOP_ID),
    mimeFile: path.join(location.dataHome, 'mime', 'packages', `${id}.xml`),
    iconFile: path.join(location.dataHome, 'icons', 'hicolor', `${ICON_SIZE_PX}x${ICON_SIZE_PX}`, 'apps', `${LINUX_ICON_NAME}.png`),
    // electron-builder links the largest icon at the AppImage's root as <executableName>.png.
    iconSource: path.join(location.appDir, `${LINUX_ICON_NAME}.png`),
  };
}

/** The commands that make the desktop see the new files and make the entry the handler. */
export function integrationCommands(location: AppImageLocation): string[][] {
  return [
    ['update-mime-database', path.join(location.dataHome, 'mime')],
    ['update-desktop-database', path.join(location.dataHome, 'applications')],
    ['xdg-mime', 'default', LINUX_DESKTOP_ID, `x-scheme-handler/${DESKTOP_SCHEME}`, BOARD_MIME_TYPE],
  ];
}

export type CommandRunner = (command: string, args: string[]) => Promise<void>;

/** Runs a command; a tool that is not installed is skipped (not every desktop has all of xdg-utils). */
export const runCommand: CommandRunner = (command, args) =>
  new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 10_000 }, (error) => {
      if (error && (error as NodeJS.ErrnoException).code !== 'ENOENT') reject(new Error(`${command} failed: ${error.message}`));
      else resolve();
    });
  });

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

export const IntegrationResult = {
  NotAnAppImage: 'not-an-appimage',
  InstalledPackage: 'installed-package',
  UpToDate: 'up-to-date',
  Registered: 'registered',
} as const;
export type IntegrationResult = (typeof IntegrationResult)[keyof typeof IntegrationResult];

/** Registers the AppImage for its links and files, unless nothing has changed since last time. */
export async function integrateAppImage(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  run: CommandRunner = runCommand,
  systemApplicationDirs: readonly string[] = SYSTEM_APPLICATION_DIRS,
): Promise<IntegrationResult> {
  const location = appImageLocation(env, home);
  if (!location) return IntegrationResult.NotAnAppImage;
  for (const dir of systemApplicationDirs) {
    if ((await readOrNull(path.join(dir, LINUX_DESKTOP_ID))) !== null) return IntegrationResult.InstalledPackage;
  }
  const files = integrationFiles(location);
  const entry = desktopEntry(location);
  if ((await readOrNull(files.desktopFile)) === entry) return IntegrationResult.UpToDate;
  await fs.mkdir(path.dirname(files.mimeFile), { recursive: true });
  await fs.writeFile(files.mimeFile, boardMimeInfo());
  await fs.mkdir(path.dirname(files.iconFile), { recursive: true });
  await fs.copyFile(files.iconSource, files.iconFile).catch(() => {
    // No icon in this AppImage: the entry still works, with the desktop's generic icon.
  });
  await fs.mkdir(path.dirname(files.desktopFile), { recursive: true });
  // Written last: an entry that is up to date means everything before it was done.
  const partial = `${files.desktopFile}.${process.pid}.tmp`;
  await fs.writeFile(partial, entry);
  await fs.rename(partial, files.desktopFile);
  try {
    for (const [command, ...args] of integrationCommands(location)) await run(command as string, args);
  } catch (error) {
    // Not registered after all: try again next time rather than find the entry "up to date".
    await fs.rm(files.desktopFile, { force: true });
    throw error;
  }
  return IntegrationResult.Registered;
}
