/**
 * The board shown in the window, as main sees it: which file it belongs to and whether it has
 * unsaved changes (the renderer reports those). Before anything replaces the board (New, Open,
 * an invite link, closing the window) `confirmDiscard` asks the user; "Save" there asks the
 * renderer to save (it holds the state) and waits for the outcome of that save.
 */
import type { BoardFileInfo } from './bridge-api';

export const UnsavedChoice = { Save: 'save', Discard: 'discard', Cancel: 'cancel' } as const;
export type UnsavedChoice = (typeof UnsavedChoice)[keyof typeof UnsavedChoice];

/**
 * After asking the renderer to save, the save must begin (the renderer calls saveBoard) within
 * this time, or the renderer is taken not to be able to, and what was waiting is cancelled. The
 * Save dialog itself may then stay open as long as the user likes.
 */
export const SAVE_START_TIMEOUT_MS = 10_000;

export interface SessionHooks {
  askUnsaved: () => Promise<UnsavedChoice>;
  /** Send the renderer the Save command. */
  requestSave: () => void;
  setTimer?: (run: () => void, ms: number) => () => void;
}

const defaultTimer = (run: () => void, ms: number): (() => void) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export class BoardSession {
  filePath: string | null = null;
  unsaved = false;
  private asking = false;
  private waiters: ((saved: boolean) => void)[] = [];
  private cancelStartTimer: (() => void) | null = null;

  constructor(private readonly hooks: SessionHooks) {}

  setUnsaved(unsaved: boolean): void {
    this.unsaved = unsaved;
  }

  /** A new board, or one just opened from `filePath`: nothing unsaved. */
  reset(filePath: string | null): void {
    this.filePath = filePath;
    this.unsaved = false;
  }

  /** Whether the current board may be replaced now. */
  async confirmDiscard(): Promise<boolean> {
    if (!this.unsaved) return true;
    // A second request while the question is open (a second Ctrl+W) waits for nothing: refuse it.
    if (this.asking) return false;
    this.asking = true;
    try {
      const choice = await this.hooks.askUnsaved();
      if (choice === UnsavedChoice.Discard) return true;
      if (choice === UnsavedChoice.Cancel) return false;
      const saved = new Promise<boolean>((resolve) => this.waiters.push(resolve));
      this.cancelStartTimer = (this.hooks.setTimer ?? defaultTimer)(() => this.finishWaiting(false), SAVE_START_TIMEOUT_MS);
      this.hooks.requestSave();
      return await saved;
    } finally {
      this.asking = false;
    }
  }

  /** The renderer called saveBoard: the save has begun (a dialog may be open now). */
  saveStarted(): void {
    this.cancelStartTimer?.();
    this.cancelStartTimer = null;
  }

  /** A save ended: `file` is where it went, or null when it was cancelled or failed. */
  saveFinished(file: BoardFileInfo | null): void {
    if (file) this.reset(file.path);
    this.finishWaiting(file !== null);
  }

  private finishWaiting(saved: boolean): void {
    this.cancelStartTimer?.();
    this.cancelStartTimer = null;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve(saved);
  }
}
