/**
 * What the board menu (board-menu.ts) and the right-click menu (context-menu.ts) build alike: a thin rule between
 * groups, and an item showing its label with its shortcut right-aligned, which screen readers hear as the shortcut.
 */

export function menuRule(): HTMLElement {
  const rule = document.createElement('div');
  rule.className = 'menu-separator';
  rule.setAttribute('role', 'separator');
  return rule;
}

/** A menu item; `activate` runs on click (and on Enter, which clicks a focused button). */
export function menuItem(label: string, shortcut: string | undefined, role: string, activate: () => void): HTMLButtonElement {
  const item = document.createElement('button');
  item.type = 'button';
  item.setAttribute('role', role);
  const text = document.createElement('span');
  text.textContent = label;
  item.append(text);
  if (shortcut) {
    const keys = document.createElement('kbd');
    keys.textContent = shortcut;
    item.setAttribute('aria-keyshortcuts', shortcut);
    item.append(keys);
  }
  item.addEventListener('click', activate);
  return item;
}
