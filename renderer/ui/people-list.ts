/**
 * The people in the room, as avatars with initials in their colours; "you" first and marked;
 * people who are away greyed and marked so. Clicking yourself edits your name and colour;
 * clicking someone else follows their view (when the board can follow), and clicking them again
 * stops. "Bring everyone to me" (beside the avatars, once someone else is here) makes everyone
 * else follow this user until they move on their own or it is switched off.
 */
import type { Identity } from '../collab/identity';
import { PRESENCE_COLORS, cleanName, initials, inkOn } from '../collab/identity';
import type { PeerPresence } from '../collab/presence';
import { holdKeyboard } from './keyboard-layer';
import { SPOTLIGHT_ICON } from './slide-bar';

export interface PeopleListOptions {
  onIdentity: (identity: Identity) => void;
  /** Follow a person (null stops); absent when the board cannot follow anyone. */
  onFollow: ((clientId: number | null) => void) | null;
  /** Bring everyone to this user (true) or let them go (false); absent when the board cannot. */
  onSpotlight?: (on: boolean) => void;
}

/** What this user is doing about following, for the list to show. */
export interface FollowView {
  following: number | null;
  spotlightOn: boolean;
}

export interface PeopleList {
  readonly element: HTMLElement;
  render(peers: readonly PeerPresence[], follow: FollowView): void;
}

/** Avatars shown before the rest collapse into "+N". */
const MAX_AVATARS = 6;

export function createPeopleList(options: PeopleListOptions): PeopleList {
  const element = document.createElement('div');
  element.className = 'people';
  element.setAttribute('role', 'group');
  element.setAttribute('aria-label', 'People on this board');
  const spotlight = document.createElement('button');
  spotlight.type = 'button';
  spotlight.className = 'spotlight-button';
  spotlight.dataset.action = 'spotlight';
  spotlight.innerHTML = SPOTLIGHT_ICON;
  spotlight.hidden = true;
  let spotlightOn = false;
  spotlight.addEventListener('click', () => options.onSpotlight?.(!spotlightOn));
  const editor = document.createElement('form');
  editor.className = 'identity-editor';
  editor.setAttribute('aria-label', 'How others see you');
  editor.hidden = true;
  let release: ((restoreFocus?: boolean) => void) | null = null;
  const closeEditor = (restoreFocus = true): void => {
    editor.hidden = true;
    release?.(restoreFocus);
    release = null;
  };

  const openEditor = (self: PeerPresence): void => {
    editor.replaceChildren();
    const heading = document.createElement('strong');
    heading.textContent = 'How others see you';
    const name = document.createElement('input');
    name.type = 'text';
    name.value = self.name;
    name.maxLength = 40;
    name.setAttribute('aria-label', 'Your name');
    let color = self.color;
    const swatches = document.createElement('div');
    swatches.className = 'swatches';
    for (const option of PRESENCE_COLORS) {
      const swatch = document.createElement('button');
      swatch.type = 'button';
      swatch.className = 'color-swatch';
      swatch.style.setProperty('--swatch', option);
      swatch.setAttribute('aria-label', `Colour ${option}`);
      swatch.setAttribute('aria-pressed', String(option === color));
      swatch.addEventListener('click', () => {
        color = option;
        for (const other of swatches.children) other.setAttribute('aria-pressed', String(other === swatch));
      });
      swatches.append(swatch);
    }
    const save = document.createElement('button');
    save.type = 'submit';
    save.className = 'primary';
    save.textContent = 'Save';
    editor.append(heading, name, swatches, save);
    editor.onsubmit = (event) => {
      event.preventDefault();
      const cleaned = cleanName(name.value);
      if (!cleaned) {
        name.focus();
        return;
      }
      options.onIdentity({ name: cleaned, color });
      closeEditor();
    };
    editor.hidden = false;
    release = holdKeyboard(editor, { onEscape: () => closeEditor(), initialFocus: () => name });
    name.select();
  };
  document.addEventListener('pointerdown', (event) => {
    if (!editor.hidden && !wrapper.contains(event.target as Node)) closeEditor(false);
  });

  const wrapper = document.createElement('div');
  wrapper.className = 'people-wrapper';
  wrapper.append(spotlight, element, editor);

  return {
    element: wrapper,
    render(peers, { following, spotlightOn: on }) {
      spotlightOn = on;
      spotlight.hidden = !options.onSpotlight || peers.filter((p) => !p.isSelf).length === 0;
      const spotlightLabel = on ? 'Stop bringing everyone to you' : 'Bring everyone to me';
      spotlight.title = spotlightLabel;
      spotlight.setAttribute('aria-label', 'Bring everyone to me');
      spotlight.setAttribute('aria-pressed', String(on));
      const selfId = peers.find((p) => p.isSelf)?.clientId;
      element.replaceChildren();
      for (const peer of peers.slice(0, MAX_AVATARS)) {
        const avatar = document.createElement('button');
        avatar.type = 'button';
        avatar.className = 'avatar';
        avatar.dataset.clientId = String(peer.clientId);
        avatar.style.setProperty('--avatar', peer.color);
        avatar.style.setProperty('--avatar-ink', inkOn(peer.color));
        avatar.textContent = initials(peer.name);
        avatar.classList.toggle('away', peer.away);
        const away = peer.away ? ' (away)' : '';
        const followsYou = !peer.isSelf && selfId !== undefined && peer.following === selfId ? ', following you' : '';
        avatar.classList.toggle('follows-you', followsYou !== '');
        if (peer.isSelf) {
          avatar.classList.add('self');
          avatar.title = `${peer.name} (you) — click to change your name and colour`;
          avatar.setAttribute('aria-label', `${peer.name} (you)`);
          avatar.addEventListener('click', () => (editor.hidden ? openEditor(peer) : closeEditor()));
        } else {
          const isFollowed = following === peer.clientId;
          avatar.classList.toggle('followed', isFollowed);
          avatar.setAttribute('aria-label', `${peer.name}${away}${followsYou}`);
          if (options.onFollow) {
            const follow = options.onFollow;
            avatar.title = isFollowed ? `Following ${peer.name} — click to stop` : `${peer.name}${away}${followsYou} — click to follow`;
            avatar.setAttribute('aria-pressed', String(isFollowed));
            avatar.addEventListener('click', () => follow(isFollowed ? null : peer.clientId));
          } else {
            avatar.title = `${peer.name}${away}`;
          }
        }
        element.append(avatar);
      }
      if (peers.length > MAX_AVATARS) {
        const more = document.createElement('span');
        more.className = 'avatar more';
        more.textContent = `+${peers.length - MAX_AVATARS}`;
        more.title = peers.slice(MAX_AVATARS).map((peer) => peer.name).join(', ');
        element.append(more);
      }
    },
  };
}
