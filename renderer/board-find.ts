/**
 * Find on the board, wired: the Find bar's query runs over the board's shapes (board/find.ts),
 * every hit is outlined, the current one strongly, and the camera zooms to it. The hits follow
 * the board while the bar is open (a peer typing the word makes a new hit appear).
 */
import { findText, type FindHit } from './board/find';
import type { BoardView } from './canvas/board-view';
import { fitBounds } from './canvas/camera';
import { createFindBar, type FindBar } from './ui/find-bar';

/** Zooming to a hit never goes past this: a short word is shown in its surroundings, not filling the window. */
const FIND_ZOOM_MAX = 1.5;
/** Space between a hit and its outline, screen pixels. */
const HIGHLIGHT_GAP_PX = 6;

export interface BoardFind {
  readonly bar: FindBar;
  /** The outlines of the hits, laid over the canvas. */
  readonly highlights: HTMLElement;
}

export function createBoardFind(view: BoardView): BoardFind {
  const highlights = document.createElement('div');
  highlights.className = 'find-highlights';
  highlights.setAttribute('aria-hidden', 'true');
  let query = '';
  let hits: FindHit[] = [];
  let current = -1;

  const draw = (): void => {
    const boxes = hits.map((hit, i) => {
      const { x, y, scale } = view.camera;
      const box = document.createElement('div');
      box.className = i === current ? 'find-hit current' : 'find-hit';
      box.dataset.shapeId = hit.id;
      box.style.transform = `translate(${hit.bounds.minX * scale + x - HIGHLIGHT_GAP_PX}px, ${hit.bounds.minY * scale + y - HIGHLIGHT_GAP_PX}px)`;
      box.style.width = `${(hit.bounds.maxX - hit.bounds.minX) * scale + 2 * HIGHLIGHT_GAP_PX}px`;
      box.style.height = `${(hit.bounds.maxY - hit.bounds.minY) * scale + 2 * HIGHLIGHT_GAP_PX}px`;
      return box;
    });
    highlights.replaceChildren(...boxes);
  };

  const show = (): void => {
    const hit = hits[current];
    if (hit) view.setCamera(fitBounds(hit.bounds, view.width, view.height, FIND_ZOOM_MAX));
    bar.setCount(current, hits.length);
    draw();
  };

  /** Runs the query again; keeps the current hit if it still matches. */
  const search = (moveCamera: boolean): void => {
    const was = hits[current]?.id;
    hits = findText(view.index.all(), query);
    const kept = hits.findIndex((h) => h.id === was);
    current = kept !== -1 ? kept : hits.length > 0 ? 0 : -1;
    if (moveCamera && kept === -1) show();
    else {
      bar.setCount(current, hits.length);
      draw();
    }
  };

  const bar = createFindBar({
    onQuery(text) {
      query = text;
      search(true);
    },
    onStep(by) {
      if (hits.length === 0) return;
      current = (current + by + hits.length) % hits.length;
      show();
    },
    onClose() {
      hits = [];
      current = -1;
      draw();
    },
  });
  view.index.onChange(() => {
    if (bar.isOpen && query.trim() !== '') search(false);
  });
  view.onCameraChange(() => {
    if (hits.length > 0) draw();
  });
  return { bar, highlights };
}
