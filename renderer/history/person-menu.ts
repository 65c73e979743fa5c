/**
 * A person's menu in the people list: right-click (or long-press) someone's avatar to follow them or to undo their
 * changes since a version. Attached from outside the list (ui/people-list.ts), by the avatars' data-client-id.
 */
import { holdKeyboard } from '../ui/keyboard-layer';
import '../ui/history.css';

export interface PersonMenuOptions {
  /** The name of the person whose avatar has this presence client id, or null. */
  nameOf(clientId: number): string | null;
  canUndo(): boolean;
  undo(name: string): void;
}

const LONG_PRESS_MS = 550;

export function attachPersonMenu(people: HTMLElement, options: PersonMenuOptions): void {
  const menu = document.createElement('div');
  menu.className = 'menu-list person-menu';
  menu.setAttribute('role', 'menu');
  menu.hidden = true;
  document.body.append(menu);
  let release: (() => void) | null = null;
  const close = (): void => {
    menu.hidden = true;
    release?.();
    release = null;
  };
  document.addEventListener('pointerdown', (event) => !menu.contains(event.target as Node) && close());

  const open = (avatar: HTMLElement, x: number, y: number): void => {
    const name = options.nameOf(Number(avatar.dataset.clientId));
    if (!name || avatar.classList.contains('self')) return;
    menu.replaceChildren();
    const item = (label: string, action: string, run: () => void): void => {
      const button = document.createElement('button');
      button.type = 'button';
      button.setAttribute('role', 'menuitem');
      button.dataset.action = action;
      button.textContent = label;
      button.addEventListener('click', () => {
        close();
        run();
      });
      menu.append(button);
    };
    item(avatar.classList.contains('followed') ? `Stop following ${name}` : `Follow ${name}`, 'follow', () => avatar.click());
    if (options.canUndo()) item(`Undo ${name}\u2019s changes…`, 'undo-person', () => options.undo(name));
    menu.hidden = false;
    release ??= holdKeyboard(menu, { onEscape: close });
    menu.style.left = `${Math.min(x, window.innerWidth - menu.offsetWidth - 8)}px`;
    menu.style.top = `${Math.min(y, window.innerHeight - menu.offsetHeight - 8)}px`;
  };
  const avatarOf = (target: EventTarget | null): HTMLElement | null => (target instanceof Element ? target.closest<HTMLElement>('.avatar[data-client-id]') : null);
  people.addEventListener('contextmenu', (event) => {
    const avatar = avatarOf(event.target);
    if (!avatar) return;
    event.preventDefault();
    open(avatar, event.clientX, event.clientY);
  });
  let press: ReturnType<typeof setTimeout> | null = null;
  people.addEventListener('pointerdown', (event) => {
    const avatar = avatarOf(event.target);
    if (!avatar || event.pointerType === 'mouse') return;
    press = setTimeout(() => open(avatar, event.clientX, event.clientY), LONG_PRESS_MS);
  });
  for (const end of ['pointerup', 'pointercancel', 'pointerleave'] as const) people.addEventListener(end, () => press && clearTimeout(press));
}
