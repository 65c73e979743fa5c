/**
 * A caret (and selection, anchor to head) in a shape's text or label, anchored with Yjs relative
 * positions so that edits around it, by anyone, do not move it off its character. The text
 * editor reports this user's; presence carries it to the others.
 */
import type * as Y from 'yjs';

export interface TextCaret {
  id: string;
  field: 'text' | 'label';
  anchor: Y.RelativePosition;
  head: Y.RelativePosition;
}
