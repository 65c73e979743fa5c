/**
 * Text in the board document. Since schema version 3, the text of a text shape or sticky note,
 * and the label of a rectangle or ellipse, is a `Y.Text`: two people typing into the same note
 * merge character by character instead of one overwriting the other. Boards from version 2
 * hold plain strings there; they read the same, and a string becomes a `Y.Text` the first time
 * someone edits it (`Board.update`, the text editor).
 *
 * An edit is written as the smallest change that turns the old text into the new one (one
 * delete and one insert at the place the caret says), never as "replace everything", which
 * would throw away whatever a peer typed at the same moment.
 */
import * as Y from 'yjs';

/** Fields holding text, by shape: written as Y.Text. */
export const TEXT_FIELDS: ReadonlySet<string> = new Set(['text', 'label']);

/** The string a text field holds, whether a Y.Text (version 3) or a plain string (version 2). */
export function readTextValue(value: unknown): string | null {
  if (value instanceof Y.Text) return value.toString();
  return typeof value === 'string' ? value : null;
}

export interface TextChange {
  /** Where the change starts in the old text. */
  index: number;
  /** Characters of the old text removed from there. */
  deleted: number;
  inserted: string;
}

/**
 * The single change that turns `before` into `after`: the longest common start and end are
 * kept. `caret` (where the caret is in `after`, when known) settles the ambiguous cases: typing
 * "a" into "aa" is an insert at the caret, not at the end.
 */
export function textChange(before: string, after: string, caret?: number): TextChange | null {
  if (before === after) return null;
  const grown = Math.max(0, after.length - before.length);
  const prefixLimit = Math.min(before.length, after.length, caret === undefined ? Number.POSITIVE_INFINITY : Math.max(0, caret - grown));
  let prefix = 0;
  while (prefix < prefixLimit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  const suffixLimit = Math.min(before.length - prefix, after.length - Math.max(prefix, caret ?? 0));
  let suffix = 0;
  while (suffix < suffixLimit && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  // Never split a surrogate pair: widen the change to the whole character.
  const isLow = (s: string, i: number): boolean => i > 0 && i < s.length && (s.charCodeAt(i) & 0xfc00) === 0xdc00;
  while (prefix > 0 && isLow(after, prefix)) prefix--;
  while (suffix > 0 && isLow(after, after.length - suffix)) suffix--;
  return { index: prefix, deleted: before.length - prefix - suffix, inserted: after.slice(prefix, after.length - suffix) };
}

/** Writes `next` into a Y.Text as the smallest change (call inside a transaction). */
export function applyTextChange(text: Y.Text, next: string, caret?: number): void {
  const change = textChange(text.toString(), next, caret);
  if (!change) return;
  if (change.deleted > 0) text.delete(change.index, change.deleted);
  if (change.inserted !== '') text.insert(change.index, change.inserted);
}
