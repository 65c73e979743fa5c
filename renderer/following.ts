/**
 * Following someone's view, one to one (click their avatar) or all at once (their spotlight:
 * "Bring everyone to me"). A follower's camera goes where the leader's goes: their viewport's
 * centre and zoom, or, while the leader presents a frame as a slide, that frame fitted to the
 * follower's own window, so everyone sees the same slide whatever their screen.
 *
 * Following ends when the follower pans or zooms by hand, when the leader leaves, or when a
 * spotlight that brought them is switched off. A spotlight someone walked away from does not
 * pull them back; a new one (a new id) does.
 */
import { isFrame } from './board/frames';
import type { BoardView } from './canvas/board-view';
import type { PeerPresence, Presence } from './collab/presence';
import { randomId } from '../protocol/ids';
import { showFrame } from './slideshow';

/** Bytes of randomness in a spotlight's id: enough to tell one from the next. */
const SPOTLIGHT_ID_BYTES = 6;

export class Following {
  /** Whom this user follows. */
  leader: number | null = null;
  /** The spotlight (`clientId:id`) that made this user follow, if one did. */
  private viaSpotlight: string | null = null;
  private readonly dismissed = new Set<string>();
  private ownSpotlight: string | null = null;
  private movingCamera = false;

  constructor(
    private readonly view: BoardView,
    private readonly model: Presence,
  ) {}

  get spotlightOn(): boolean {
    return this.ownSpotlight !== null;
  }

  /** Follows a person (null: stops). */
  follow(clientId: number | null): void {
    this.leader = clientId;
    this.viaSpotlight = null;
    if (clientId !== null) this.setSpotlight(false);
    this.model.setFollowing(clientId);
  }

  /** Brings everyone to this user's view, or stops. */
  setSpotlight(on: boolean): void {
    if (on === this.spotlightOn) return;
    this.ownSpotlight = on ? randomId(SPOTLIGHT_ID_BYTES) : null;
    if (on && this.leader !== null) this.follow(null);
    this.model.setSpotlight(this.ownSpotlight);
  }

  /** The camera moved: by hand unless it was this class following someone. */
  cameraMoved(): void {
    if (this.movingCamera || this.leader === null) return;
    if (this.viaSpotlight) this.dismissed.add(this.viaSpotlight);
    this.follow(null);
  }

  /** Follows the room's presence: who leads (spotlights), and where their view is. */
  update(peers: readonly PeerPresence[]): void {
    const leader = peers.find((p) => p.clientId === this.leader);
    if (this.leader !== null && (!leader || (this.viaSpotlight && this.viaSpotlight !== spotlightKey(leader)))) {
      // The leader left, or switched off the spotlight that brought us.
      this.follow(null);
    }
    if (this.leader === null && !this.spotlightOn) {
      const caller = peers.find((p) => !p.isSelf && p.spotlight && !this.dismissed.has(spotlightKey(p) as string));
      if (caller) {
        this.follow(caller.clientId);
        this.viaSpotlight = spotlightKey(caller);
      }
    }
    const following = peers.find((p) => p.clientId === this.leader);
    if (following) this.goTo(following);
  }

  private goTo(leader: PeerPresence): void {
    this.movingCamera = true;
    try {
      const slide = leader.slide ? this.view.index.get(leader.slide) : undefined;
      if (isFrame(slide)) {
        showFrame(this.view, slide);
      } else if (leader.viewport) {
        const { x, y, zoom } = leader.viewport;
        const { width, height } = this.view;
        this.view.setCamera({ scale: zoom, x: width / 2 - x * zoom, y: height / 2 - y * zoom });
      }
    } finally {
      this.movingCamera = false;
    }
  }
}

function spotlightKey(peer: PeerPresence): string | null {
  return peer.spotlight ? `${peer.clientId}:${peer.spotlight}` : null;
}
