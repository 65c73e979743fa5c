/**
 * Keys as the list of shortcuts writes them ("Ctrl+Shift+E", "Shift+0", "]", "Delete"), read
 * into what a keydown must carry to be them. The shortcuts are bound by matching these, so the
 * keys the help shows are the keys that work.
 *
 * Ctrl stands for Cmd on a Mac. Digits and punctuation that Shift changes are matched by their
 * place on the keyboard (`code`), letters and named keys by their value (`key`); "?" is whatever
 * key types a question mark, and "=" also takes "+" (the same key with Shift).
 */

/** What a key event needs to be one shortcut. */
export interface KeyChord {
  mod: boolean;
  shift: boolean;
  /** Whether Shift is ignored (a key that needs Shift on some layouts). */
  anyShift?: boolean;
  key?: string;
  code?: string;
  /** Other values of the same key that count too. */
  keys?: readonly string[];
}

export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

const NAMED: Record<string, Pick<KeyChord, 'key' | 'code' | 'keys' | 'anyShift'>> = {
  Delete: { key: 'delete' },
  Backspace: { key: 'backspace' },
  Enter: { key: 'enter' },
  Escape: { key: 'escape' },
  Tab: { key: 'tab' },
  Left: { key: 'arrowleft' },
  Right: { key: 'arrowright' },
  Up: { key: 'arrowup' },
  Down: { key: 'arrowdown' },
  '?': { key: '?', anyShift: true },
  ']': { code: 'BracketRight' },
  '[': { code: 'BracketLeft' },
  "'": { code: 'Quote' },
  '=': { key: '=', keys: ['+'], anyShift: true },
  '-': { key: '-', keys: ['_'], anyShift: true },
};

/** The chord a key text names, or null for a description ("Arrow keys", "Space (hold, and drag)"). */
export function parseChord(text: string): KeyChord | null {
  const parts = text.split('+');
  const last = parts.pop() ?? '';
  const modifiers = new Set(parts);
  if ([...modifiers].some((m) => m !== 'Ctrl' && m !== 'Shift')) return null;
  const chord: KeyChord = { mod: modifiers.has('Ctrl'), shift: modifiers.has('Shift') };
  const named = NAMED[last];
  if (named) return { ...chord, ...named };
  if (/^[A-Z]$/.test(last)) return { ...chord, key: last.toLowerCase() };
  if (/^[0-9]$/.test(last)) return { ...chord, code: `Digit${last}` };
  return null;
}

export function chordMatches(chord: KeyChord, event: KeyLike): boolean {
  if (event.altKey || chord.mod !== (event.ctrlKey || event.metaKey)) return false;
  if (!chord.anyShift && chord.shift !== event.shiftKey) return false;
  if (chord.code) return event.code === chord.code;
  const key = event.key.toLowerCase();
  return key === chord.key || (chord.keys?.includes(key) ?? false);
}
