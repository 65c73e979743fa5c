/**
 * The board menu (top left): export the board or the selection as PNG or SVG (saved through an
 * ordinary download, which works in browsers and in the desktop app alike), and the board's
 * view settings and help (the grid, the list of shortcuts).
 */
import { MENU_ICON } from './icons';

export const ExportFormat = { Png: 'png', Svg: 'svg' } as const;
export type ExportFormat = (typeof ExportFormat)[keyof typeof ExportFormat];

/** A menu item besides the exports: a command, or a setting that is on or off. */
export interface MenuExtra {
  id: string;
  label: string;
  shortcut?: string;
  /** For a setting: whether it is on (shown with a check). */
  checked?: () => boolean;
  run(): void;
}

export interface ExportMenuOptions {
  onExport(format: ExportFormat, selectionOnly: boolean): void;
  hasSelection(): boolean;
  extras?: readonly MenuExtra[];
}

/** Saves a blob as a file through the browser's download. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function createExportMenu(options: ExportMenuOptions): HTMLElement {
  const element = document.createElement('div');
  element.className = 'board-menu';
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'tool-button';
  toggle.innerHTML = MENU_ICON;
  toggle.title = 'Menu';
  toggle.setAttribute('aria-label', 'Menu');
  toggle.setAttribute('aria-haspopup', 'menu');
  toggle.setAttribute('aria-expanded', 'false');
  const list = document.createElement('div');
  list.className = 'menu-list';
  list.setAttribute('role', 'menu');
  list.hidden = true;
  const items: Array<[ExportFormat, boolean, string]> = [
    [ExportFormat.Png, false, 'Export board as PNG'],
    [ExportFormat.Svg, false, 'Export board as SVG'],
    [ExportFormat.Png, true, 'Export selection as PNG'],
    [ExportFormat.Svg, true, 'Export selection as SVG'],
  ];
  const buttons = items.map(([format, selectionOnly, label]) => {
    const item = document.createElement('button');
    item.type = 'button';
    item.setAttribute('role', 'menuitem');
    item.dataset.export = `${selectionOnly ? 'selection' : 'board'}-${format}`;
    item.textContent = label;
    item.addEventListener('click', () => {
      close();
      options.onExport(format, selectionOnly);
    });
    list.append(item);
    return { item, selectionOnly };
  });
  const extras = (options.extras ?? []).map((extra, i) => {
    if (i === 0) {
      const rule = document.createElement('div');
      rule.className = 'menu-separator';
      rule.setAttribute('role', 'separator');
      list.append(rule);
    }
    const item = document.createElement('button');
    item.type = 'button';
    item.setAttribute('role', extra.checked ? 'menuitemcheckbox' : 'menuitem');
    item.dataset.menu = extra.id;
    const label = document.createElement('span');
    label.textContent = extra.label;
    item.append(label);
    if (extra.shortcut) {
      const keys = document.createElement('kbd');
      keys.textContent = extra.shortcut;
      item.append(keys);
    }
    item.addEventListener('click', () => {
      close();
      extra.run();
    });
    list.append(item);
    return { item, extra };
  });
  const close = (): void => {
    list.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
  };
  toggle.addEventListener('click', () => {
    const opening = list.hidden;
    for (const { item, selectionOnly } of buttons) item.disabled = selectionOnly && !options.hasSelection();
    for (const { item, extra } of extras) if (extra.checked) item.setAttribute('aria-checked', String(extra.checked()));
    list.hidden = !opening;
    toggle.setAttribute('aria-expanded', String(opening));
  });
  document.addEventListener('pointerdown', (event) => {
    if (!element.contains(event.target as Node)) close();
  });
  element.append(toggle, list);
  return element;
}
