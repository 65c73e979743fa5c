/**
 * A menu that drops down from a toolbar button (the board menu, the Frames navigator): the button
 * says whether it is open (`aria-expanded`), the open menu holds the keyboard (keyboard-layer.ts)
 * with arrow keys between its items (menu-keys.ts), and Escape, choosing an item or a click
 * elsewhere closes it.
 */
import { holdKeyboard } from './keyboard-layer';
import { bindMenuKeys, firstMenuItem } from './menu-keys';

export interface Popup {
  readonly isOpen: boolean;
  open(): void;
  /** `restoreFocus`: give focus back to the button (false when a click elsewhere took it). */
  close(restoreFocus?: boolean): void;
}

export function bindPopup(container: HTMLElement, toggle: HTMLButtonElement, list: HTMLElement, onOpen: () => void = () => {}): Popup {
  toggle.setAttribute('aria-expanded', 'false');
  toggle.setAttribute('aria-haspopup', 'menu');
  list.hidden = true;
  bindMenuKeys(list);
  let release: ((restoreFocus?: boolean) => void) | null = null;

  const popup: Popup = {
    get isOpen() {
      return !list.hidden;
    },
    open() {
      if (!list.hidden) return;
      onOpen();
      list.hidden = false;
      toggle.setAttribute('aria-expanded', 'true');
      release = holdKeyboard(list, { onEscape: () => popup.close(), initialFocus: () => firstMenuItem(list) });
    },
    close(restoreFocus = true) {
      if (list.hidden) return;
      list.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
      release?.(restoreFocus);
      release = null;
    },
  };
  toggle.addEventListener('click', () => (list.hidden ? popup.open() : popup.close()));
  document.addEventListener('pointerdown', (event) => {
    if (!container.contains(event.target as Node)) popup.close(false);
  });
  return popup;
}
