/**
 * Moving between a menu's items by keyboard, as desktop menus do (the WAI-ARIA menu pattern):
 * Up and Down (wrapping), Home and End, and a typed letter jumps to the next item starting
 * with it. Enter and Space run the focused item (it is a button). Escape and Tab are the
 * keyboard layer's (keyboard-layer.ts).
 */

const ITEMS = '[role^="menuitem"]:not(:disabled)';

function items(menu: HTMLElement): HTMLElement[] {
  return [...menu.querySelectorAll<HTMLElement>(ITEMS)].filter((el) => el.getClientRects().length > 0);
}

/** The first enabled item (what gets focus when the menu opens). */
export function firstMenuItem(menu: HTMLElement): HTMLElement | null {
  return items(menu)[0] ?? null;
}

export function bindMenuKeys(menu: HTMLElement): void {
  menu.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const list = items(menu);
    if (list.length === 0) return;
    const at = list.indexOf(document.activeElement as HTMLElement);
    let next = -1;
    if (event.key === 'ArrowDown') next = (at + 1) % list.length;
    else if (event.key === 'ArrowUp') next = at <= 0 ? list.length - 1 : at - 1;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = list.length - 1;
    else if (event.key.length === 1 && /\S/.test(event.key)) {
      const letter = event.key.toLowerCase();
      for (let step = 1; step <= list.length; step++) {
        const candidate = list[(at + step) % list.length] as HTMLElement;
        if ((candidate.textContent ?? '').trim().toLowerCase().startsWith(letter)) {
          next = (at + step) % list.length;
          break;
        }
      }
    }
    if (next === -1) return;
    event.preventDefault();
    list[next]?.focus();
  });
}
