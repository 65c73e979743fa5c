/**
 * Other people's pointers over the canvas, with their names, in their colours. Cursors are DOM
 * elements moved with CSS transforms and a short transition, so the throttled updates (20 a
 * second) look continuous. Positions are in board coordinates and follow the canvas's pan and
 * zoom through `toScreen`.
 */
import { inkOn } from '../collab/identity';
import type { PeerPresence, Point } from '../collab/presence';

export interface ScreenMapping {
  /** A board point in CSS pixels relative to the canvas element. */
  toScreen(point: Point): Point;
}

export interface PresenceCursors {
  readonly element: HTMLElement;
  render(peers: readonly PeerPresence[]): void;
  /** Re-places every cursor after the view moved. */
  reposition(): void;
}

const ARROW = '<svg width="18" height="22" viewBox="0 0 18 22" aria-hidden="true"><path d="M1 1l15 9.5-6.6 1.6L6.7 20z" stroke="#fff" stroke-width="1.5" stroke-linejoin="round"/></svg>';

export function createPresenceCursors(mapping: ScreenMapping): PresenceCursors {
  const element = document.createElement('div');
  element.className = 'cursors';
  const cursors = new Map<number, { node: HTMLElement; point: Point }>();

  const place = (node: HTMLElement, point: Point): void => {
    const screen = mapping.toScreen(point);
    node.style.transform = `translate(${screen.x}px, ${screen.y}px)`;
  };

  return {
    element,
    render(peers) {
      const seen = new Set<number>();
      for (const peer of peers) {
        if (peer.isSelf || !peer.cursor) continue;
        seen.add(peer.clientId);
        let entry = cursors.get(peer.clientId);
        if (!entry) {
          const node = document.createElement('div');
          node.className = 'cursor';
          node.innerHTML = `${ARROW}<span class="cursor-name"></span>`;
          element.append(node);
          entry = { node, point: peer.cursor };
          cursors.set(peer.clientId, entry);
        }
        entry.point = peer.cursor;
        entry.node.dataset.clientId = String(peer.clientId);
        entry.node.style.setProperty('--cursor', peer.color);
        entry.node.style.setProperty('--cursor-ink', inkOn(peer.color));
        entry.node.classList.toggle('away', peer.away);
        (entry.node.querySelector('.cursor-name') as HTMLElement).textContent = peer.away ? `${peer.name} · away` : peer.name;
        place(entry.node, peer.cursor);
      }
      for (const [clientId, entry] of cursors) {
        if (seen.has(clientId)) continue;
        entry.node.remove();
        cursors.delete(clientId);
      }
    },
    reposition() {
      for (const { node, point } of cursors.values()) place(node, point);
    },
  };
}
