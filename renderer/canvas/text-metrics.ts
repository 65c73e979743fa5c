/**
 * Text layout shared by the canvas, the in-place editor and export: one font stack and line
 * height everywhere, so a text measures the same in the editor, on the canvas and in an SVG.
 */
export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
export const LINE_HEIGHT = 1.25;
/** Space between a sticky note's edge and its text, in board units. */
export const STICKY_PADDING = 16;

let context: CanvasRenderingContext2D | null = null;

function measureContext(): CanvasRenderingContext2D {
  context ??= document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
  return context;
}

export interface TextSize {
  w: number;
  h: number;
}

/** The box a text takes at this font size (lines split at newlines only). */
export function measureText(text: string, fontSize: number): TextSize {
  const ctx = measureContext();
  ctx.font = `${fontSize}px ${FONT_FAMILY}`;
  const lines = text.split('\n');
  let w = 0;
  for (const line of lines) w = Math.max(w, ctx.measureText(line).width);
  // A caret's width of room, so an empty text still has a box to click.
  return { w: Math.ceil(w + fontSize * 0.1), h: Math.ceil(lines.length * fontSize * LINE_HEIGHT) };
}

/** One line of laid-out text, and where it starts in the whole text (for carets). */
export interface TextLine {
  text: string;
  start: number;
  /** Measured width of the line without its trailing spaces. */
  width: number;
}

/**
 * Breaks text into lines no wider than `width` (at spaces where it can, inside a word only when
 * the word alone is wider): how notes and labels wrap. Null `width`: at newlines only.
 */
export function layoutLines(text: string, fontSize: number, width: number | null): TextLine[] {
  const ctx = measureContext();
  ctx.font = `${fontSize}px ${FONT_FAMILY}`;
  const measure = (s: string): number => ctx.measureText(s).width;
  const out: TextLine[] = [];
  let offset = 0;
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineStart = offset;
    const push = (): void => {
      const shown = line.trimEnd();
      out.push({ text: line, start: lineStart, width: measure(shown) });
    };
    let at = offset;
    for (const word of width === null ? [paragraph] : paragraph.split(/(\s+)/)) {
      if (word === '') continue;
      const candidate = line + word;
      if (width !== null && word.trim() !== '' && measure(candidate.trimEnd()) > width) {
        if (line.trim() !== '') {
          push();
          line = '';
          lineStart = at;
        }
        // A word wider than the line is broken between characters, as a textarea does.
        let piece = '';
        let pieceStart = at;
        for (const char of word) {
          if (piece !== '' && measure(line + piece + char) > width) {
            line += piece;
            push();
            line = '';
            lineStart = pieceStart + piece.length;
            pieceStart = lineStart;
            piece = '';
          }
          piece += char;
        }
        line += piece;
      } else {
        line = candidate;
      }
      at += word.length;
    }
    push();
    offset += paragraph.length + 1;
  }
  return out;
}

/** Breaks text into lines no wider than `width` (at spaces where it can): how sticky notes wrap. */
export function wrapText(text: string, fontSize: number, width: number): string[] {
  return layoutLines(text, fontSize, width).map((line) => line.text.trimEnd());
}

/** Where a caret at `index` sits: which line, and how far along it. */
export function caretInLines(lines: readonly TextLine[], index: number, fontSize: number): { line: number; x: number } {
  let line = 0;
  for (let i = 0; i < lines.length; i++) if ((lines[i] as TextLine).start <= index) line = i;
  const { text, start } = lines[line] ?? { text: '', start: 0 };
  const ctx = measureContext();
  ctx.font = `${fontSize}px ${FONT_FAMILY}`;
  return { line, x: ctx.measureText(text.slice(0, Math.max(0, index - start))).width };
}
