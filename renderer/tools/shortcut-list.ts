/**
 * Every keyboard shortcut of the app, in one place: the keys are bound from this list (shortcuts.ts
 * matches each entry's keys, and its `also` keys, through key-chord.ts; toolbar.ts binds the
 * tools' keys; the Share dialogs match `share`), and the toolbar's keys, the menus' and panels'
 * hints, the Keyboard shortcuts dialog and docs/SHORTCUTS.md all come from it too (a test checks
 * the page against it, and that each bound entry is the one its keys reach), so the help cannot
 * drift from what the keys do, and two commands cannot quietly claim the same keys. Entries whose
 * keys are a description ("Arrow keys", "Space (hold, and drag)") are handled where they act
 * (shortcuts.ts, pointer-input.ts, the move gesture; Escape under a version, history/history-controller.ts),
 * and the desktop app's menu has its own.
 *
 * Keys are written as on Windows and Linux; on a Mac, Ctrl is Cmd.
 */
import { chordMatches, parseChord, type KeyChord, type KeyLike } from './key-chord';
import { ToolName } from './tool';

export interface ToolKey {
  name: ToolName;
  label: string;
  shortcut: string;
  /** A second key for the tool: its place in the toolbar, as in Excalidraw (the first ten). */
  altShortcut?: string;
}

export const TOOL_KEYS: readonly ToolKey[] = [
  { name: ToolName.Select, label: 'Select', shortcut: 'v', altShortcut: '1' },
  { name: ToolName.Pen, label: 'Pen', shortcut: 'p', altShortcut: '2' },
  { name: ToolName.Rect, label: 'Rectangle', shortcut: 'r', altShortcut: '3' },
  { name: ToolName.Ellipse, label: 'Ellipse', shortcut: 'o', altShortcut: '4' },
  { name: ToolName.Arrow, label: 'Arrow', shortcut: 'a', altShortcut: '5' },
  { name: ToolName.Line, label: 'Line', shortcut: 'l', altShortcut: '6' },
  { name: ToolName.Text, label: 'Text', shortcut: 't', altShortcut: '7' },
  { name: ToolName.Sticky, label: 'Sticky note', shortcut: 'n', altShortcut: '8' },
  { name: ToolName.Frame, label: 'Frame', shortcut: 'f', altShortcut: '9' },
  { name: ToolName.Eraser, label: 'Eraser', shortcut: 'e', altShortcut: '0' },
  { name: ToolName.Laser, label: 'Laser pointer', shortcut: 'k' },
];

export interface Shortcut {
  keys: string;
  label: string;
  /** Other keys that do the same (named in the label too). */
  also?: readonly string[];
}

/** Commands with keys, by the name the code refers to them with. */
export const SHORTCUTS = {
  undo: { keys: 'Ctrl+Z', label: 'Undo' },
  redo: { keys: 'Ctrl+Shift+Z', label: 'Redo (also Ctrl+Y)', also: ['Ctrl+Y'] },
  cut: { keys: 'Ctrl+X', label: 'Cut' },
  copy: { keys: 'Ctrl+C', label: 'Copy' },
  paste: { keys: 'Ctrl+V', label: 'Paste' },
  duplicate: { keys: 'Ctrl+D', label: 'Duplicate' },
  delete: { keys: 'Delete', label: 'Delete (also Backspace)', also: ['Backspace'] },
  selectAll: { keys: 'Ctrl+A', label: 'Select all' },
  editText: { keys: 'Enter', label: 'Edit the selected shape\u2019s text or label, or rename a frame; finish a line' },
  deselect: { keys: 'Escape', label: 'Stop editing, drop the selection, back to Select' },
  nudge: { keys: 'Arrow keys', label: 'Move the selection by 1 (with Shift, by 10)' },
  find: { keys: 'Ctrl+F', label: 'Find text on the board (Enter: next match, Shift+Enter: previous)' },
  nextShape: { keys: 'Tab', label: 'With the board focused: step to the next shape, read out (Shift+Tab: back)' },
  bringForward: { keys: ']', label: 'Bring forward' },
  sendBackward: { keys: '[', label: 'Send backward' },
  bringToFront: { keys: 'Shift+]', label: 'Bring to front' },
  sendToBack: { keys: 'Shift+[', label: 'Send to back' },
  group: { keys: 'Ctrl+G', label: 'Group' },
  ungroup: { keys: 'Ctrl+Shift+G', label: 'Ungroup' },
  lock: { keys: 'Shift+L', label: 'Lock or unlock the selection' },
  alignLeft: { keys: 'Ctrl+Shift+Left', label: 'Align left' },
  alignRight: { keys: 'Ctrl+Shift+Right', label: 'Align right' },
  alignTop: { keys: 'Ctrl+Shift+Up', label: 'Align top' },
  alignBottom: { keys: 'Ctrl+Shift+Down', label: 'Align bottom' },
  grid: { keys: "Ctrl+'", label: 'Show the grid and snap to it' },
  noSnap: { keys: 'Alt (while dragging)', label: 'Move or resize without snapping' },
  zoomIn: { keys: 'Ctrl+=', label: 'Zoom in' },
  zoomOut: { keys: 'Ctrl+-', label: 'Zoom out' },
  zoomReset: { keys: 'Shift+0', label: 'Zoom to 100% (also Ctrl+0)', also: ['Ctrl+0'] },
  zoomFit: { keys: 'Shift+1', label: 'Zoom to fit the board' },
  zoomSelection: { keys: 'Shift+2', label: 'Zoom to the selection' },
  pan: { keys: 'Space (hold, and drag)', label: 'Pan (also the middle button, or two fingers)' },
  help: { keys: '?', label: 'Show these shortcuts' },
  theme: { keys: 'Shift+D', label: 'Switch between light and dark' },
  minimap: { keys: 'M', label: 'Show or hide the minimap' },
  present: { keys: 'Shift+P', label: 'Present the frames as slides (arrow keys step, Escape ends)' },
  share: { keys: 'Ctrl+Shift+L', label: 'Share the board' },
  exportImage: { keys: 'Ctrl+Shift+E', label: 'Export an image (PNG or SVG) of the board, the selection or a frame' },
  history: { keys: 'Ctrl+Shift+H', label: 'Version history: browse, restore, replay' },
} as const satisfies Record<string, Shortcut>;

export type ShortcutName = keyof typeof SHORTCUTS;

/** The chords of a shortcut: its keys and its `also` keys; none for a described one. */
function chordsOf(shortcut: Shortcut): KeyChord[] {
  return [shortcut.keys, ...(shortcut.also ?? [])].map(parseChord).filter((c) => c !== null);
}

const CHORDS = new Map<ShortcutName, KeyChord[]>(Object.entries(SHORTCUTS).map(([name, s]) => [name as ShortcutName, chordsOf(s)]));

/** Whether a key event is this shortcut's keys. */
export function matchesShortcut(name: ShortcutName, event: KeyLike): boolean {
  return (CHORDS.get(name) ?? []).some((chord) => chordMatches(chord, event));
}

/** The shortcut a key event is, among `names` (all by default), or null. */
export function shortcutFor(event: KeyLike, names: Iterable<ShortcutName> = CHORDS.keys()): ShortcutName | null {
  for (const name of names) if (matchesShortcut(name, event)) return name;
  return null;
}

/** Whether a shortcut's keys are bound from this list (rather than described). */
export function isBound(name: ShortcutName): boolean {
  return (CHORDS.get(name)?.length ?? 0) > 0;
}

/** Shortcuts of the desktop app's menus (main/menu-template.ts), listed here so they show too. */
export const DESKTOP_SHORTCUTS = [
  { keys: 'Ctrl+N', label: 'New board (desktop app)' },
  { keys: 'Ctrl+O', label: 'Open a board file (desktop app)' },
  { keys: 'Ctrl+S', label: 'Save (desktop app)' },
  { keys: 'Ctrl+Shift+S', label: 'Save as (desktop app)' },
] as const;

export interface ShortcutSection {
  title: string;
  entries: ReadonlyArray<{ keys: string; label: string }>;
}

const pick = (...names: ShortcutName[]): Array<{ keys: string; label: string }> => names.map((name) => SHORTCUTS[name]);

/** Every shortcut, in sections, for the dialog and the docs. */
export function shortcutSections(): ShortcutSection[] {
  return [
    { title: 'Tools', entries: TOOL_KEYS.map((tool) => ({ keys: tool.altShortcut ? `${tool.shortcut.toUpperCase()} or ${tool.altShortcut}` : tool.shortcut.toUpperCase(), label: tool.label })) },
    { title: 'Edit', entries: pick('undo', 'redo', 'cut', 'copy', 'paste', 'duplicate', 'delete', 'selectAll', 'editText', 'deselect', 'nudge', 'find', 'nextShape') },
    { title: 'Arrange', entries: pick('bringForward', 'sendBackward', 'bringToFront', 'sendToBack', 'group', 'ungroup', 'lock', 'alignLeft', 'alignRight', 'alignTop', 'alignBottom') },
    { title: 'View', entries: pick('grid', 'noSnap', 'zoomIn', 'zoomOut', 'zoomReset', 'zoomFit', 'zoomSelection', 'pan', 'minimap', 'theme', 'help') },
    { title: 'Present', entries: pick('present') },
    { title: 'Board', entries: [SHORTCUTS.share, SHORTCUTS.exportImage, SHORTCUTS.history, ...DESKTOP_SHORTCUTS] },
  ];
}
