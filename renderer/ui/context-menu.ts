/**
 * A right-click menu: a list of commands with their shortcuts, opened at the pointer and kept
 * inside the window. It behaves like a desktop menu: it holds the keyboard while open
 * (keyboard-layer.ts: no board shortcut acts behind it), arrow keys and letters move between
 * items (menu-keys.ts), Enter runs one; Escape, a click elsewhere, a scroll or losing the window
 * closes it, and focus goes back where it was.
 */
import { holdKeyboard } from './keyboard-layer';
import { menuItem, menuRule } from './menu-item';
import { bindMenuKeys, firstMenuItem } from './menu-keys';

export interface MenuCommand {
  label: string;
  /** Shown right-aligned, e.g. 'Ctrl+D'. */
  shortcut?: string;
  disabled?: boolean;
  run(): void;
}

/** A thin rule between groups of commands. */
export const MENU_SEPARATOR = 'separator';
export type MenuEntry = MenuCommand | typeof MENU_SEPARATOR;

export interface ContextMenu {
  readonly element: HTMLElement;
  /** Opens at a point of the window (client coordinates), replacing whatever was open. */
  open(clientX: number, clientY: number, entries: readonly MenuEntry[]): void;
  close(): void;
  readonly isOpen: boolean;
}

/** Keeps the menu this far (px) from the window's edges. */
const EDGE_MARGIN_PX = 8;

export function createContextMenu(): ContextMenu {
  const element = document.createElement('div');
  element.className = 'context-menu menu-list';
  element.setAttribute('role', 'menu');
  element.setAttribute('aria-label', 'Board actions');
  element.hidden = true;
  bindMenuKeys(element);
  let release: ((restoreFocus?: boolean) => void) | null = null;

  const close = (restoreFocus = true): void => {
    if (element.hidden) return;
    element.hidden = true;
    element.replaceChildren();
    release?.(restoreFocus);
    release = null;
  };

  // A click elsewhere takes the focus with it; losing the window, resizing or scrolling closes
  // the menu and gives focus back.
  document.addEventListener('pointerdown', (event) => {
    if (!element.contains(event.target as Node)) close(false);
  }, true);
  window.addEventListener('blur', () => close());
  window.addEventListener('resize', () => close());
  window.addEventListener('wheel', () => close(), { passive: true });

  return {
    element,
    get isOpen() {
      return !element.hidden;
    },
    open(clientX, clientY, entries) {
      close(false);
      element.replaceChildren();
      for (const entry of entries) {
        if (entry === MENU_SEPARATOR) {
          element.append(menuRule());
          continue;
        }
        const item = menuItem(entry.label, entry.shortcut, 'menuitem', () => {
          close();
          entry.run();
        });
        item.disabled = entry.disabled ?? false;
        element.append(item);
      }
      element.hidden = false;
      // Measured once shown: open down and right of the pointer, or up and left where it fits.
      const { width, height } = element.getBoundingClientRect();
      const left = clientX + width + EDGE_MARGIN_PX > window.innerWidth ? Math.max(EDGE_MARGIN_PX, clientX - width) : clientX;
      const top = clientY + height + EDGE_MARGIN_PX > window.innerHeight ? Math.max(EDGE_MARGIN_PX, clientY - height) : clientY;
      element.style.left = `${left}px`;
      element.style.top = `${top}px`;
      release = holdKeyboard(element, { onEscape: () => close(), initialFocus: () => firstMenuItem(element) });
    },
    close: () => close(),
  };
}
