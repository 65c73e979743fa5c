/**
 * How the board's colours show on screen. In light mode, as they are. In dark mode, each colour
 * keeps its hue and saturation and has its lightness turned over (dark ink becomes light ink,
 * pastel fills become deep ones, white frames become the dark page), so shapes keep their
 * meaning: a red warning is still red, the ink still stands out from the paper. The board's data
 * never changes; exports use the true colours unless dark is asked for.
 */

export const Theme = { Light: 'light', Dark: 'dark' } as const;
export type Theme = (typeof Theme)[keyof typeof Theme];

/** Maps a stored colour to the colour drawn. */
export type Palette = (color: string) => string;

export const LIGHT_PALETTE: Palette = (color) => color;

/** The paper behind the board, per theme (the page's background, and an export's). */
export const PAPER: Record<Theme, string> = { light: '#ffffff', dark: '#121417' };

/** Lightness is kept inside this band in dark mode: no pure black shape on the dark paper, no glare. */
const DARK_MIN_LIGHTNESS = 0.09;
const DARK_MAX_LIGHTNESS = 0.9;

const HEX = /^#([0-9a-f]{6})$/i;

function toHsl(r: number, g: number, b: number): [number, number, number] {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  if (max === min) return [0, 0, l];
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  const h = max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return [h / 6, s, l];
}

function fromHsl(h: number, s: number, l: number): [number, number, number] {
  if (s === 0) return [l, l, l];
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const channel = (t0: number): number => {
    const t = t0 < 0 ? t0 + 1 : t0 > 1 ? t0 - 1 : t0;
    if (t < 1 / 6) return p + (q - p) * 6 * t;
    if (t < 1 / 2) return q;
    if (t < 2 / 3) return p + (q - p) * (2 / 3 - t) * 6;
    return p;
  };
  return [channel(h + 1 / 3), channel(h), channel(h - 1 / 3)];
}

const hex = (v: number): string => Math.round(Math.min(1, Math.max(0, v)) * 255).toString(16).padStart(2, '0');

/** A colour as dark mode shows it. Anything not #rrggbb (transparent, say) is left alone. */
export function darkColor(color: string): string {
  const match = HEX.exec(color);
  if (!match) return color;
  const value = parseInt(match[1] as string, 16);
  const [h, s, l] = toHsl(((value >> 16) & 255) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255);
  const lightness = Math.min(DARK_MAX_LIGHTNESS, Math.max(DARK_MIN_LIGHTNESS, 1 - l));
  // Saturated mid-tones (the palette's reds, greens, blues) keep their lightness a little above
  // the middle, so they read on the dark paper.
  const lifted = s > 0.4 && lightness < 0.55 && lightness > 0.35 ? Math.max(lightness, 0.58) : lightness;
  const [r, g, b] = fromHsl(h, s, lifted);
  return `#${hex(r)}${hex(g)}${hex(b)}`;
}

const darkCache = new Map<string, string>();

export const DARK_PALETTE: Palette = (color) => {
  let mapped = darkCache.get(color);
  if (mapped === undefined) {
    mapped = darkColor(color);
    darkCache.set(color, mapped);
  }
  return mapped;
};

export function paletteFor(theme: Theme): Palette {
  return theme === Theme.Dark ? DARK_PALETTE : LIGHT_PALETTE;
}
