/**
 * What to do with a launch request: a `whiteboard://` invite link (macOS `open-url`, or the
 * command line on Windows and Linux, where the OS starts a second instance with the link as an
 * argument) or a `.whiteboard` file (file association). Links go through the one strict parser
 * in protocol/; a link that fails it is reported to the user and never navigated to.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DESKTOP_SCHEME, parseInviteLink, type Invite } from '../protocol/invite-link';
import { APP_ORIGIN } from './app-protocol';
import { BOARD_FILE_EXTENSION } from './settings-schema';

export const LaunchActionKind = {
  OpenInvite: 'open-invite',
  BadInvite: 'bad-invite',
  OpenFile: 'open-file',
  None: 'none',
} as const;
export type LaunchActionKind = (typeof LaunchActionKind)[keyof typeof LaunchActionKind];

export type LaunchAction =
  | { kind: typeof LaunchActionKind.OpenInvite; invite: Invite; appUrl: string }
  | { kind: typeof LaunchActionKind.BadInvite; error: string }
  | { kind: typeof LaunchActionKind.OpenFile; path: string }
  | { kind: typeof LaunchActionKind.None };

/** The app page that opens an invite: the renderer reads `?server=` and `#t=` (renderer/room-address.ts). */
export function boardAppUrl(invite: Invite): string {
  return `${APP_ORIGIN}/r/${encodeURIComponent(invite.room)}?server=${encodeURIComponent(invite.serverUrl)}#t=${invite.token}`;
}

export function actionFromLink(link: string): LaunchAction {
  const parsed = parseInviteLink(link);
  if (!parsed.ok) return { kind: LaunchActionKind.BadInvite, error: parsed.error };
  return { kind: LaunchActionKind.OpenInvite, invite: parsed.invite, appUrl: boardAppUrl(parsed.invite) };
}

function isDesktopLink(arg: string): boolean {
  return arg.toLowerCase().startsWith(`${DESKTOP_SCHEME}:`);
}

/**
 * A board file named on a command line, as an absolute path for `platform`: a path relative to
 * the directory the command ran in, or a `file:` URL, which is what Linux file managers pass
 * through the desktop entry's `%U` (and some Windows launchers too). A URL is decoded
 * (`%20` → space) by the platform's own rules: `file:///C:/…` is `C:\…` on Windows and
 * `file://server/share/…` a UNC path there, but refused elsewhere. Null when it is not a board.
 */
export function boardFileFromArg(arg: string, cwd: string, platform: NodeJS.Platform): string | null {
  const windows = platform === 'win32';
  let file: string;
  if (/^file:/i.test(arg)) {
    try {
      file = fileURLToPath(arg, { windows });
    } catch {
      return null;
    }
  } else {
    file = (windows ? path.win32 : path.posix).resolve(cwd, arg);
  }
  return file.toLowerCase().endsWith(BOARD_FILE_EXTENSION) ? file : null;
}

/**
 * The launch request in a command line, if any. Chromium switches (`--…`) are skipped: an OS
 * passes the link or file as its own argument, and a "link" that looks like a switch is an
 * injection attempt, not something to act on. The last link or file wins, as the newest request.
 */
export function actionFromArgv(argv: readonly string[], cwd: string, platform: NodeJS.Platform = process.platform): LaunchAction {
  for (let i = argv.length - 1; i >= 1; i--) {
    const arg = argv[i] as string;
    if (arg.startsWith('-')) continue;
    if (isDesktopLink(arg)) return actionFromLink(arg);
    const file = boardFileFromArg(arg, cwd, platform);
    if (file !== null) return { kind: LaunchActionKind.OpenFile, path: file };
  }
  return { kind: LaunchActionKind.None };
}

/** A short, safe form of a link for an error dialog: no token, bounded length. */
export function describeLinkForDialog(link: string): string {
  const withoutSecret = link.replace(/#.*$/s, '#…');
  return withoutSecret.length > 200 ? `${withoutSecret.slice(0, 200)}…` : withoutSecret;
}
