/**
 * The board menu (top left): commands and settings, each with its shortcut beside it, from the
 * one list of shortcuts. Settings that are on or off show a check (`menuitemcheckbox`); a choice
 * among several (the theme) shows which one is chosen (`menuitemradio`). It holds the keyboard
 * while open (popup.ts).
 */
import { MENU_ICON } from './icons';
import { menuItem, menuRule } from './menu-item';
import { bindPopup } from './popup';

export interface MenuCommandItem {
  id: string;
  label: string;
  shortcut?: string;
  /** A setting: whether it is on (shown with a check). */
  checked?: () => boolean;
  /** One of a group of choices (shown with a dot when chosen, via `checked`). */
  radio?: boolean;
  enabled?: () => boolean;
  run(): void;
}

export const MENU_RULE = 'rule';
export type MenuItem = MenuCommandItem | typeof MENU_RULE;

export function createBoardMenu(items: readonly MenuItem[]): HTMLElement {
  const element = document.createElement('div');
  element.className = 'board-menu';
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'tool-button';
  toggle.innerHTML = MENU_ICON;
  toggle.title = 'Menu';
  toggle.setAttribute('aria-label', 'Menu');
  const list = document.createElement('div');
  list.className = 'menu-list';
  list.setAttribute('role', 'menu');
  list.setAttribute('aria-label', 'Board menu');

  const built = items.map((entry) => {
    if (entry === MENU_RULE) {
      list.append(menuRule());
      return null;
    }
    const role = entry.radio ? 'menuitemradio' : entry.checked ? 'menuitemcheckbox' : 'menuitem';
    const item = menuItem(entry.label, entry.shortcut, role, () => {
      popup.close();
      entry.run();
    });
    item.dataset.menu = entry.id;
    list.append(item);
    return { item, entry };
  });

  const popup = bindPopup(element, toggle, list, () => {
    for (const b of built) {
      if (!b) continue;
      if (b.entry.checked) b.item.setAttribute('aria-checked', String(b.entry.checked()));
      b.item.disabled = b.entry.enabled ? !b.entry.enabled() : false;
    }
  });
  element.append(toggle, list);
  return element;
}
