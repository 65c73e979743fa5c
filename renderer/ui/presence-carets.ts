/**
 * Other people's carets in the texts they are typing into, each a thin bar in their colour with
 * their name above it, drawn over the canvas (or over this user's own editor when both type in
 * the same note). Placement comes from the caller, which resolves each caret's relative position
 * in the document and asks the board where that character is on screen.
 */
import { inkOn } from '../collab/identity';
import type { PeerPresence } from '../collab/presence';

/** A caret on screen: its top in client pixels, its height, and the text's rotation (degrees). */
export interface ScreenCaretPlace {
  x: number;
  y: number;
  height: number;
  rotation: number;
}

export interface PresenceCarets {
  readonly element: HTMLElement;
  /** Draws the carets of `peers`; `place` says where each is, or null when it is not in view. */
  render(peers: readonly PeerPresence[], place: (peer: PeerPresence) => ScreenCaretPlace | null): void;
}

export function createPresenceCarets(): PresenceCarets {
  const element = document.createElement('div');
  element.className = 'carets';
  const carets = new Map<number, HTMLElement>();

  return {
    element,
    render(peers, place) {
      const seen = new Set<number>();
      for (const peer of peers) {
        if (peer.isSelf || !peer.caret) continue;
        const at = place(peer);
        if (!at) continue;
        seen.add(peer.clientId);
        let node = carets.get(peer.clientId);
        if (!node) {
          node = document.createElement('div');
          node.className = 'remote-caret';
          node.innerHTML = '<span class="remote-caret-name"></span>';
          element.append(node);
          carets.set(peer.clientId, node);
        }
        node.dataset.clientId = String(peer.clientId);
        node.dataset.shape = peer.caret.id;
        node.style.setProperty('--caret', peer.color);
        node.style.setProperty('--caret-ink', inkOn(peer.color));
        node.style.height = `${at.height}px`;
        node.style.transform = `translate(${at.x}px, ${at.y}px) rotate(${at.rotation}deg)`;
        (node.firstElementChild as HTMLElement).textContent = peer.name;
      }
      for (const [clientId, node] of carets) {
        if (seen.has(clientId)) continue;
        node.remove();
        carets.delete(clientId);
      }
    },
  };
}
