/**
 * The application menu as data. Items that act on the board send a MenuCommand to the renderer,
 * which owns the board. Where the renderer already handles a key itself (undo, delete, zoom…,
 * see renderer/tools/shortcuts.ts), the menu shows the shortcut but does not register it
 * (`registerAccelerator: false`): the key then reaches text fields too, where Delete and Ctrl+Z
 * must keep their usual meaning. Only Electron's types are imported, so this is tested in Node.
 *
 * macOS is different: `registerAccelerator` is Linux and Windows only, and every shortcut shown
 * there is a key equivalent of the menu bar. The page gets ⌘ combinations first and the menu
 * only those it leaves alone, but a key without ⌘ or ⌃ (Delete, Shift+1) goes to the menu
 * before any text field: Delete stopped deleting text and "!" stopped typing. And ⌘Z or ⌘A in
 * a text field went to the board command. So on macOS the editing items are the system's own
 * roles (undo:, redo:, delete:, selectAll: sent to whatever has focus, which is how text fields
 * get these keys on macOS at all), so no board command carries an editing shortcut, and no
 * shortcut lacks ⌘ or ⌃. On the board, the page handles ⌘Z, ⇧⌘Z, ⌘A and Delete itself.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { MenuCommand, type BoardFileInfo } from './bridge-api';

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  recent: readonly BoardFileInfo[];
  /** Adds Toggle Developer Tools (unpackaged runs only). */
  developer: boolean;
  send: (command: MenuCommand, path?: string) => void;
  clearRecent: () => void;
}

function command(options: MenuOptions, label: string, which: MenuCommand, accelerator?: string, pageHandlesKey = false): MenuItemConstructorOptions {
  return {
    label,
    click: () => options.send(which),
    ...(accelerator ? { accelerator, registerAccelerator: !pageHandlesKey } : {}),
  };
}

function recentMenu(options: MenuOptions): MenuItemConstructorOptions[] {
  if (options.recent.length === 0) return [{ label: 'No Recent Boards', enabled: false }];
  return [
    ...options.recent.map((file): MenuItemConstructorOptions => ({ label: file.name, toolTip: file.path, click: () => options.send(MenuCommand.OpenRecent, file.path) })),
    { type: 'separator' },
    { label: 'Clear Recent', click: options.clearRecent },
  ];
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      command(options, 'New Board', MenuCommand.NewBoard, 'CmdOrCtrl+N'),
      command(options, 'Open…', MenuCommand.OpenBoard, 'CmdOrCtrl+O'),
      { label: 'Open Recent', submenu: recentMenu(options) },
      { type: 'separator' },
      command(options, 'Save', MenuCommand.Save, 'CmdOrCtrl+S'),
      command(options, 'Save As…', MenuCommand.SaveAs, 'CmdOrCtrl+Shift+S'),
      { type: 'separator' },
      command(options, 'Export PNG…', MenuCommand.ExportPng, 'CmdOrCtrl+Shift+E'),
      command(options, 'Export SVG…', MenuCommand.ExportSvg),
      { type: 'separator' },
      command(options, 'Host on This Computer…', MenuCommand.HostOnThisComputer),
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q' } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = { label: '&Edit', submenu: mac ? macEditMenu() : editMenu(options) };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      command(options, 'Zoom In', MenuCommand.ZoomIn, 'CmdOrCtrl+=', true),
      command(options, 'Zoom Out', MenuCommand.ZoomOut, 'CmdOrCtrl+-', true),
      command(options, 'Zoom to 100%', MenuCommand.ZoomReset, 'CmdOrCtrl+0', true),
      // Shift+1 has no ⌘: on macOS it would be the menu's before a text field's ("!").
      command(options, 'Zoom to Fit', MenuCommand.ZoomToFit, mac ? undefined : 'Shift+1', true),
      { type: 'separator' },
      command(options, 'Version History', MenuCommand.VersionHistory, 'CmdOrCtrl+Shift+H', true),
      { type: 'separator' },
      { role: 'togglefullscreen', label: 'Toggle Full Screen' },
      ...(options.developer ? [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  };
  const help: MenuItemConstructorOptions = { role: 'help', label: '&Help', submenu: [{ role: 'about', label: `About ${options.appName}` }] };
  const appMenu: MenuItemConstructorOptions[] = mac ? [{ role: 'appMenu', label: options.appName }] : [];
  const windowMenu: MenuItemConstructorOptions[] = mac ? [{ role: 'windowMenu' }] : [];
  return [...appMenu, file, edit, view, ...windowMenu, help];
}

/** Linux and Windows: board commands, whose keys the page handles (registerAccelerator: false). */
function editMenu(options: MenuOptions): MenuItemConstructorOptions[] {
  return [
    command(options, 'Undo', MenuCommand.Undo, 'CmdOrCtrl+Z', true),
    command(options, 'Redo', MenuCommand.Redo, 'Ctrl+Y', true),
    { type: 'separator' },
    // Cut, copy and paste fire the page's own clipboard events, which the board handles.
    { role: 'cut' },
    { role: 'copy' },
    { role: 'paste' },
    command(options, 'Delete', MenuCommand.Delete, 'Delete', true),
    command(options, 'Select All', MenuCommand.SelectAll, 'CmdOrCtrl+A', true),
  ];
}

/**
 * macOS: the system's editing roles, with their standard key equivalents, acting on what has
 * focus. The board's keys are the page's own (see the file comment).
 */
function macEditMenu(): MenuItemConstructorOptions[] {
  return [
    { role: 'undo' },
    { role: 'redo' },
    { type: 'separator' },
    { role: 'cut' },
    { role: 'copy' },
    { role: 'paste' },
    { role: 'delete' },
    { role: 'selectAll' },
  ];
}
