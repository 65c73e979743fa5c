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

/** Breaks text into lines no wider than `width` (at spaces where it can): how sticky notes wrap. */
export function wrapText(text: string, fontSize: number, width: number): string[] {
  const ctx = measureContext();
  ctx.font = `${fontSize}px ${FONT_FAMILY}`;
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/(\s+)/)) {
      const candidate = line + word;
      if (line !== '' && ctx.measureText(candidate).width > width && word.trim() !== '') {
        out.push(line.trimEnd());
        line = word;
      } else {
        line = candidate;
      }
    }
    out.push(line);
  }
  return out;
}
