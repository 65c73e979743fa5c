import { describe, expect, it } from 'vitest';
import { chordMatches, parseChord, type KeyLike } from './key-chord';

const press = (key: string, code: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key, code, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('key chords', () => {
  it('reads the keys the shortcut list writes', () => {
    expect(parseChord('Ctrl+Shift+E')).toEqual({ mod: true, shift: true, key: 'e' });
    expect(parseChord('Shift+0')).toEqual({ mod: false, shift: true, code: 'Digit0' });
    expect(parseChord("Ctrl+'")).toEqual({ mod: true, shift: false, code: 'Quote' });
    expect(parseChord('Arrow keys')).toBeNull();
    expect(parseChord('Alt (while dragging)')).toBeNull();
  });

  it('matches exactly the keys named: modifiers included, Cmd for Ctrl', () => {
    const redo = parseChord('Ctrl+Shift+Z');
    const undo = parseChord('Ctrl+Z');
    if (!redo || !undo) throw new Error('unparsed');
    expect(chordMatches(redo, press('Z', 'KeyZ', { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(chordMatches(undo, press('Z', 'KeyZ', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(chordMatches(undo, press('z', 'KeyZ', { metaKey: true }))).toBe(true);
    expect(chordMatches(undo, press('z', 'KeyZ', { ctrlKey: true, altKey: true }))).toBe(false);
    // Shift+0 types ")" on a US keyboard: matched by the key's place.
    expect(chordMatches(parseChord('Shift+0') as never, press(')', 'Digit0', { shiftKey: true }))).toBe(true);
    expect(chordMatches(parseChord('?') as never, press('?', 'Slash', { shiftKey: true }))).toBe(true);
    expect(chordMatches(parseChord('Ctrl+=') as never, press('+', 'Equal', { ctrlKey: true, shiftKey: true }))).toBe(true);
  });
});
