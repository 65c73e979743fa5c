/**
 * Reading and writing files for the board and exports, in plain Node. Every write goes to a
 * temporary file beside the target and is renamed over it, so a crash or a full disk mid-write
 * leaves the old file whole rather than half of the new one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OpenedBoard } from './bridge-api';
import { BoardFileError, MAX_BOARD_FILE_BYTES, encodeBoardFile, readBoardFile } from './board-file';
import { BOARD_FILE_EXTENSION } from './settings-schema';

export async function writeFileAtomic(file: string, data: Uint8Array | string, mode = 0o644): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, data, { mode });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** The name shown for a board file: its file name without the extension. */
export function boardName(file: string): string {
  const base = path.basename(file);
  return base.toLowerCase().endsWith(BOARD_FILE_EXTENSION) ? base.slice(0, -BOARD_FILE_EXTENSION.length) : base;
}

/** `file` with `extension` added unless it already ends with it (dialogs on Linux may leave it off). */
export function withExtension(file: string, extension: string): string {
  return file.toLowerCase().endsWith(extension.toLowerCase()) ? file : `${file}${extension}`;
}

/** Reads and checks a board file; throws an Error whose message a person can act on. */
export async function readBoard(file: string): Promise<OpenedBoard> {
  const name = path.basename(file);
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BoardFileError(code === 'ENOENT' ? `${name} no longer exists (it was moved or deleted).` : `${name} cannot be read: ${(error as Error).message}`);
  }
  if (size > MAX_BOARD_FILE_BYTES) throw new BoardFileError(`${name} is ${size} bytes, larger than any board Whiteboard can open (${MAX_BOARD_FILE_BYTES}).`);
  const bytes = new Uint8Array(await readFile(file));
  const { state, history } = readBoardFile(bytes, name);
  return { path: file, name: boardName(file), state, history };
}

export async function writeBoard(file: string, state: Uint8Array, history: Uint8Array | null = null): Promise<void> {
  await writeFileAtomic(file, encodeBoardFile(state, history));
}
