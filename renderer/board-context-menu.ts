/**
 * The canvas's right-click menu. Right-clicking a shape selects it first (as in Excalidraw,
 * tldraw and Miro), so the menu acts on what the person pointed at (a locked shape too: this is
 * where it is unlocked); right-clicking empty board drops the selection. Commands with a
 * shortcut show it beside them (from shortcut-list.ts). A view-only board gets the commands
 * that do not change it.
 */
import { Alignment, Distribution, selectionUnit } from './board/arrange';
import { ZMove } from './board/z-order';
import type { BoardView } from './canvas/board-view';
import type { Commands } from './tools/commands';
import { SHORTCUTS } from './tools/shortcut-list';
import { HIT_TOLERANCE_PX } from './tools/tool-context';
import { createContextMenu, MENU_SEPARATOR, type ContextMenu, type MenuEntry } from './ui/context-menu';
import type { ExportWhat } from './ui/export-dialog';
import type { Selection } from './board/selection';

export interface BoardContextMenuOptions {
  view: BoardView;
  selection: Selection;
  commands: Commands;
  readOnly(): boolean;
  /** Switches to the select tool (right-clicking a shape while drawing selects it). */
  selectTool(): void;
  /** Opens the Export dialog on what was right-clicked. */
  openExport(target: ExportWhat): void;
  renameFrame(id: string): void;
  toggleGrid(): void;
  gridOn(): boolean;
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
    const facts = commands.selectionFacts();
    const none = facts.count === 0;
    const allLocked = facts.count > 0 && facts.locked === facts.count;
    const units = facts.units - facts.locked;
    const viewEntries: MenuEntry[] = [
      { label: 'Zoom to fit', shortcut: SHORTCUTS.zoomFit.keys, run: () => view.zoomToFit() },
      { label: 'Zoom to 100%', shortcut: SHORTCUTS.zoomReset.keys, run: () => view.zoomTo(1) },
      { label: options.gridOn() ? 'Hide grid' : 'Show grid', shortcut: SHORTCUTS.grid.keys, run: () => options.toggleGrid() },
      MENU_SEPARATOR,
      { label: 'Export image…', shortcut: SHORTCUTS.exportImage.keys, run: () => options.openExport({ kind: 'board' }) },
    ];
    if (options.readOnly()) return viewEntries;
    const arrange: MenuEntry[] =
      units < 2
        ? []
        : [
            MENU_SEPARATOR,
            { label: 'Align left', shortcut: SHORTCUTS.alignLeft.keys, run: () => commands.align(Alignment.Left) },
            { label: 'Align centres horizontally', run: () => commands.align(Alignment.Centre) },
            { label: 'Align right', shortcut: SHORTCUTS.alignRight.keys, run: () => commands.align(Alignment.Right) },
            { label: 'Align top', shortcut: SHORTCUTS.alignTop.keys, run: () => commands.align(Alignment.Top) },
            { label: 'Align centres vertically', run: () => commands.align(Alignment.Middle) },
            { label: 'Align bottom', shortcut: SHORTCUTS.alignBottom.keys, run: () => commands.align(Alignment.Bottom) },
            { label: 'Distribute horizontally', disabled: units < 3, run: () => commands.distribute(Distribution.Horizontal) },
            { label: 'Distribute vertically', disabled: units < 3, run: () => commands.distribute(Distribution.Vertical) },
          ];
    const frame: MenuEntry[] = facts.frame
      ? [
          MENU_SEPARATOR,
          { label: 'Rename frame', run: () => options.renameFrame(facts.frame as string) },
          { label: 'Export frame…', run: () => options.openExport({ kind: 'frame', id: facts.frame as string }) },
        ]
      : [];
    const anyLocked = [...view.index.ids()].some((id) => view.index.get(id)?.locked);
    return [
      { label: 'Cut', shortcut: SHORTCUTS.cut.keys, disabled: none || allLocked, run: () => void copy(true) },
      { label: 'Copy', shortcut: SHORTCUTS.copy.keys, disabled: none, run: () => void copy(false) },
      { label: 'Paste', shortcut: SHORTCUTS.paste.keys, run: () => void paste() },
      { label: 'Duplicate', shortcut: SHORTCUTS.duplicate.keys, disabled: none, run: () => commands.duplicate() },
      { label: 'Delete', shortcut: 'Delete', disabled: none || allLocked, run: () => commands.deleteSelection() },
      MENU_SEPARATOR,
      { label: 'Bring to front', shortcut: SHORTCUTS.bringToFront.keys, disabled: none || allLocked, run: () => commands.reorder(ZMove.Front) },
      { label: 'Bring forward', shortcut: SHORTCUTS.bringForward.keys, disabled: none || allLocked, run: () => commands.reorder(ZMove.Forward) },
      { label: 'Send backward', shortcut: SHORTCUTS.sendBackward.keys, disabled: none || allLocked, run: () => commands.reorder(ZMove.Backward) },
      { label: 'Send to back', shortcut: SHORTCUTS.sendToBack.keys, disabled: none || allLocked, run: () => commands.reorder(ZMove.Back) },
      MENU_SEPARATOR,
      ...(commands.canEditText() ? [{ label: commands.editsLabel() ? 'Edit label' : 'Edit text', shortcut: SHORTCUTS.editText.keys, run: () => commands.editText() }] : []),
      ...(units >= 2 ? [{ label: 'Group', shortcut: SHORTCUTS.group.keys, run: () => commands.group() }] : []),
      ...(facts.grouped ? [{ label: 'Ungroup', shortcut: SHORTCUTS.ungroup.keys, run: () => commands.ungroup() }] : []),
      { label: allLocked ? 'Unlock' : 'Lock', shortcut: SHORTCUTS.lock.keys, disabled: none, run: () => commands.toggleLock() },
      ...arrange,
      ...frame,
      MENU_SEPARATOR,
      { label: 'Select all', shortcut: SHORTCUTS.selectAll.keys, run: () => commands.selectAll() },
      ...(anyLocked && none ? [{ label: 'Unlock everything', run: () => commands.unlockAll() }] : []),
      ...(none ? [] : [{ label: 'Export selection…', run: () => options.openExport({ kind: 'selection' }) }]),
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
        selection.set(selectionUnit(view.index, hit));
      } else if (!hit) {
        selection.clear();
      }
    }
    menu.open(event.clientX, event.clientY, entries());
  });
  return menu;
}
