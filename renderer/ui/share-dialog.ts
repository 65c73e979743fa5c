/**
 * The Share dialog: the editor and viewer links with Copy buttons, a link that opens the board
 * in the desktop app, and (for editors) revoking every link. Links are fetched from the server
 * each time the dialog opens: only the server can sign them.
 */
import type { InviteLinks, RoomLinksResponse } from '../../protocol/room-api';
import type { ApiResult } from '../collab/room-api-client';
import { matchesShortcut } from '../tools/shortcut-list';
import { openModal, resetDialog } from './dialog';

export interface ShareDialogOptions {
  load: () => Promise<ApiResult<RoomLinksResponse>>;
  /** Null for viewers, who cannot revoke. */
  revoke: (() => Promise<ApiResult<RoomLinksResponse>>) | null;
  onRevoked: (response: RoomLinksResponse) => void;
}

export interface ShareDialog {
  readonly button: HTMLButtonElement;
  open(): Promise<void>;
}

async function copy(text: string, input: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No async clipboard on plain-http pages: fall back to the selection.
    input.select();
    return document.execCommand('copy');
  }
}

function linkRow(label: string, hint: string, links: InviteLinks, kind: 'editor' | 'viewer'): HTMLElement {
  const row = document.createElement('div');
  row.className = 'share-row';
  row.dataset.link = kind;
  const heading = document.createElement('div');
  heading.className = 'share-label';
  heading.innerHTML = `<strong></strong><span></span>`;
  (heading.firstElementChild as HTMLElement).textContent = label;
  (heading.lastElementChild as HTMLElement).textContent = hint;
  const input = document.createElement('input');
  input.type = 'text';
  input.readOnly = true;
  input.value = links.web;
  input.setAttribute('aria-label', `${label} link`);
  input.addEventListener('focus', () => input.select());
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'primary';
  button.textContent = 'Copy';
  button.addEventListener('click', () => {
    void copy(links.web, input).then((ok) => {
      button.textContent = ok ? 'Copied' : 'Press Ctrl+C';
      setTimeout(() => (button.textContent = 'Copy'), 1500);
    });
  });
  const desktop = document.createElement('a');
  desktop.className = 'desktop-link';
  desktop.href = links.desktop;
  desktop.textContent = 'Open in the desktop app';
  const field = document.createElement('div');
  field.className = 'share-field';
  field.append(input, button);
  row.append(heading, field, desktop);
  return row;
}

export function createShareDialog(options: ShareDialogOptions): ShareDialog {
  const dialog = document.createElement('dialog');
  dialog.className = 'share-dialog';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'share-button primary';
  button.textContent = 'Share';
  // Ctrl+Shift+L ("link"): Ctrl+Shift+S is Save As in the desktop app.
  button.title = 'Share this board (Ctrl+Shift+L)';

  const render = (response: RoomLinksResponse | null, error: string | null): void => {
    resetDialog(dialog, 'share-title', 'Share this board');
    if (error) {
      const message = document.createElement('p');
      message.className = 'share-error';
      message.textContent = error;
      dialog.append(message);
      return;
    }
    if (!response) {
      const message = document.createElement('p');
      message.textContent = 'Getting the links…';
      dialog.append(message);
      return;
    }
    if (response.links.editor) dialog.append(linkRow('Can edit', 'Anyone with this link can draw and delete.', response.links.editor, 'editor'));
    dialog.append(linkRow('Can view', 'Anyone with this link can watch, not change.', response.links.viewer, 'viewer'));
    if (options.revoke) {
      const revoke = document.createElement('button');
      revoke.type = 'button';
      revoke.className = 'danger';
      revoke.textContent = 'Revoke all links…';
      revoke.addEventListener('click', () => {
        if (!confirm('Revoke every link to this board? People who use an old link are disconnected and need a new one.')) return;
        render(null, null);
        void options.revoke?.().then((result) => {
          if (result.ok) {
            options.onRevoked(result.value);
            render(result.value, null);
          } else {
            render(null, result.error);
          }
        });
      });
      const footer = document.createElement('div');
      footer.className = 'share-footer';
      footer.append(revoke);
      dialog.append(footer);
    }
  };

  const open = async (): Promise<void> => {
    render(null, null);
    openModal(dialog);
    const result = await options.load();
    render(result.ok ? result.value : null, result.ok ? null : result.error);
  };

  button.addEventListener('click', () => void open());
  window.addEventListener('keydown', (event) => {
    if (matchesShortcut('share', event)) {
      event.preventDefault();
      void open();
    }
  });
  document.body.append(dialog);
  return { button, open };
}
