/**
 * When a launch request (an invite link or a board file from the OS) can be acted on: only once
 * the window's page has loaded, since the page is what opens the board. Requests that arrive
 * earlier wait, in order. On macOS the app keeps running with no window at all; a link or file
 * opened then used to be dropped, because there was no window to act in. Now a request with no
 * window opens one and is handled once its page has loaded. Electron is kept out of this file
 * (launch.ts wires it), so the ordering is tested under Node.
 */
import { LaunchActionKind, type LaunchAction } from './deep-links';

export interface LaunchTarget {
  /** Whether the app has a window (loaded or not). */
  hasWindow(): boolean;
  /** Opens the window; the app then calls windowLoading() and, once loaded, windowLoaded(). */
  openWindow(): void;
  /** Acts on a request; called only while the window's page is loaded. */
  perform(action: LaunchAction): Promise<void>;
}

export class LaunchQueue {
  private waiting: LaunchAction[] = [];
  private loaded = false;
  private opening = false;
  private canOpenWindows = false;

  constructor(private readonly target: LaunchTarget) {}

  /** The app is ready: from now on a request with no window opens one. */
  appReady(): void {
    this.canOpenWindows = true;
    this.openIfNeeded();
  }

  /** A page starts loading in the window (a new window, or a navigation): requests wait. */
  windowLoading(): void {
    this.loaded = false;
    this.opening = true;
  }

  /** The window's page has loaded: handle what waited, oldest first. */
  windowLoaded(): void {
    this.loaded = true;
    this.opening = false;
    const waiting = this.waiting;
    this.waiting = [];
    for (const action of waiting) this.dispatch(action);
  }

  /** The window is gone (macOS keeps the app running). */
  windowClosed(): void {
    this.loaded = false;
    this.opening = false;
  }

  route(action: LaunchAction): void {
    if (action.kind === LaunchActionKind.None) return;
    if (this.loaded && this.target.hasWindow()) {
      this.dispatch(action);
      return;
    }
    this.waiting.push(action);
    this.openIfNeeded();
  }

  /** Requests not handled yet (for tests and diagnostics). */
  pending(): readonly LaunchAction[] {
    return this.waiting;
  }

  private openIfNeeded(): void {
    if (!this.canOpenWindows || this.opening || this.waiting.length === 0 || this.target.hasWindow()) return;
    this.opening = true;
    this.target.openWindow();
  }

  private dispatch(action: LaunchAction): void {
    this.target.perform(action).catch((error: unknown) => console.error(`launch request failed: ${(error as Error).message}`));
  }
}
