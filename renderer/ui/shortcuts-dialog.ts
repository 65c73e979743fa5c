/** The Keyboard shortcuts dialog (? or the board menu): every shortcut, from the one list. */
import { shortcutSections } from '../tools/shortcut-list';
import { openModal, resetDialog } from './dialog';

export function createShortcutsDialog(): { element: HTMLDialogElement; open(): void } {
  const dialog = document.createElement('dialog');
  dialog.className = 'share-dialog shortcuts-dialog';
  const render = (): void => {
    resetDialog(dialog, 'shortcuts-title', 'Keyboard shortcuts');
    const columns = document.createElement('div');
    columns.className = 'shortcut-columns';
    for (const section of shortcutSections()) {
      const block = document.createElement('section');
      const title = document.createElement('h3');
      title.textContent = section.title;
      const table = document.createElement('dl');
      for (const entry of section.entries) {
        const term = document.createElement('dt');
        term.textContent = entry.label;
        const keys = document.createElement('dd');
        const kbd = document.createElement('kbd');
        kbd.textContent = entry.keys;
        keys.append(kbd);
        table.append(term, keys);
      }
      block.append(title, table);
      columns.append(block);
    }
    const note = document.createElement('p');
    note.className = 'share-intro';
    note.textContent = 'On a Mac, use Cmd where these say Ctrl.';
    dialog.append(columns, note);
  };
  document.body.append(dialog);
  return {
    element: dialog,
    open() {
      render();
      openModal(dialog);
    },
  };
}
