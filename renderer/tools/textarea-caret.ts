/**
 * Where a character index falls inside a <textarea>, in the textarea's own (unrotated) pixels:
 * a hidden copy of the textarea with the same font, width, padding and wrapping holds the text
 * up to the index and a marker, and the marker's offset is the answer. Textareas do not expose
 * their layout, so this is how other people's carets are placed over the one being typed into.
 */
const COPIED = [
  'boxSizing', 'width', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft', 'borderTopWidth', 'borderRightWidth',
  'borderBottomWidth', 'borderLeftWidth', 'fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'lineHeight', 'letterSpacing',
  'textAlign', 'textIndent', 'whiteSpace', 'overflowWrap', 'wordBreak', 'tabSize',
] as const;

export interface CaretOffset {
  left: number;
  top: number;
  height: number;
}

export function textareaCaret(area: HTMLTextAreaElement, index: number): CaretOffset {
  const mirror = document.createElement('div');
  const style = getComputedStyle(area);
  for (const name of COPIED) mirror.style[name] = style[name];
  mirror.style.position = 'absolute';
  mirror.style.visibility = 'hidden';
  mirror.style.left = '-10000px';
  mirror.style.top = '0';
  mirror.style.height = 'auto';
  mirror.textContent = area.value.slice(0, index);
  const marker = document.createElement('span');
  // A zero-width space keeps the marker on the line the caret is on, even at a line's end.
  marker.textContent = area.value.slice(index) || '\u200b';
  mirror.append(marker);
  document.body.append(mirror);
  const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.25;
  const offset = { left: marker.offsetLeft, top: marker.offsetTop - area.scrollTop, height: lineHeight };
  mirror.remove();
  return offset;
}
