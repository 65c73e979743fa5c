import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { MenuCommand } from './bridge-api';
import { buildMenuTemplate, type MenuOptions } from './menu-template';

function options(overrides: Partial<MenuOptions> = {}): MenuOptions & { sent: [string, string | undefined][]; cleared: number } {
  const sent: [string, string | undefined][] = [];
  const state = { cleared: 0 };
  return {
    platform: 'linux',
    appName: 'Whiteboard',
    recent: [],
    developer: false,
    send: (command, path) => sent.push([command, path]),
    clearRecent: () => state.cleared++,
    ...overrides,
    sent,
    get cleared() {
      return state.cleared;
    },
  };
}

function menu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const found = template.find((item) => item.label?.replace('&', '') === label);
  if (!found) throw new Error(`no ${label} menu`);
  return found.submenu as MenuItemConstructorOptions[];
}

function item(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = items.find((entry) => entry.label === label);
  if (!found) throw new Error(`no ${label} item`);
  return found;
}

/** Every item of every menu, submenus included. */
function allItems(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((entry) => [entry, ...(Array.isArray(entry.submenu) ? allItems(entry.submenu) : [])]);
}

function click(entry: MenuItemConstructorOptions): void {
  (entry.click as () => void)();
}

describe('buildMenuTemplate', () => {
  it('has the usual menus, with an app menu and a window menu on macOS only', () => {
    expect(buildMenuTemplate(options()).map((entry) => entry.label ?? entry.role)).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(buildMenuTemplate(options({ platform: 'darwin' })).map((entry) => entry.label ?? entry.role)).toEqual(['Whiteboard', '&File', '&Edit', '&View', 'windowMenu', '&Help']);
  });

  it('sends board commands to the renderer', () => {
    const opts = options();
    const template = buildMenuTemplate(opts);
    const file = menu(template, 'File');
    for (const label of ['New Board', 'Open…', 'Save', 'Save As…', 'Export PNG…', 'Export SVG…', 'Host on This Computer…']) click(item(file, label));
    for (const label of ['Undo', 'Redo', 'Delete', 'Select All']) click(item(menu(template, 'Edit'), label));
    for (const label of ['Zoom In', 'Zoom Out', 'Zoom to 100%', 'Zoom to Fit']) click(item(menu(template, 'View'), label));
    expect(opts.sent.map(([command]) => command)).toEqual([
      MenuCommand.NewBoard,
      MenuCommand.OpenBoard,
      MenuCommand.Save,
      MenuCommand.SaveAs,
      MenuCommand.ExportPng,
      MenuCommand.ExportSvg,
      MenuCommand.HostOnThisComputer,
      MenuCommand.Undo,
      MenuCommand.Redo,
      MenuCommand.Delete,
      MenuCommand.SelectAll,
      MenuCommand.ZoomIn,
      MenuCommand.ZoomOut,
      MenuCommand.ZoomReset,
      MenuCommand.ZoomToFit,
    ]);
  });

  it('gives the usual shortcuts, registering only those the page does not handle itself', () => {
    const template = buildMenuTemplate(options());
    const file = menu(template, 'File');
    expect(item(file, 'Save')).toMatchObject({ accelerator: 'CmdOrCtrl+S', registerAccelerator: true });
    expect(item(file, 'Save As…')).toMatchObject({ accelerator: 'CmdOrCtrl+Shift+S', registerAccelerator: true });
    expect(item(file, 'Open…')).toMatchObject({ accelerator: 'CmdOrCtrl+O' });
    expect(item(file, 'Quit')).toMatchObject({ role: 'quit', accelerator: 'CmdOrCtrl+Q' });
    // Delete and Ctrl+Z must still work in text fields: the page decides.
    expect(item(menu(template, 'Edit'), 'Delete')).toMatchObject({ accelerator: 'Delete', registerAccelerator: false });
    expect(item(menu(template, 'Edit'), 'Undo')).toMatchObject({ accelerator: 'CmdOrCtrl+Z', registerAccelerator: false });
    expect(item(menu(template, 'View'), 'Zoom to Fit')).toMatchObject({ accelerator: 'Shift+1', registerAccelerator: false });
    expect(menu(template, 'Edit').filter((entry) => entry.role).map((entry) => entry.role)).toEqual(['cut', 'copy', 'paste']);
    expect(item(menu(template, 'View'), 'Toggle Full Screen')).toMatchObject({ role: 'togglefullscreen' });
  });

  // registerAccelerator is ignored on macOS: every shortcut there is the menu bar's.
  it('gives macOS no editing shortcut of its own: the system roles act on what has focus', () => {
    const template = buildMenuTemplate(options({ platform: 'darwin' }));
    const edit = menu(template, 'Edit');
    expect(edit.filter((entry) => entry.type !== 'separator').map((entry) => entry.role)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']);
    for (const entry of edit) {
      expect(entry.accelerator).toBeUndefined();
      expect(entry.click).toBeUndefined();
    }
    const boardEditing: string[] = [MenuCommand.Undo, MenuCommand.Redo, MenuCommand.Delete, MenuCommand.SelectAll];
    const opts = options({ platform: 'darwin' });
    for (const entry of allItems(buildMenuTemplate(opts))) if (entry.click) click(entry);
    expect(opts.sent.map(([command]) => command).filter((command) => boardEditing.includes(command))).toEqual([]);
  });

  it('gives macOS no shortcut without ⌘ or ⌃, which the menu would take before a text field', () => {
    const accelerators = allItems(buildMenuTemplate(options({ platform: 'darwin' })))
      .map((entry) => entry.accelerator)
      .filter((accelerator): accelerator is string => typeof accelerator === 'string');
    expect(accelerators.length).toBeGreaterThan(5);
    for (const accelerator of accelerators) expect(accelerator).toMatch(/^(CmdOrCtrl|Cmd|Command|Ctrl|Control)\+/);
    expect(item(menu(buildMenuTemplate(options({ platform: 'darwin' })), 'View'), 'Zoom to Fit').accelerator).toBeUndefined();
  });

  it('lists recent boards and opens them by path', () => {
    const opts = options({ recent: [{ path: '/home/ada/plan.whiteboard', name: 'plan' }] });
    const recent = item(menu(buildMenuTemplate(opts), 'File'), 'Open Recent').submenu as MenuItemConstructorOptions[];
    click(item(recent, 'plan'));
    click(item(recent, 'Clear Recent'));
    expect(opts.sent).toEqual([[MenuCommand.OpenRecent, '/home/ada/plan.whiteboard']]);
    expect(opts.cleared).toBe(1);
  });

  it('says when there are no recent boards', () => {
    const recent = item(menu(buildMenuTemplate(options()), 'File'), 'Open Recent').submenu as MenuItemConstructorOptions[];
    expect(recent).toEqual([{ label: 'No Recent Boards', enabled: false }]);
  });

  it('offers developer tools only when asked', () => {
    const roles = (developer: boolean) => menu(buildMenuTemplate(options({ developer })), 'View').map((entry) => entry.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });
});
