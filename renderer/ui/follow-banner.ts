/**
 * A banner under the toolbar while following is going on: "Following Ada" with Stop for a
 * follower, "Everyone is following you" (and how many are) with Stop for whoever brought them.
 * Screen readers hear it change (role status).
 */
import { inkOn } from '../collab/identity';
import type { PeerPresence } from '../collab/presence';

export interface FollowBannerOptions {
  stopFollowing(): void;
  stopSpotlight(): void;
}

export interface FollowBanner {
  readonly element: HTMLElement;
  render(peers: readonly PeerPresence[], following: number | null, spotlightOn: boolean): void;
}

export function createFollowBanner(options: FollowBannerOptions): FollowBanner {
  const element = document.createElement('div');
  element.className = 'follow-banner';
  element.setAttribute('role', 'status');
  element.hidden = true;
  const text = document.createElement('span');
  const stop = document.createElement('button');
  stop.type = 'button';
  stop.className = 'link-button';
  stop.textContent = 'Stop';
  element.append(text, stop);
  let spotlight = false;
  stop.addEventListener('click', () => (spotlight ? options.stopSpotlight() : options.stopFollowing()));

  return {
    element,
    render(peers, following, spotlightOn) {
      spotlight = spotlightOn;
      const leader = peers.find((p) => p.clientId === following);
      const self = peers.find((p) => p.isSelf);
      if (spotlightOn) {
        const count = peers.filter((p) => !p.isSelf && p.following === self?.clientId).length;
        text.textContent = `Everyone is following you${count > 0 ? ` (${count} ${count === 1 ? 'person' : 'people'})` : ''}`;
        stop.setAttribute('aria-label', 'Stop bringing everyone to you');
        element.style.setProperty('--banner', self?.color ?? 'var(--accent)');
        element.style.setProperty('--banner-ink', self ? inkOn(self.color) : '#ffffff');
      } else if (leader) {
        text.textContent = `${leader.slide ? 'Watching' : 'Following'} ${leader.name}${leader.spotlight ? ', who is presenting' : ''}`;
        stop.setAttribute('aria-label', `Stop following ${leader.name}`);
        element.style.setProperty('--banner', leader.color);
        element.style.setProperty('--banner-ink', inkOn(leader.color));
      }
      element.hidden = !spotlightOn && !leader;
      element.dataset.kind = spotlightOn ? 'spotlight' : 'following';
    },
  };
}
