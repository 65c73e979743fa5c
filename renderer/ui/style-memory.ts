/** Remembers the style new shapes are drawn with, between sessions (localStorage). */
import { isColor, isFill } from '../../protocol/board-schema';
import { DEFAULT_STYLE, type ShapeStyle } from '../board/style';

const STORAGE_KEY = 'whiteboard.style';

export function loadStyle(): ShapeStyle {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<ShapeStyle> | null;
    if (!stored || typeof stored !== 'object') return { ...DEFAULT_STYLE };
    return {
      color: isColor(stored.color) ? stored.color : DEFAULT_STYLE.color,
      fill: isFill(stored.fill) ? stored.fill : DEFAULT_STYLE.fill,
      width: typeof stored.width === 'number' && stored.width > 0 && stored.width <= 64 ? stored.width : DEFAULT_STYLE.width,
      opacity: typeof stored.opacity === 'number' && stored.opacity >= 0.1 && stored.opacity <= 1 ? stored.opacity : DEFAULT_STYLE.opacity,
    };
  } catch {
    // Storage disabled or garbled: start from the defaults.
    return { ...DEFAULT_STYLE };
  }
}

export function saveStyle(style: ShapeStyle): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(style));
  } catch {
    // Private mode or full storage: the style lasts for this session only.
  }
}
