import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { applyTextChange, readTextValue, textChange } from './board-text';

describe('textChange', () => {
  it.each([
    ['typing at the end', 'abc', 'abcd', 4, { index: 3, deleted: 0, inserted: 'd' }],
    ['typing in the middle', 'abc', 'aXbc', 2, { index: 1, deleted: 0, inserted: 'X' }],
    ['typing a letter into a run of the same letter, where the caret is', 'aa', 'aaa', 1, { index: 0, deleted: 0, inserted: 'a' }],
    ['backspace', 'abc', 'ac', 1, { index: 1, deleted: 1, inserted: '' }],
    ['deleting one of a run, where the caret is', 'aaa', 'aa', 0, { index: 0, deleted: 1, inserted: '' }],
    ['replacing a selection', 'hello world', 'hello there', 11, { index: 6, deleted: 5, inserted: 'there' }],
    ['pasting over everything', 'old', 'new text', 8, { index: 0, deleted: 3, inserted: 'new text' }],
  ])('%s', (_name, before, after, caret, expected) => {
    expect(textChange(before, after, caret)).toEqual(expected);
  });

  it('is null when nothing changed', () => {
    expect(textChange('same', 'same')).toBeNull();
  });

  it('never splits a surrogate pair', () => {
    // '😀' and '😃' share their high surrogate: the change must take both halves.
    const change = textChange('a😀b', 'a😃b', 3);
    expect(change).toEqual({ index: 1, deleted: 2, inserted: '😃' });
  });
});

describe('applyTextChange', () => {
  it('keeps what a peer typed at the same time', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const ta = a.getText('t');
    ta.insert(0, 'Plan: ');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const tb = b.getText('t');
    // Each rewrites the whole string as seen locally; only the difference is written.
    applyTextChange(ta, 'Plan: ship', 10);
    applyTextChange(tb, 'Big Plan: ', 4);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(ta.toString()).toBe('Big Plan: ship');
    expect(tb.toString()).toBe('Big Plan: ship');
  });

  it('reads both storage forms', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'typed');
    expect(readTextValue(text)).toBe('typed');
    expect(readTextValue('plain')).toBe('plain');
    expect(readTextValue(7)).toBeNull();
  });
});

describe('textChange without a caret', () => {
  it('keeps the longest common start and end', () => {
    expect(textChange('plan', 'our plan')).toEqual({ index: 0, deleted: 0, inserted: 'our ' });
    expect(textChange('plan', 'plan: ship')).toEqual({ index: 4, deleted: 0, inserted: ': ship' });
  });
});
