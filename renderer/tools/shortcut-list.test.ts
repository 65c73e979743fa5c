/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
// The page as text, through the bundler (the renderer's tests use no Node APIs).
import page from '../../docs/SHORTCUTS.md?raw';
import { SHORTCUTS, TOOL_KEYS, shortcutSections } from './shortcut-list';

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

  it('gives each tool its own key and number', () => {
    const single = TOOL_KEYS.flatMap((t) => [t.shortcut, ...(t.altShortcut ? [t.altShortcut] : [])]);
    expect(new Set(single).size).toBe(single.length);
  });
});
