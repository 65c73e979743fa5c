/**
 * What the board has for presenting and finding one's way, wired for one board app: the laser
 * pointer's overlay (this user's trail drawn at once, handed to presence for the others), and
 * the slideshow of frames. Presence (presence-view.ts) plugs the room in: peers' trails, this
 * user's colour, and "Bring everyone" for the slide bar.
 */
import type { Point } from './board/geometry';
import type { BoardView } from './canvas/board-view';
import { createSlideshow, type Slideshow } from './slideshow';
import type { LaserSink } from './tools/laser-tool';
import { createLaserOverlay, type LaserOverlay } from './ui/laser-overlay';

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
  onLaser(listener: (run: number, points: readonly Point[]) => void): () => void;
  setOwnColor(color: string): void;
  setSpotlightControl(control: SpotlightControl | null): void;
}

export function createPresenting(view: BoardView, canvasHost: HTMLElement): Presenting {
  const laserListeners = new Set<(run: number, points: readonly Point[]) => void>();
  let ownColor = LASER_DEFAULT_COLOR;
  let spotlight: SpotlightControl | null = null;
  const lasers = createLaserOverlay({ toScreen: (p) => ({ x: p.x * view.camera.scale + view.camera.x, y: p.y * view.camera.scale + view.camera.y }) }, canvasHost);
  canvasHost.after(lasers.element);
  canvasHost.addEventListener('pointerleave', () => lasers.setPointer(null, ownColor));
  view.onCameraChange(() => lasers.reposition());

  const slideshow = createSlideshow(view, {
    spotlight: {
      available: () => spotlight !== null,
      active: () => spotlight?.active() ?? false,
      toggle: () => spotlight?.toggle(),
    },
  });

  return {
    lasers,
    slideshow,
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
