/**
 * Invite links and board files handed to the app by the OS: `open-url` / `open-file` on macOS,
 * the command line of a second instance on Windows and Linux (the single-instance lock sends it
 * to this one), and this instance's own command line. Requests that arrive before the window
 * has loaded wait for it. The decisions are in deep-links.ts.
 */
import { app, dialog, type BrowserWindow } from 'electron';
import { LaunchActionKind, actionFromArgv, actionFromLink, type LaunchAction } from './deep-links';

export interface LaunchHandlers {
  window: () => BrowserWindow | null;
  /** Whether the current board may be replaced (asks about unsaved changes). */
  confirmDiscard: () => Promise<boolean>;
  /** The window now shows a server board, not a file. */
  leftFile: () => void;
}

export class LaunchRouter {
  private queue: LaunchAction[] = [];
  private ready = false;
  private openFile: (path: string) => Promise<void> = async () => {};

  constructor(private readonly handlers: LaunchHandlers) {}

  /** How to open a `.whiteboard` file the OS handed over (known once settings are loaded). */
  setOpenFile(open: (path: string) => Promise<void>): void {
    this.openFile = open;
  }

  /** Installs the OS hooks; call before `app.whenReady()`, as macOS sends open-url that early. */
  install(): void {
    app.on('open-url', (event, url) => {
      event.preventDefault();
      this.route(actionFromLink(url));
    });
    app.on('open-file', (event, file) => {
      event.preventDefault();
      this.route({ kind: LaunchActionKind.OpenFile, path: file });
    });
    app.on('second-instance', (_event, argv, workingDirectory) => {
      const window = this.handlers.window();
      if (window) {
        if (window.isMinimized()) window.restore();
        window.focus();
      }
      this.route(actionFromArgv(argv, workingDirectory));
    });
  }

  /** The window has loaded: handle this instance's own command line, then whatever waited. */
  windowReady(argv: readonly string[], cwd: string): void {
    this.ready = true;
    const waiting = [...this.queue, actionFromArgv(argv, cwd)];
    this.queue = [];
    for (const action of waiting) this.route(action);
  }

  route(action: LaunchAction): void {
    if (action.kind === LaunchActionKind.None) return;
    if (!this.ready) {
      this.queue.push(action);
      return;
    }
    void this.perform(action);
  }

  private async perform(action: LaunchAction): Promise<void> {
    const window = this.handlers.window();
    if (!window) return;
    switch (action.kind) {
      case LaunchActionKind.BadInvite:
        await dialog.showMessageBox(window, { type: 'error', message: 'This invite link does not work.', detail: action.error });
        return;
      case LaunchActionKind.OpenInvite:
        if (!(await this.handlers.confirmDiscard())) return;
        this.handlers.leftFile();
        await window.loadURL(action.appUrl);
        return;
      case LaunchActionKind.OpenFile:
        await this.openFile(action.path);
        return;
      case LaunchActionKind.None:
        return;
    }
  }
}
