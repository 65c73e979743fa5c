/**
 * Presenting the frames as slides: the frames, in their order (the Frames navigator's), become
 * slides; the camera fits each in turn to the window. While presenting, the arrow keys, Page
 * Up/Down, Space, Home and End step through them and Escape ends; every other key (the laser's
 * K, say) does what it always does. The chrome steps back (only the slide bar, the people and the
 * laser remain) so the board is the show.
 *
 * Which slide is showing is told to listeners: presence carries it, so everyone following the
 * presenter sees the same slide, fitted to their own window.
 */
import { fitBounds, MAX_ZOOM } from './canvas/camera';
import type { BoardView } from './canvas/board-view';
import { frameBox, framesOf } from './board/frames';
import type { FrameShape } from '../protocol/board-schema';
import { createSlideBar, type SlideSpotlight } from './ui/slide-bar';
import { showToast } from './ui/toast';

export interface Slideshow {
  readonly active: boolean;
  /** Starts at `frameId`, or at the frame most in view, or the first. */
  start(frameId?: string): void;
  stop(): void;
  step(by: number): void;
  /** The frame showing, while presenting. */
  readonly slide: string | null;
  onChange(listener: (frameId: string | null) => void): () => void;
  readonly bar: HTMLElement;
}

/** Shows a frame whole and centred, as large as the window allows. */
export function showFrame(view: BoardView, frame: FrameShape): void {
  view.setCamera(fitBounds(frameBox(frame), view.width, view.height, MAX_ZOOM));
}

/** The frame covering most of the view (where a presentation starts). */
function frameInView(view: BoardView, frames: readonly FrameShape[]): FrameShape | undefined {
  const seen = view.visibleBounds();
  let best: FrameShape | undefined;
  let bestArea = 0;
  for (const frame of frames) {
    const b = frameBox(frame);
    const area = Math.max(0, Math.min(b.maxX, seen.maxX) - Math.max(b.minX, seen.minX)) * Math.max(0, Math.min(b.maxY, seen.maxY) - Math.max(b.minY, seen.minY));
    if (area > bestArea) [best, bestArea] = [frame, area];
  }
  return best;
}

export function createSlideshow(view: BoardView, options: { spotlight: SlideSpotlight }): Slideshow {
  const listeners = new Set<(frameId: string | null) => void>();
  let current: string | null = null;
  const frames = (): FrameShape[] => framesOf(view.index);

  const bar = createSlideBar({
    onStep: (by) => slideshow.step(by),
    onExit: () => slideshow.stop(),
    spotlight: options.spotlight,
  });

  const show = (frame: FrameShape): void => {
    current = frame.id;
    showFrame(view, frame);
    const all = frames();
    bar.show(all.findIndex((f) => f.id === frame.id) + 1, all.length, frame.name.trim() === '' ? 'Frame' : frame.name);
    for (const listener of listeners) listener(current);
  };

  const onKey = (event: KeyboardEvent): void => {
    if (current === null || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    const steps: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, ' ': 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1, Home: -Infinity, End: Infinity };
    if (event.key === 'Escape') slideshow.stop();
    else if (event.key in steps) slideshow.step(steps[event.key] as number);
    else return;
    event.preventDefault();
    event.stopImmediatePropagation();
  };

  // The frame on show is moved, resized or removed (by anyone): keep showing it, or end.
  view.index.onChange((ids) => {
    if (current === null || !ids.has(current)) return;
    const frame = view.index.get(current);
    if (frame?.type === 'frame') showFrame(view, frame);
    else slideshow.stop();
  });

  const slideshow: Slideshow = {
    get active() {
      return current !== null;
    },
    get slide() {
      return current;
    },
    bar: bar.element,
    start(frameId) {
      const all = frames();
      if (all.length === 0) {
        showToast('There are no frames to present: draw frames (F) around what each slide should show.');
        return;
      }
      const first = all.find((f) => f.id === frameId) ?? frameInView(view, all) ?? (all[0] as FrameShape);
      if (current === null) {
        window.addEventListener('keydown', onKey, true);
        document.body.classList.add('presenting');
      }
      show(first);
      bar.focus();
    },
    stop() {
      if (current === null) return;
      current = null;
      window.removeEventListener('keydown', onKey, true);
      document.body.classList.remove('presenting');
      bar.hide();
      for (const listener of listeners) listener(null);
    },
    step(by) {
      const all = frames();
      const at = all.findIndex((f) => f.id === current);
      if (at === -1) return;
      const next = Math.max(0, Math.min(all.length - 1, by === Infinity ? all.length - 1 : by === -Infinity ? 0 : at + by));
      show(all[next] as FrameShape);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return slideshow;
}
