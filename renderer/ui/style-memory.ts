/** Remembers the style new shapes are drawn with, whether the grid is on and pen mode, between sessions (localStorage). */
import { ArrowHead, ConnectorRoute, isColor, isFill } from '../../protocol/board-schema';
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
      route: Object.values(ConnectorRoute).includes(stored.route as ConnectorRoute) ? (stored.route as ConnectorRoute) : DEFAULT_STYLE.route,
      startHead: Object.values(ArrowHead).includes(stored.startHead as ArrowHead) ? (stored.startHead as ArrowHead) : DEFAULT_STYLE.startHead,
      endHead: Object.values(ArrowHead).includes(stored.endHead as ArrowHead) ? (stored.endHead as ArrowHead) : DEFAULT_STYLE.endHead,
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

const GRID_KEY = 'whiteboard.grid';

/** Whether the grid was on when this person last used the app. */
export function loadGrid(): boolean {
  try {
    return localStorage.getItem(GRID_KEY) === 'on';
  } catch {
    return false;
  }
}

export function saveGrid(on: boolean): void {
  try {
    localStorage.setItem(GRID_KEY, on ? 'on' : 'off');
  } catch {
    // As for the style: this session only.
  }
}

const PEN_MODE_KEY = 'whiteboard.pen-mode';

/** Whether pen mode was on (a pen was used here before). */
export function loadPenMode(): boolean {
  try {
    return localStorage.getItem(PEN_MODE_KEY) === 'on';
  } catch {
    return false;
  }
}

export function savePenMode(on: boolean): void {
  try {
    localStorage.setItem(PEN_MODE_KEY, on ? 'on' : 'off');
  } catch {
    // This session only.
  }
}
