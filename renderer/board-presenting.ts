/**
 * What the board has for presenting and finding one's way, wired for one board app: the laser
 * pointer's overlay (this user's trail drawn at once, handed to presence for the others), the
 * slideshow of frames, the minimap, Find, the theme, and their items in the board menu.
 * Presence (presence-view.ts) plugs the room in: peers' trails and views, this user's colour,
 * and "Bring everyone" for the slide bar.
 */
import type { Point } from './board/geometry';
import type { BoardView } from './canvas/board-view';
import { createBoardFind, type BoardFind } from './board-find';
import { createSlideshow, type Slideshow } from './slideshow';
import type { PointerInput } from './tools/pointer-input';
import { SHORTCUTS } from './tools/shortcut-list';
import type { MenuItem } from './ui/board-menu';
import { ShapeType } from '../protocol/board-schema';
import { paletteFor } from './canvas/palette';
import type { LaserSink } from './tools/laser-tool';
import { createLaserOverlay, type LaserOverlay } from './ui/laser-overlay';
import { createMinimap, type Minimap, type MinimapShape } from './ui/minimap';
import { loadPenMode, savePenMode } from './ui/style-memory';
import { ThemeChoice, createThemeControl, type ThemeControl } from './ui/theme';
import { showToast } from './ui/toast';

const MINIMAP_KEY = 'whiteboard.minimap';
/** Shapes without a colour of their own (images) and frames, on the minimap. */
const MINIMAP_NEUTRAL = '#868e96';

/** The laser's colour on a board with nobody else (no presence colour): a laser's red. */
const LASER_DEFAULT_COLOR = '#e03131';

/** Bringing everyone along, as a room offers it. */
export interface SpotlightControl {
  active(): boolean;
  toggle(): void;
}

export interface Presenting {
  readonly lasers: LaserOverlay;
  readonly laserSink: LaserSink;
  readonly slideshow: Slideshow;
  readonly minimap: Minimap;
  readonly find: BoardFind;
  readonly theme: ThemeControl;
  toggleMinimap(): void;
  /** The board menu's view items: Find, pen mode (given), the minimap, the theme. */
  viewItems(penMode: MenuItem): MenuItem[];
  onLaser(listener: (run: number, points: readonly Point[]) => void): () => void;
  setOwnColor(color: string): void;
  setSpotlightControl(control: SpotlightControl | null): void;
}

export function createPresenting(view: BoardView, canvasHost: HTMLElement): Presenting {
  const laserListeners = new Set<(run: number, points: readonly Point[]) => void>();
  let ownColor = LASER_DEFAULT_COLOR;
  let spotlight: SpotlightControl | null = null;
  const theme = createThemeControl((next) => view.setTheme(next));
  const find = createBoardFind(view);
  canvasHost.after(find.highlights);
  const lasers = createLaserOverlay({ toScreen: (p) => ({ x: p.x * view.camera.scale + view.camera.x, y: p.y * view.camera.scale + view.camera.y }) }, canvasHost);
  canvasHost.after(lasers.element);
  canvasHost.addEventListener('pointerleave', () => lasers.setPointer(null, ownColor));
  view.onCameraChange(() => lasers.reposition());

  const minimap = createMinimap({
    *shapes(): Iterable<MinimapShape> {
      const ink = paletteFor(view.theme);
      for (const shape of view.index.all()) {
        const bounds = view.index.bounds(shape.id);
        if (!bounds) continue;
        const color = shape.type === ShapeType.Sticky ? shape.fill : 'fill' in shape && shape.fill !== 'transparent' ? shape.fill : 'color' in shape ? shape.color : MINIMAP_NEUTRAL;
        yield { bounds, color: shape.type === ShapeType.Frame ? MINIMAP_NEUTRAL : ink(color), frame: shape.type === ShapeType.Frame };
      }
    },
    view: () => view.visibleBounds(),
    centreOn: (point) => view.setCamera({ ...view.camera, x: view.width / 2 - point.x * view.camera.scale, y: view.height / 2 - point.y * view.camera.scale }),
    panBy: (dx, dy) => view.panBy(dx, dy),
  });
  minimap.setShown(readFlag(MINIMAP_KEY));
  view.onCameraChange(() => minimap.invalidate());
  view.index.onChange(() => minimap.invalidate());

  const slideshow = createSlideshow(view, {
    spotlight: {
      available: () => spotlight !== null,
      active: () => spotlight?.active() ?? false,
      toggle: () => spotlight?.toggle(),
    },
  });

  const toggleMinimap = (): void => {
    minimap.setShown(!minimap.shown);
    writeFlag(MINIMAP_KEY, minimap.shown);
  };

  return {
    lasers,
    slideshow,
    minimap,
    find,
    theme,
    toggleMinimap,
    viewItems: (penMode) => [
      { id: 'find', label: 'Find on the board', shortcut: SHORTCUTS.find.keys, run: () => find.bar.open() },
      penMode,
      { id: 'minimap', label: 'Show minimap', shortcut: SHORTCUTS.minimap.keys, checked: () => minimap.shown, run: toggleMinimap },
      { id: 'theme-system', label: 'Theme: follow the system', radio: true, checked: () => theme.choice === ThemeChoice.System, run: () => theme.choose(ThemeChoice.System) },
      { id: 'theme-light', label: 'Theme: light', radio: true, checked: () => theme.choice === ThemeChoice.Light, run: () => theme.choose(ThemeChoice.Light) },
      { id: 'theme-dark', label: 'Theme: dark', shortcut: SHORTCUTS.theme.keys, radio: true, checked: () => theme.choice === ThemeChoice.Dark, run: () => theme.choose(ThemeChoice.Dark) },
    ],
    laserSink: {
      trail(run, points) {
        lasers.add('self', ownColor, run, points);
        for (const listener of laserListeners) listener(run, points);
      },
      pointer: (point) => lasers.setPointer(point, ownColor),
    },
    onLaser(listener) {
      laserListeners.add(listener);
      return () => laserListeners.delete(listener);
    },
    setOwnColor(color) {
      ownColor = color;
    },
    setSpotlightControl(control) {
      spotlight = control;
    },
  };
}

function readFlag(key: string): boolean {
  try {
    return localStorage.getItem(key) === 'on';
  } catch {
    return false;
  }
}

function writeFlag(key: string, on: boolean): void {
  try {
    localStorage.setItem(key, on ? 'on' : 'off');
  } catch {
    // This session only.
  }
}

/** Pen mode, remembered; turned on (and said so) by the first pen; its item in the board menu. */
export function bindPenMode(input: PointerInput): MenuItem {
  input.setPenMode(loadPenMode());
  input.onPenDetected = () => {
    savePenMode(true);
    showToast('Pen detected: pen mode is on. Only the pen draws; touch pans and zooms. Turn it off in the menu.');
  };
  return {
    id: 'pen-mode',
    label: 'Pen mode: touch pans, the pen draws',
    checked: () => input.penMode,
    run: () => {
      input.setPenMode(!input.penMode);
      savePenMode(input.penMode);
    },
  };
}
