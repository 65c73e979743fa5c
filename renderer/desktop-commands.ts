/**
 * The desktop app's menu commands, acted on in the renderer (which owns the board): files go
 * through the bridge's verbs (main shows the dialogs and writes the files), board commands go to
 * the board app. Commands are listened for at start-up, before anything is awaited, so a file
 * opened from the system while the page loads is not lost; they wait until a board is mounted.
 */
import * as Y from 'yjs';
import type { BoardFileInfo, MenuCommandEvent, WhiteboardBridge } from '../main/bridge-api';
import type { BoardApp } from './board-app';
import { keyboardHeld } from './ui/keyboard-layer';
import { showToast } from './ui/toast';

export interface DesktopBoard {
  app: BoardApp;
  doc: Y.Doc;
  /** The version history to keep in the board's file (a local board's); absent: none. */
  history?: () => Uint8Array;
  /** The board was saved to a file. */
  onSaved(info: BoardFileInfo): void;
  /** "Host on this computer" from the menu. */
  host(): void;
}

export interface DesktopCommands {
  /** Starts acting on commands for this board (and on any that arrived before). */
  attach(board: DesktopBoard): void;
}

/** The address that shows a board from a file (the page reads it again through openRecent). */
export function fileAddress(path: string): string {
  return `/?file=${encodeURIComponent(path)}`;
}

/**
 * Whether an edit command from the menu belongs to a field rather than the board: the focus is
 * in a text field, or a dialog or menu holds the keyboard (nothing acts on the board behind it).
 */
function inTextField(): boolean {
  const active = document.activeElement as HTMLElement | null;
  return keyboardHeld() || (!!active && (active.isContentEditable || /^(INPUT|TEXTAREA)$/.test(active.tagName)));
}

function failure(error: unknown): void {
  showToast(error instanceof Error ? error.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '') : String(error));
}

export function installDesktopCommands(bridge: WhiteboardBridge): DesktopCommands {
  let board: DesktopBoard | null = null;
  const waiting: MenuCommandEvent[] = [];

  const run = async (event: MenuCommandEvent, target: DesktopBoard): Promise<void> => {
    const { app } = target;
    switch (event.command) {
      case 'new-board':
        if (await bridge.newBoard()) window.location.assign('/');
        return;
      case 'open-board': {
        const opened = await bridge.openBoard();
        if (opened) window.location.assign(fileAddress(opened.path));
        return;
      }
      case 'open-recent':
        if (event.path) window.location.assign(fileAddress(event.path));
        return;
      case 'save':
      case 'save-as': {
        const saved = await bridge.saveBoard(Y.encodeStateAsUpdate(target.doc), { saveAs: event.command === 'save-as' }, target.history?.() ?? null);
        if (saved) target.onSaved(saved);
        return;
      }
      case 'export-png':
      case 'export-svg':
        app.openExport({ format: event.command === 'export-png' ? 'png' : 'svg' });
        return;
      case 'version-history':
        app.toggleHistory();
        return;
      case 'host-on-this-computer':
        target.host();
        return;
      case 'undo':
        if (inTextField()) document.execCommand('undo');
        else app.commands.undo();
        return;
      case 'redo':
        if (inTextField()) document.execCommand('redo');
        else app.commands.redo();
        return;
      case 'delete':
        if (!inTextField()) app.commands.deleteSelection();
        return;
      case 'select-all':
        if (inTextField()) document.execCommand('selectAll');
        else app.commands.selectAll();
        return;
      case 'zoom-in':
        app.view.zoomBy(1.25);
        return;
      case 'zoom-out':
        app.view.zoomBy(0.8);
        return;
      case 'zoom-reset':
        app.view.zoomTo(1);
        return;
      case 'zoom-to-fit':
        app.view.zoomToFit();
        return;
    }
  };

  bridge.onMenuCommand((event) => {
    if (board) run(event, board).catch(failure);
    else waiting.push(event);
  });

  return {
    attach(next) {
      board = next;
      for (const event of waiting.splice(0)) run(event, next).catch(failure);
    },
  };
}
