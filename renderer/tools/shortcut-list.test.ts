/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
// The page as text, through the bundler (the renderer's tests use no Node APIs).
import page from '../../docs/SHORTCUTS.md?raw';
import { parseChord } from './key-chord';
import { SHORTCUTS, TOOL_KEYS, isBound, shortcutFor, shortcutSections, type ShortcutName } from './shortcut-list';

/** The (keys, what they do) rows of the page's tables. */
function rows(markdown: string): Array<[string, string]> {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| keys'))
    .map((line) => {
      const cells = line.slice(2, -2).split(/(?<!\\) \| /);
      return [(cells[0] ?? '').replace(/\\\|/g, '|'), cells[1] ?? ''] as [string, string];
    });
}

describe('the list of shortcuts', () => {
  it('is what docs/SHORTCUTS.md says, entry for entry', () => {
    const listed = shortcutSections().flatMap((section) => section.entries.map((e) => [e.keys, e.label] as [string, string]));
    expect(rows(page)).toEqual(listed);
  });

  it('gives no two commands the same keys', () => {
    const keys = shortcutSections().flatMap((section) => section.entries.map((e) => e.keys));
    expect(new Set(keys).size).toBe(keys.length);
    // Alternates named in a label ("also Ctrl+Y") are taken too.
    const alternates = Object.values(SHORTCUTS).flatMap((s) => [...s.label.matchAll(/also ((?:Ctrl|Shift)\+\S+?)\)/g)].map((m) => m[1]));
    for (const alternate of alternates) expect(keys).not.toContain(alternate);
  });

  it('binds every entry it can from its keys: each key reaches its own entry and no other', () => {
    const bound = (Object.keys(SHORTCUTS) as ShortcutName[]).filter(isBound);
    // Only the described ones are left to the code that handles them.
    expect((Object.keys(SHORTCUTS) as ShortcutName[]).filter((n) => !isBound(n))).toEqual(['nudge', 'noSnap', 'pan']);
    for (const name of bound) {
      const shortcut = SHORTCUTS[name] as { keys: string; also?: readonly string[] };
      for (const keys of [shortcut.keys, ...(shortcut.also ?? [])]) {
        const chord = parseChord(keys);
        if (!chord) throw new Error(`${name}: ${keys} does not parse`);
        const event = { key: chord.key ?? '', code: chord.code ?? '', ctrlKey: chord.mod, metaKey: false, shiftKey: chord.shift, altKey: false };
        expect(shortcutFor(event), `${keys}`).toBe(name);
      }
    }
    // The tools' single keys reach no command.
    for (const tool of TOOL_KEYS) expect(shortcutFor({ key: tool.shortcut, code: '', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false })).toBeNull();
  });

  it('gives each tool its own key and number', () => {
    const single = TOOL_KEYS.flatMap((t) => [t.shortcut, ...(t.altShortcut ? [t.altShortcut] : [])]);
    expect(new Set(single).size).toBe(single.length);
  });
});
