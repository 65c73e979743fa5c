/**
 * The Keyboard shortcuts dialog (? or the board menu): every shortcut, from the one list the keys
 * are bound from (tools/shortcut-list.ts), in sections, with a field that narrows the list as one
 * types ("zoom", "Ctrl+G").
 */
import { shortcutSections } from '../tools/shortcut-list';
import { openModal, resetDialog } from './dialog';

export function createShortcutsDialog(): { element: HTMLDialogElement; open(): void } {
  const dialog = document.createElement('dialog');
  dialog.className = 'share-dialog shortcuts-dialog';
  const render = (): void => {
    resetDialog(dialog, 'shortcuts-title', 'Keyboard shortcuts');
    const filter = document.createElement('input');
    filter.type = 'search';
    filter.className = 'shortcut-filter';
    filter.placeholder = 'Search shortcuts';
    filter.setAttribute('aria-label', 'Search shortcuts');
    const columns = document.createElement('div');
    columns.className = 'shortcut-columns';
    const rows: Array<{ text: string; term: HTMLElement; keys: HTMLElement; block: HTMLElement }> = [];
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
        rows.push({ text: `${entry.label} ${entry.keys} ${section.title}`.toLowerCase(), term, keys, block });
      }
      block.append(title, table);
      columns.append(block);
    }
    const none = document.createElement('p');
    none.className = 'share-intro';
    none.textContent = 'No shortcut matches.';
    none.hidden = true;
    filter.addEventListener('input', () => {
      const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      const shown = new Set<HTMLElement>();
      for (const row of rows) {
        const match = words.every((w) => row.text.includes(w));
        row.term.hidden = !match;
        row.keys.hidden = !match;
        if (match) shown.add(row.block);
      }
      for (const block of columns.children) (block as HTMLElement).hidden = !shown.has(block as HTMLElement);
      none.hidden = shown.size > 0;
    });
    const note = document.createElement('p');
    note.className = 'share-intro';
    note.textContent = 'On a Mac, use Cmd where these say Ctrl.';
    dialog.append(filter, columns, none, note);
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
