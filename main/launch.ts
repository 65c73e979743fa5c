/**
 * Invite links and board files handed to the app by the OS: `open-url` / `open-file` on macOS,
 * the command line of a second instance on Windows and Linux (the single-instance lock sends it
 * to this one), and this instance's own command line. When to act is decided in
 * launch-queue.ts (requests wait for the window's page, and open a window when there is none);
 * what a request means is decided in deep-links.ts.
 */
import { app, dialog, type BrowserWindow } from 'electron';
import { LaunchActionKind, actionFromArgv, actionFromLink, type LaunchAction } from './deep-links';
import { LaunchQueue } from './launch-queue';

export interface LaunchHandlers {
  window: () => BrowserWindow | null;
  /** Opens the app's window (there is none: macOS keeps the app running without one). */
  openWindow: () => void;
  /** Whether the current board may be replaced (asks about unsaved changes). */
  confirmDiscard: () => Promise<boolean>;
  /** The window now shows a server board, not a file. */
  leftFile: () => void;
}

export class LaunchRouter {
  private readonly queue: LaunchQueue;
  private openFile: (path: string) => Promise<void> = async () => {};

  constructor(private readonly handlers: LaunchHandlers) {
    this.queue = new LaunchQueue({
      hasWindow: () => handlers.window() !== null,
      openWindow: () => handlers.openWindow(),
      perform: (action) => this.perform(action),
    });
  }

  /** How to open a `.whiteboard` file the OS handed over (known once settings are loaded). */
  setOpenFile(open: (path: string) => Promise<void>): void {
    this.openFile = open;
  }

  /** Installs the OS hooks; call before `app.whenReady()`, as macOS sends open-url that early. */
  install(): void {
    app.on('open-url', (event, url) => {
      event.preventDefault();
      this.queue.route(actionFromLink(url));
    });
    app.on('open-file', (event, file) => {
      event.preventDefault();
      this.queue.route({ kind: LaunchActionKind.OpenFile, path: file });
    });
    app.on('second-instance', (_event, argv, workingDirectory) => {
      const window = this.handlers.window();
      if (window) {
        if (window.isMinimized()) window.restore();
        window.focus();
      }
      this.queue.route(actionFromArgv(argv, workingDirectory));
    });
  }

  /** The app is ready: this instance's own command line is a request like any other. */
  start(argv: readonly string[], cwd: string): void {
    this.queue.route(actionFromArgv(argv, cwd));
    this.queue.appReady();
  }

  /** Follows a window's page loads and its closing, so requests wait for a loaded page. */
  track(window: BrowserWindow): void {
    this.queue.windowLoading();
    window.webContents.on('did-start-loading', () => this.queue.windowLoading());
    // did-stop-loading follows a finished load and a failed one alike: either way the window can act.
    window.webContents.on('did-stop-loading', () => this.queue.windowLoaded());
    window.on('closed', () => this.queue.windowClosed());
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
