/**
 * A board on this computer only (the desktop app's default): no server, kept in a .whiteboard
 * file. The status line names the file and says whether there are unsaved changes (the main
 * process asks before closing); Share offers to put the board online, hosted by this computer
 * or on the configured sync server, which moves this very document into a new room.
 */
import type * as Y from 'yjs';
import { matchesShortcut } from './tools/shortcut-list';
import { openModal, resetDialog } from './ui/dialog';

export const OnlineTarget = {
  ThisComputer: 'this-computer',
  ThisNetwork: 'this-network',
  DefaultServer: 'default-server',
} as const;

export type OnlineTarget = (typeof OnlineTarget)[keyof typeof OnlineTarget];

export interface LocalBoardOptions {
  root: HTMLElement;
  doc: Y.Doc;
  topRight: HTMLElement;
  fileName: string | null;
  defaultServerUrl: string;
  setUnsavedChanges: (unsaved: boolean) => void;
  goOnline: (target: OnlineTarget) => Promise<void>;
}

export interface LocalBoard {
  /** The board was saved to a file with this name. */
  saved(name: string): void;
  /** The board went online: stop tracking file changes and remove the local chrome. */
  detach(): void;
}

const UNTITLED = 'Untitled board';

function shareDialog(options: LocalBoardOptions): { dialog: HTMLDialogElement; open(): void } {
  const dialog = document.createElement('dialog');
  dialog.className = 'share-dialog';
  const render = (busy: string | null): void => {
    resetDialog(dialog, 'local-share-title', 'Share this board');
    const intro = document.createElement('p');
    intro.className = 'share-intro';
    intro.textContent = busy ?? 'This board is only on this computer. Put it online to draw on it together; you get an editor link and a viewer link to send.';
    dialog.append(intro);
    if (busy) return;
    const option = (label: string, hint: string, target: OnlineTarget): HTMLElement => {
      const row = document.createElement('div');
      row.className = 'share-option';
      const text = document.createElement('div');
      text.innerHTML = '<strong></strong><span></span>';
      (text.firstElementChild as HTMLElement).textContent = label;
      (text.lastElementChild as HTMLElement).textContent = hint;
      const go = document.createElement('button');
      go.type = 'button';
      go.className = 'primary';
      go.dataset.target = target;
      go.textContent = 'Put online';
      go.addEventListener('click', () => {
        render('Putting the board online…');
        void options.goOnline(target).then(() => dialog.close(), () => render(null));
      });
      row.append(text, go);
      return row;
    };
    dialog.append(
      option('Host on this computer', 'People on this computer can join; the board stays here.', OnlineTarget.ThisComputer),
      option('Host for this network', 'People on your local network can join (your firewall may ask).', OnlineTarget.ThisNetwork),
      option(`On ${options.defaultServerUrl.replace(/^wss?:\/\//, '')}`, 'Your sync server keeps the board; people join from anywhere it is reachable.', OnlineTarget.DefaultServer),
    );
  };
  document.body.append(dialog);
  return {
    dialog,
    open() {
      render(null);
      openModal(dialog);
    },
  };
}

export function mountLocalBoard(options: LocalBoardOptions): LocalBoard {
  let name = options.fileName;
  let unsaved = false;
  const badge = document.createElement('div');
  badge.className = 'status-badge';
  badge.dataset.status = 'local';
  badge.setAttribute('role', 'status');
  const dot = document.createElement('span');
  dot.className = 'dot';
  const label = document.createElement('span');
  label.className = 'label';
  badge.append(dot, label);
  const render = (): void => {
    badge.dataset.unsaved = String(unsaved);
    label.textContent = `On this computer · ${name ?? UNTITLED} · ${unsaved ? 'Unsaved changes' : name ? 'Saved' : 'Not saved yet'}`;
    document.title = `${unsaved ? '• ' : ''}${name ?? UNTITLED} — Whiteboard`;
  };

  const onTransaction = (transaction: Y.Transaction): void => {
    if (!transaction.local || transaction.changed.size === 0 || unsaved) return;
    unsaved = true;
    options.setUnsavedChanges(true);
    render();
  };
  options.doc.on('afterTransaction', onTransaction);

  const share = shareDialog(options);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'share-button primary';
  button.textContent = 'Share';
  button.title = 'Put this board online to share it (Ctrl+Shift+L)';
  button.addEventListener('click', () => share.open());
  const onKey = (event: KeyboardEvent): void => {
    if (matchesShortcut('share', event)) {
      event.preventDefault();
      share.open();
    }
  };
  window.addEventListener('keydown', onKey);
  options.topRight.replaceChildren(button);
  options.root.append(badge);
  render();

  return {
    saved(fileName) {
      name = fileName;
      unsaved = false;
      render();
    },
    detach() {
      options.doc.off('afterTransaction', onTransaction);
      window.removeEventListener('keydown', onKey);
      share.dialog.remove();
      badge.remove();
      if (unsaved) options.setUnsavedChanges(false);
    },
  };
}
