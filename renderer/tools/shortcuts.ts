/**
 * Keyboard shortcuts for commands (tools have their single-key shortcuts in the toolbar), and
 * the clipboard and drag-and-drop. Keys typed into a field (the text editor, a dialog) are
 * left alone. Which keys do what is listed once, in shortcut-list.ts, and bound from there.
 */
import { Alignment } from '../board/arrange';
import { ZMove } from '../board/z-order';
import type { BoardView } from '../canvas/board-view';
import type { Commands } from './commands';
import { shortcutFor, type ShortcutName } from './shortcut-list';

export interface ShortcutOptions {
  commands: Commands;
  view: BoardView;
  readOnly(): boolean;
  /** Escape: drop the selection and go back to the select tool. */
  escape(): void;
  /** Enter: the active tool finishes what it is drawing; false when it has nothing. */
  finishTool(): boolean;
  /** Ctrl+': shows or hides the grid. */
  toggleGrid(): void;
  /** ?: the list of shortcuts. */
  showShortcuts(): void;
  /** Shift+P: present the frames as slides. */
  present(): void;
  /** Ctrl+Shift+E: the Export dialog. */
  exportImage(): void;
  /** Shift+D: light or dark. */
  toggleTheme(): void;
  /** Ctrl+F: the Find bar. */
  find(): void;
  /** M: the minimap. */
  toggleMinimap(): void;
  /** Ctrl+Shift+H: the version history. */
  toggleHistory(): void;
  /** Whether a dialog or menu holds the keyboard: then nothing here acts on the board. */
  suspended(): boolean;
}

/** Arrow keys move the selection this far (board units); with shift, ten times as far. */
const NUDGE = 1;
const ZOOM_STEP = 1.25;

export function isTypingTarget(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName ?? ''));
}

/** Keys pressed in a dialog (Share, Keyboard shortcuts) are the dialog's: Escape closes it. */
export function isInDialog(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('dialog') !== null;
}

/**
 * Enter and Space on a focused control (a toolbar button, a menu's button) press that control;
 * arrow keys move between a toolbar's buttons. They are not the board's there.
 */
export function isControlKey(event: KeyboardEvent): boolean {
  const element = event.target as HTMLElement | null;
  if (!element || typeof element.closest !== 'function' || !element.closest('button, a[href], [role="toolbar"], [role="menu"], [role="slider"]')) return false;
  return event.key === 'Enter' || event.key === ' ' || event.key.startsWith('Arrow');
}

/** Installs the shortcuts; returns a function that removes them. */
export function bindShortcuts(options: ShortcutOptions): () => void {
  const { commands, view } = options;

  type Action = () => boolean | void;
  // Navigation and the view work on every board; edits only where this user may edit. Each is
  // reached by its keys in the one list (shortcut-list.ts): an action returning false lets the
  // key go on (nothing to lock, say).
  const viewActions: Partial<Record<ShortcutName, Action>> = {
    zoomFit: () => view.zoomToFit(),
    zoomSelection: () => view.zoomToFit(commands.selectionIds()),
    zoomReset: () => view.zoomTo(1),
    zoomIn: () => view.zoomBy(ZOOM_STEP),
    zoomOut: () => view.zoomBy(1 / ZOOM_STEP),
    deselect: () => options.escape(),
    grid: () => options.toggleGrid(),
    help: () => options.showShortcuts(),
    present: () => options.present(),
    exportImage: () => options.exportImage(),
    theme: () => options.toggleTheme(),
    find: () => options.find(),
    minimap: () => options.toggleMinimap(),
    history: () => options.toggleHistory(),
  };
  const editActions: Partial<Record<ShortcutName, Action>> = {
    undo: () => commands.undo(),
    redo: () => commands.redo(),
    duplicate: () => void commands.duplicate(),
    group: () => void commands.group(),
    ungroup: () => void commands.ungroup(),
    lock: () => commands.toggleLock(),
    alignLeft: () => commands.align(Alignment.Left),
    alignRight: () => commands.align(Alignment.Right),
    alignTop: () => commands.align(Alignment.Top),
    alignBottom: () => commands.align(Alignment.Bottom),
    selectAll: () => commands.selectAll(),
    delete: () => void commands.deleteSelection(),
    editText: () => options.finishTool() || commands.editText(),
    bringForward: () => void commands.reorder(ZMove.Forward),
    sendBackward: () => void commands.reorder(ZMove.Backward),
    bringToFront: () => void commands.reorder(ZMove.Front),
    sendToBack: () => void commands.reorder(ZMove.Back),
  };
  const viewNames = Object.keys(viewActions) as ShortcutName[];
  const editNames = Object.keys(editActions) as ShortcutName[];

  const onKeyDown = (event: KeyboardEvent): void => {
    if (isTypingTarget(event.target) || isInDialog(event.target) || options.suspended() || isControlKey(event) || event.altKey) return;
    const edit = !options.readOnly();
    const name = shortcutFor(event, viewNames) ?? (edit ? shortcutFor(event, editNames) : null);
    let handled: boolean;
    if (name) {
      handled = ((viewActions[name] ?? editActions[name]) as Action)() !== false;
    } else if (edit && event.key.startsWith('Arrow') && !event.ctrlKey && !event.metaKey) {
      // "Arrow keys" (nudge) is described, not a chord: handled here.
      const step = event.shiftKey ? NUDGE * 10 : NUDGE;
      const dx = event.key === 'ArrowLeft' ? -step : event.key === 'ArrowRight' ? step : 0;
      const dy = event.key === 'ArrowUp' ? -step : event.key === 'ArrowDown' ? step : 0;
      handled = commands.nudge(dx, dy);
    } else handled = false;
    if (handled) event.preventDefault();
  };

  const onCopy = (event: ClipboardEvent): void => {
    if (isTypingTarget(event.target) || options.suspended()) return;
    const text = event.type === 'cut' && !options.readOnly() ? commands.cut() : commands.copy();
    if (!text || !event.clipboardData) return;
    event.clipboardData.setData('text/plain', text);
    event.preventDefault();
  };

  const onPaste = (event: ClipboardEvent): void => {
    if (isTypingTarget(event.target) || options.suspended() || options.readOnly() || !event.clipboardData) return;
    event.preventDefault();
    commands.paste([...event.clipboardData.files], event.clipboardData.getData('text/plain'));
  };

  const canvas = view.stage.container();
  const onDragOver = (event: DragEvent): void => {
    if (options.readOnly() || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (event: DragEvent): void => {
    if (options.readOnly() || !event.dataTransfer) return;
    event.preventDefault();
    const files = [...event.dataTransfer.files];
    if (files.length > 0) void commands.pasteFiles(files, view.toBoardPoint(event.clientX, event.clientY));
  };

  window.addEventListener('keydown', onKeyDown);
  document.addEventListener('copy', onCopy);
  document.addEventListener('cut', onCopy);
  document.addEventListener('paste', onPaste);
  canvas.addEventListener('dragover', onDragOver);
  canvas.addEventListener('drop', onDrop);
  return () => {
    window.removeEventListener('keydown', onKeyDown);
    document.removeEventListener('copy', onCopy);
    document.removeEventListener('cut', onCopy);
    document.removeEventListener('paste', onPaste);
    canvas.removeEventListener('dragover', onDragOver);
    canvas.removeEventListener('drop', onDrop);
  };
}
