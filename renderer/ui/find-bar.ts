/**
 * The Find bar (Ctrl+F), under the toolbar: a search field, which hit of how many ("2 of 5",
 * announced to screen readers), previous and next, and Close. Enter goes to the next hit,
 * Shift+Enter to the previous (F3 and Shift+F3 too); Escape closes it and gives focus back.
 */
import { svg } from './icons';

const SEARCH_ICON = svg('<circle cx="10.5" cy="10.5" r="6"/><path d="M15 15l5 5"/>');
const UP_ICON = svg('<path d="M6 15l6-6 6 6"/>');
const DOWN_ICON = svg('<path d="M6 9l6 6 6-6"/>');
const CLOSE_ICON = svg('<path d="M6 6l12 12M18 6L6 18"/>');

export interface FindBarOptions {
  onQuery(query: string): void;
  onStep(by: 1 | -1): void;
  onClose(): void;
}

export interface FindBar {
  readonly element: HTMLElement;
  readonly isOpen: boolean;
  open(): void;
  close(): void;
  /** Which hit is shown (0-based; -1 for none) of how many. */
  setCount(current: number, total: number): void;
}

export function createFindBar(options: FindBarOptions): FindBar {
  const element = document.createElement('div');
  element.className = 'find-bar';
  element.setAttribute('role', 'search');
  element.hidden = true;
  const icon = document.createElement('span');
  icon.className = 'find-icon';
  icon.innerHTML = SEARCH_ICON;
  const input = document.createElement('input');
  input.type = 'search';
  input.placeholder = 'Find on the board';
  input.setAttribute('aria-label', 'Find text on the board');
  input.autocomplete = 'off';
  input.spellcheck = false;
  const count = document.createElement('span');
  count.className = 'find-count';
  count.setAttribute('role', 'status');
  count.setAttribute('aria-live', 'polite');
  const button = (label: string, html: string, onClick: () => void): HTMLButtonElement => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'tool-button small';
    b.title = label;
    b.setAttribute('aria-label', label);
    b.innerHTML = html;
    b.addEventListener('click', onClick);
    return b;
  };
  const prev = button('Previous match (Shift+Enter)', UP_ICON, () => options.onStep(-1));
  const next = button('Next match (Enter)', DOWN_ICON, () => options.onStep(1));
  const close = button('Close (Escape)', CLOSE_ICON, () => bar.close());
  element.append(icon, input, count, prev, next, close);
  let returnTo: HTMLElement | null = null;

  input.addEventListener('input', () => options.onQuery(input.value));
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') bar.close();
    else if (event.key === 'Enter' || event.key === 'F3') options.onStep(event.shiftKey ? -1 : 1);
    else return;
    event.preventDefault();
    event.stopPropagation();
  });

  const bar: FindBar = {
    element,
    get isOpen() {
      return !element.hidden;
    },
    open() {
      if (element.hidden) {
        const active = document.activeElement;
        returnTo = active instanceof HTMLElement && active !== document.body ? active : null;
        element.hidden = false;
        options.onQuery(input.value);
      }
      input.focus();
      input.select();
    },
    close() {
      if (element.hidden) return;
      element.hidden = true;
      options.onClose();
      if (returnTo?.isConnected) returnTo.focus();
      else if (element.contains(document.activeElement)) (document.activeElement as HTMLElement).blur();
      returnTo = null;
    },
    setCount(current, total) {
      const query = input.value.trim();
      count.textContent = query === '' ? '' : total === 0 ? 'No matches' : `${current + 1} of ${total}`;
      element.classList.toggle('no-match', query !== '' && total === 0);
      prev.disabled = total < 2;
      next.disabled = total < 2;
    },
  };
  return bar;
}
