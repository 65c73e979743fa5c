/**
 * The board menu (top left): export the board or the selection as PNG or SVG. The files are
 * saved through an ordinary download, which works in browsers and in the desktop app alike.
 */
import { MENU_ICON } from './icons';

export const ExportFormat = { Png: 'png', Svg: 'svg' } as const;
export type ExportFormat = (typeof ExportFormat)[keyof typeof ExportFormat];

export interface ExportMenuOptions {
  onExport(format: ExportFormat, selectionOnly: boolean): void;
  hasSelection(): boolean;
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
  const close = (): void => {
    list.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
  };
  toggle.addEventListener('click', () => {
    const opening = list.hidden;
    for (const { item, selectionOnly } of buttons) item.disabled = selectionOnly && !options.hasSelection();
    list.hidden = !opening;
    toggle.setAttribute('aria-expanded', String(opening));
  });
  document.addEventListener('pointerdown', (event) => {
    if (!element.contains(event.target as Node)) close();
  });
  element.append(toggle, list);
  return element;
}
