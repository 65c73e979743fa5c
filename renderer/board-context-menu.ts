/**
 * The canvas's right-click menu. Right-clicking a shape selects it first (as in Excalidraw,
 * tldraw and Miro), so the menu acts on what the person pointed at; right-clicking empty board
 * drops the selection. Every command is also a shortcut, shown beside it. A view-only board
 * gets the commands that do not change it.
 */
import { ZMove } from './board/z-order';
import type { BoardView } from './canvas/board-view';
import type { Commands } from './tools/commands';
import { HIT_TOLERANCE_PX } from './tools/tool-context';
import { createContextMenu, MENU_SEPARATOR, type ContextMenu, type MenuEntry } from './ui/context-menu';
import { ExportFormat } from './ui/export-menu';
import type { Selection } from './board/selection';

export interface BoardContextMenuOptions {
  view: BoardView;
  selection: Selection;
  commands: Commands;
  readOnly(): boolean;
  /** Switches to the select tool (right-clicking a shape while drawing selects it). */
  selectTool(): void;
  exportShapes(format: ExportFormat, selectionOnly: boolean): void;
  notify(message: string): void;
  /** Pastes through the desktop app's main process, which sends the page a paste event. */
  systemPaste?: () => Promise<void>;
}

export function bindBoardContextMenu(options: BoardContextMenuOptions): ContextMenu {
  const { view, selection, commands } = options;
  const menu = createContextMenu();
  const canvas = view.stage.container();

  const copy = async (cut: boolean): Promise<void> => {
    const text = cut ? commands.cut() : commands.copy();
    if (!text) return;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      options.notify(`The browser did not let the menu ${cut ? 'cut' : 'copy'}: press Ctrl+${cut ? 'X' : 'C'}.`);
    }
  };
  const paste = async (): Promise<void> => {
    if (options.systemPaste) {
      // The paste event lands in the shortcuts' handler, at the point right-clicked.
      await options.systemPaste().catch(() => options.notify('Pasting failed: press Ctrl+V.'));
      return;
    }
    const files: File[] = [];
    let text = '';
    try {
      for (const item of await navigator.clipboard.read()) {
        for (const type of item.types) {
          const blob = await item.getType(type);
          if (type.startsWith('image/')) files.push(new File([blob], `pasted.${type.slice('image/'.length)}`, { type }));
          else if (type === 'text/plain' && text === '') text = await blob.text();
        }
      }
    } catch {
      options.notify('The browser did not let the menu paste: press Ctrl+V.');
      return;
    }
    if (!commands.paste(files, text)) options.notify('There is nothing to paste.');
  };

  const entries = (): MenuEntry[] => {
    const none = selection.size === 0;
    const viewEntries: MenuEntry[] = [
      { label: 'Zoom to fit', shortcut: 'Shift+1', run: () => view.zoomToFit() },
      { label: 'Zoom to 100%', shortcut: 'Shift+0', run: () => view.zoomTo(1) },
      MENU_SEPARATOR,
      { label: 'Export board as PNG', run: () => options.exportShapes(ExportFormat.Png, false) },
      { label: 'Export board as SVG', run: () => options.exportShapes(ExportFormat.Svg, false) },
    ];
    if (options.readOnly()) return viewEntries;
    return [
      { label: 'Cut', shortcut: 'Ctrl+X', disabled: none, run: () => void copy(true) },
      { label: 'Copy', shortcut: 'Ctrl+C', disabled: none, run: () => void copy(false) },
      { label: 'Paste', shortcut: 'Ctrl+V', run: () => void paste() },
      { label: 'Duplicate', shortcut: 'Ctrl+D', disabled: none, run: () => commands.duplicate() },
      { label: 'Delete', shortcut: 'Delete', disabled: none, run: () => commands.deleteSelection() },
      MENU_SEPARATOR,
      { label: 'Bring to front', shortcut: 'Shift+]', disabled: none, run: () => commands.reorder(ZMove.Front) },
      { label: 'Bring forward', shortcut: ']', disabled: none, run: () => commands.reorder(ZMove.Forward) },
      { label: 'Send backward', shortcut: '[', disabled: none, run: () => commands.reorder(ZMove.Backward) },
      { label: 'Send to back', shortcut: 'Shift+[', disabled: none, run: () => commands.reorder(ZMove.Back) },
      MENU_SEPARATOR,
      { label: 'Select all', shortcut: 'Ctrl+A', run: () => commands.selectAll() },
      ...(none ? [] : [{ label: 'Export selection as PNG', run: () => options.exportShapes(ExportFormat.Png, true) }]),
      ...viewEntries,
    ];
  };

  canvas.addEventListener('contextmenu', (event) => {
    event.preventDefault();
    const at = view.toBoardPoint(event.clientX, event.clientY);
    // A paste from the menu lands where it was opened.
    commands.pointer = at;
    if (!options.readOnly()) {
      const hit = view.index.hitTest(at, HIT_TOLERANCE_PX / view.camera.scale);
      if (hit && !selection.has(hit.id)) {
        options.selectTool();
        selection.set([hit.id]);
      } else if (!hit) {
        selection.clear();
      }
    }
    menu.open(event.clientX, event.clientY, entries());
  });
  return menu;
}
