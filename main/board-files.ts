/**
 * The file verbs: New, Open, Open Recent, Save (As), Export, behind native dialogs. The renderer
 * hands over bytes; main alone picks paths (from a dialog the user answered, or the recent list
 * main itself keeps), so a compromised page cannot write or read where the user did not choose.
 */
import path from 'node:path';
import { app, dialog, type BrowserWindow, type SaveDialogOptions } from 'electron';
import { IpcChannel, ImageFormat, type BoardFileInfo, type OpenedBoard } from './bridge-api';
import { UnsavedChoice, type BoardSession } from './board-session';
import { boardName, readBoard, withExtension, writeBoard, writeFileAtomic } from './file-io';
import type { Handler } from './ipc';
import {
  validateBoardHistory,
  validateBoardState,
  validateBoolean,
  validateExportRequest,
  validateRecentPath,
  validateSaveOptions,
} from './ipc-validation';
import type { SettingsStore } from './settings';
import { BOARD_FILE_EXTENSION, addRecentFile } from './settings-schema';

export interface FileContext {
  settings: SettingsStore;
  session: BoardSession;
  window: () => BrowserWindow | null;
  /** The recent list changed: rebuild the Open Recent menu. */
  recentChanged: () => void;
}

const BOARD_FILTERS = [{ name: 'Whiteboard boards', extensions: [BOARD_FILE_EXTENSION.slice(1)] }];
const UNTITLED = 'Untitled';

export async function askUnsaved(window: BrowserWindow | null): Promise<UnsavedChoice> {
  const options = {
    type: 'warning' as const,
    buttons: ['Save…', 'Don’t Save', 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
    message: 'This board has changes that are not saved.',
    detail: 'Save them to a file before going on?',
  };
  const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return [UnsavedChoice.Save, UnsavedChoice.Discard, UnsavedChoice.Cancel][response] ?? UnsavedChoice.Cancel;
}

export function recentInfo(paths: readonly string[]): BoardFileInfo[] {
  return paths.map((file) => ({ path: file, name: boardName(file) }));
}

function remember(ctx: FileContext, file: string): void {
  ctx.settings.update({ recentFiles: addRecentFile(ctx.settings.get().recentFiles, file) });
  app.addRecentDocument(file);
  ctx.recentChanged();
}

function forget(ctx: FileContext, file: string): void {
  ctx.settings.update({ recentFiles: ctx.settings.get().recentFiles.filter((existing) => existing !== file) });
  ctx.recentChanged();
}

function showTitle(ctx: FileContext): void {
  const window = ctx.window();
  if (!window) return;
  window.setRepresentedFilename(ctx.session.filePath ?? '');
  window.setDocumentEdited(ctx.session.unsaved);
}

async function openFile(ctx: FileContext, file: string): Promise<OpenedBoard> {
  let board: OpenedBoard;
  try {
    board = await readBoard(file);
  } catch (error) {
    if (/no longer exists/.test((error as Error).message)) forget(ctx, file);
    throw error;
  }
  ctx.session.reset(file);
  remember(ctx, file);
  showTitle(ctx);
  return board;
}

async function chooseSavePath(window: BrowserWindow | null, options: SaveDialogOptions): Promise<string | null> {
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** Checks a file the OS asked us to open and puts it in the recent list; false (after telling the user) if unusable. */
export async function admitLaunchFile(ctx: FileContext, file: string): Promise<boolean> {
  try {
    await readBoard(file);
  } catch (error) {
    const window = ctx.window();
    const options = { type: 'error' as const, message: 'This board cannot be opened.', detail: (error as Error).message };
    await (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
    return false;
  }
  remember(ctx, file);
  return true;
}

export function registerFileVerbs(handle: (channel: IpcChannel, maxArgs: number, handler: Handler) => void, ctx: FileContext): void {
  handle(IpcChannel.NewBoard, 0, async () => {
    if (!(await ctx.session.confirmDiscard())) return false;
    ctx.session.reset(null);
    showTitle(ctx);
    return true;
  });

  handle(IpcChannel.OpenBoard, 0, async () => {
    if (!(await ctx.session.confirmDiscard())) return null;
    const window = ctx.window();
    const options = { title: 'Open a board', filters: BOARD_FILTERS, properties: ['openFile' as const] };
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    const file = result.canceled ? undefined : result.filePaths[0];
    return file ? openFile(ctx, file) : null;
  });

  handle(IpcChannel.OpenRecent, 1, async (_sender, value) => {
    const file = validateRecentPath(IpcChannel.OpenRecent, value, ctx.settings.get().recentFiles);
    if (!(await ctx.session.confirmDiscard())) return null;
    return openFile(ctx, file);
  });

  handle(IpcChannel.ListRecent, 0, () => recentInfo(ctx.settings.get().recentFiles));

  handle(IpcChannel.SetUnsavedChanges, 1, (_sender, value) => {
    ctx.session.setUnsaved(validateBoolean(IpcChannel.SetUnsavedChanges, value));
    showTitle(ctx);
  });

  handle(IpcChannel.SaveBoard, 3, async (_sender, stateArg, optionsArg, historyArg) => {
    const state = validateBoardState(IpcChannel.SaveBoard, stateArg);
    const { saveAs } = validateSaveOptions(IpcChannel.SaveBoard, optionsArg);
    const history = validateBoardHistory(IpcChannel.SaveBoard, historyArg);
    ctx.session.saveStarted();
    let file: BoardFileInfo | null = null;
    try {
      let target = saveAs ? null : ctx.session.filePath;
      if (!target) {
        const current = ctx.session.filePath;
        const chosen = await chooseSavePath(ctx.window(), {
          title: 'Save the board',
          defaultPath: current ?? path.join(app.getPath('documents'), `${UNTITLED}${BOARD_FILE_EXTENSION}`),
          filters: BOARD_FILTERS,
        });
        target = chosen === null ? null : withExtension(chosen, BOARD_FILE_EXTENSION);
      }
      if (target === null) return null;
      try {
        await writeBoard(target, state, history);
      } catch (error) {
        throw new Error(`The board could not be saved to ${target}: ${(error as Error).message}`);
      }
      file = { path: target, name: boardName(target) };
      remember(ctx, target);
      return file;
    } finally {
      ctx.session.saveFinished(file);
      showTitle(ctx);
    }
  });

  handle(IpcChannel.ExportImage, 1, async (_sender, value) => {
    const request = validateExportRequest(IpcChannel.ExportImage, value);
    const extension = request.format === ImageFormat.Png ? '.png' : '.svg';
    const base = ctx.session.filePath ? boardName(ctx.session.filePath) : UNTITLED;
    const chosen = await chooseSavePath(ctx.window(), {
      title: `Export as ${request.format.toUpperCase()}`,
      defaultPath: path.join(ctx.session.filePath ? path.dirname(ctx.session.filePath) : app.getPath('pictures'), `${base}${extension}`),
      filters: [{ name: `${request.format.toUpperCase()} image`, extensions: [extension.slice(1)] }],
    });
    if (chosen === null) return false;
    const target = withExtension(chosen, extension);
    try {
      await writeFileAtomic(target, request.data);
    } catch (error) {
      throw new Error(`The image could not be saved to ${target}: ${(error as Error).message}`);
    }
    return true;
  });
}
