/**
 * Keyboard shortcuts for commands (tools have their single-key shortcuts in the toolbar), and
 * the clipboard and drag-and-drop. Keys typed into a field (the text editor, a dialog) are
 * left alone. Which keys do what is listed once, in shortcut-list.ts.
 */
import { Alignment } from '../board/arrange';
import { ZMove } from '../board/z-order';
import type { BoardView } from '../canvas/board-view';
import type { Commands } from './commands';

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
  /** Whether a dialog or menu holds the keyboard: then nothing here acts on the board. */
  suspended(): boolean;
}

const ALIGN_KEYS: Record<string, Alignment> = { arrowleft: Alignment.Left, arrowright: Alignment.Right, arrowup: Alignment.Top, arrowdown: Alignment.Bottom };

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

  const onKeyDown = (event: KeyboardEvent): void => {
    if (isTypingTarget(event.target) || isInDialog(event.target) || options.suspended() || isControlKey(event) || event.altKey) return;
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    const edit = !options.readOnly();
    let handled = true;
    // Navigation works on every board.
    if (event.shiftKey && event.code === 'Digit1') view.zoomToFit();
    else if (event.shiftKey && event.code === 'Digit2') view.zoomToFit(commands.selectionIds());
    else if ((event.shiftKey && event.code === 'Digit0') || (mod && key === '0')) view.zoomTo(1);
    else if (mod && (key === '=' || key === '+')) view.zoomBy(ZOOM_STEP);
    else if (mod && key === '-') view.zoomBy(1 / ZOOM_STEP);
    else if (key === 'escape') options.escape();
    else if (mod && event.code === 'Quote') options.toggleGrid();
    else if (key === '?' && !mod) options.showShortcuts();
    else if (!mod && event.shiftKey && key === 'p') options.present();
    else if (mod && event.shiftKey && key === 'e') options.exportImage();
    else if (!mod && event.shiftKey && key === 'd') options.toggleTheme();
    else if (mod && !event.shiftKey && key === 'f') options.find();
    else if (!mod && !event.shiftKey && key === 'm') options.toggleMinimap();
    else if (!edit) handled = false;
    else if (mod && key === 'z') event.shiftKey ? commands.redo() : commands.undo();
    else if (mod && key === 'y') commands.redo();
    else if (mod && key === 'd') commands.duplicate();
    else if (mod && key === 'g') void (event.shiftKey ? commands.ungroup() : commands.group());
    else if (!mod && event.shiftKey && key === 'l') handled = commands.toggleLock();
    else if (mod && event.shiftKey && ALIGN_KEYS[key]) handled = commands.align(ALIGN_KEYS[key] as Alignment);
    else if (mod && key === 'a') commands.selectAll();
    else if (key === 'delete' || key === 'backspace') commands.deleteSelection();
    else if (key === 'enter' && !mod) handled = options.finishTool() || commands.editText();
    else if (event.code === 'BracketRight') commands.reorder(event.shiftKey ? ZMove.Front : ZMove.Forward);
    else if (event.code === 'BracketLeft') commands.reorder(event.shiftKey ? ZMove.Back : ZMove.Backward);
    else if (key.startsWith('arrow') && !mod) {
      const step = event.shiftKey ? NUDGE * 10 : NUDGE;
      const dx = key === 'arrowleft' ? -step : key === 'arrowright' ? step : 0;
      const dy = key === 'arrowup' ? -step : key === 'arrowdown' ? step : 0;
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
