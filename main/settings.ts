/**
 * The settings file (`settings.json` in the user's data folder). Reading never fails: a missing,
 * unreadable or corrupt file gives the defaults, and bad values are dropped one by one. Writing
 * goes to a temporary file that is renamed over the old one, so a crash mid-write leaves either
 * the old settings or the new ones, never half a file.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './file-io';
import { normalizeSettings, type Settings } from './settings-schema';

export const SETTINGS_FILE_NAME = 'settings.json';
/** A settings file is a few hundred bytes; a huge one is not ours and is not parsed. */
export const MAX_SETTINGS_FILE_BYTES = 1024 * 1024;

export interface LoadedSettings {
  settings: Settings;
  /** Why the file could not be used as it was (shown in the log), or null. */
  problem: string | null;
}

export async function loadSettings(file: string, defaults: Settings): Promise<LoadedSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { settings: defaults, problem: missing ? null : `could not read ${file}: ${(error as Error).message}` };
  }
  if (text.length > MAX_SETTINGS_FILE_BYTES) return { settings: defaults, problem: `${file} is too large to be a settings file; using defaults` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { settings: defaults, problem: `${file} is not valid JSON (${(error as Error).message}); using defaults` };
  }
  return { settings: normalizeSettings(parsed, defaults), problem: null };
}

/** Writes atomically: a temporary file beside the target, then a rename over it. */
export async function saveSettings(file: string, settings: Settings): Promise<void> {
  // 0600: the recent list names the user's files; other accounts on the machine need not see it.
  await writeFileAtomic(file, `${JSON.stringify(settings, null, 2)}\n`, 0o600);
}

/**
 * Settings held in memory and written after every change. Writes are chained so two quick
 * changes land in order, and a failed write does not stop the next one.
 */
export class SettingsStore {
  private current: Settings;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    initial: Settings,
    private readonly onWriteError: (error: Error) => void,
  ) {
    this.current = initial;
  }

  get(): Settings {
    return this.current;
  }

  update(change: Partial<Settings>): Settings {
    this.current = { ...this.current, ...change };
    const snapshot = this.current;
    this.writing = this.writing.then(() => saveSettings(this.file, snapshot)).catch((error: Error) => this.onWriteError(error));
    return this.current;
  }

  /** Resolves when every change so far is on disk (or has failed and been reported). */
  flushed(): Promise<void> {
    return this.writing;
  }
}
