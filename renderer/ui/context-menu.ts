/**
 * A right-click menu: a list of commands with their shortcuts, opened at the pointer and kept
 * inside the window. It behaves like a desktop menu: arrow keys move between items, Enter runs
 * one, Escape, a click elsewhere, a scroll or losing the window closes it.
 */

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
  element.hidden = true;
  let returnFocus: HTMLElement | null = null;

  const items = (): HTMLButtonElement[] => [...element.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')];

  const close = (): void => {
    if (element.hidden) return;
    element.hidden = true;
    element.replaceChildren();
    returnFocus?.focus();
    returnFocus = null;
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (element.hidden) return;
    const enabled = items();
    const at = enabled.indexOf(document.activeElement as HTMLButtonElement);
    switch (event.key) {
      case 'Escape':
        close();
        break;
      case 'ArrowDown':
        enabled[(at + 1) % enabled.length]?.focus();
        break;
      case 'ArrowUp':
        enabled[(at - 1 + enabled.length) % enabled.length]?.focus();
        break;
      case 'Home':
        enabled[0]?.focus();
        break;
      case 'End':
        enabled[enabled.length - 1]?.focus();
        break;
      case 'Enter':
      case ' ':
        // The focused item's own click runs the command; the board must not see the key.
        event.stopPropagation();
        return;
      default:
        // Any other key (a shortcut, Tab) closes the menu and then does what it always does.
        close();
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };
  // Capture: the board's shortcuts listen on the window too, and must not see these keys.
  window.addEventListener('keydown', onKeyDown, true);
  document.addEventListener('pointerdown', (event) => {
    if (!element.contains(event.target as Node)) close();
  }, true);
  window.addEventListener('blur', close);
  window.addEventListener('resize', close);
  window.addEventListener('wheel', close, { passive: true });

  return {
    element,
    get isOpen() {
      return !element.hidden;
    },
    open(clientX, clientY, entries) {
      element.replaceChildren();
      for (const entry of entries) {
        if (entry === MENU_SEPARATOR) {
          const rule = document.createElement('div');
          rule.className = 'menu-separator';
          rule.setAttribute('role', 'separator');
          element.append(rule);
          continue;
        }
        const item = document.createElement('button');
        item.type = 'button';
        item.setAttribute('role', 'menuitem');
        item.disabled = entry.disabled ?? false;
        const label = document.createElement('span');
        label.textContent = entry.label;
        item.append(label);
        if (entry.shortcut) {
          const keys = document.createElement('kbd');
          keys.textContent = entry.shortcut;
          item.append(keys);
        }
        item.addEventListener('click', () => {
          close();
          entry.run();
        });
        element.append(item);
      }
      if (element.hidden) returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      element.hidden = false;
      // Measured once shown: open down and right of the pointer, or up and left where it fits.
      const { width, height } = element.getBoundingClientRect();
      const left = clientX + width + EDGE_MARGIN_PX > window.innerWidth ? Math.max(EDGE_MARGIN_PX, clientX - width) : clientX;
      const top = clientY + height + EDGE_MARGIN_PX > window.innerHeight ? Math.max(EDGE_MARGIN_PX, clientY - height) : clientY;
      element.style.left = `${left}px`;
      element.style.top = `${top}px`;
      items()[0]?.focus();
    },
    close,
  };
}
