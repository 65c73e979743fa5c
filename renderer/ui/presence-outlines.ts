/**
 * Outlines, in each person's colour, around the shapes they have selected or are drawing, so
 * everyone sees who is working on what. Boxes are DOM elements over the canvas, placed from the
 * shapes' board bounds through the same screen mapping as the cursors.
 */
import type { Bounds } from '../board/geometry';
import type { PeerPresence, Point } from '../collab/presence';

export interface OutlineSource {
  /** Board bounds of a shape, or null if it is not on this board (any more). */
  boundsOf(id: string): Bounds | null;
  toScreen(point: Point): Point;
}

export interface PresenceOutlines {
  readonly element: HTMLElement;
  render(peers: readonly PeerPresence[]): void;
  /** Re-places every outline after the view moved or shapes changed. */
  reposition(): void;
}

/** Space between a shape and its outline, in screen pixels. */
const OUTLINE_GAP_PX = 4;

export function createPresenceOutlines(source: OutlineSource): PresenceOutlines {
  const element = document.createElement('div');
  element.className = 'outlines';
  let latest: readonly PeerPresence[] = [];

  const draw = (): void => {
    const boxes: HTMLElement[] = [];
    for (const peer of latest) {
      if (peer.isSelf) continue;
      for (const id of peer.focus) {
        const bounds = source.boundsOf(id);
        if (!bounds) continue;
        const topLeft = source.toScreen({ x: bounds.minX, y: bounds.minY });
        const bottomRight = source.toScreen({ x: bounds.maxX, y: bounds.maxY });
        const box = document.createElement('div');
        box.className = 'outline';
        box.dataset.clientId = String(peer.clientId);
        box.dataset.shapeId = id;
        box.style.setProperty('--outline', peer.color);
        box.style.transform = `translate(${topLeft.x - OUTLINE_GAP_PX}px, ${topLeft.y - OUTLINE_GAP_PX}px)`;
        box.style.width = `${Math.max(0, bottomRight.x - topLeft.x) + 2 * OUTLINE_GAP_PX}px`;
        box.style.height = `${Math.max(0, bottomRight.y - topLeft.y) + 2 * OUTLINE_GAP_PX}px`;
        boxes.push(box);
      }
    }
    element.replaceChildren(...boxes);
  };

  return {
    element,
    render(peers) {
      latest = peers;
      draw();
    },
    reposition: draw,
  };
}
