/**
 * Always-visible connection status: a coloured dot and a sentence ("Connected · 24 ms · All
 * changes saved", "Offline · 3 changes kept on this device · retrying in 4 s"), the room, and
 * "View only" for viewers. While offline, a Retry button reconnects at once.
 */
import type { ConnectionState } from '../collab/connection';

export interface StatusBadge {
  readonly element: HTMLElement;
  set(state: ConnectionState, viewOnly: boolean): void;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

export function describeStatus(state: ConnectionState, now: number = Date.now()): string {
  switch (state.status) {
    case 'connecting':
      return 'Connecting…';
    case 'refused':
      return 'Not allowed';
    case 'connected': {
      const parts = ['Connected'];
      if (state.rttMs !== null) parts.push(`${Math.round(state.rttMs)} ms`);
      parts.push(state.unconfirmed === 0 ? 'All changes saved' : `Saving ${plural(state.unconfirmed, 'change')}…`);
      return parts.join(' · ');
    }
    case 'offline': {
      const parts = ['Offline'];
      if (state.unconfirmed > 0) parts.push(`${plural(state.unconfirmed, 'change')} kept on this device`);
      if (state.retryAt !== null) parts.push(`retrying in ${Math.max(1, Math.ceil((state.retryAt - now) / 1000))} s`);
      else parts.push('reconnecting…');
      return parts.join(' · ');
    }
  }
}

export function createStatusBadge(room: string, retry: () => void): StatusBadge {
  const element = document.createElement('div');
  element.className = 'status-badge';
  element.setAttribute('role', 'status');
  element.setAttribute('aria-live', 'polite');
  const dot = document.createElement('span');
  dot.className = 'dot';
  const label = document.createElement('span');
  label.className = 'label';
  const retryButton = document.createElement('button');
  retryButton.type = 'button';
  retryButton.className = 'link-button';
  retryButton.textContent = 'Retry now';
  retryButton.hidden = true;
  retryButton.addEventListener('click', retry);
  const roomLabel = document.createElement('span');
  roomLabel.className = 'room';
  roomLabel.textContent = room;
  roomLabel.title = `Board ${room}`;
  const viewOnly = document.createElement('span');
  viewOnly.className = 'view-only';
  viewOnly.textContent = 'View only';
  viewOnly.title = 'You can watch this board but not change it';
  viewOnly.hidden = true;
  element.append(dot, label, retryButton, roomLabel, viewOnly);

  let latest: ConnectionState | null = null;
  // The retry countdown ticks on its own between state changes.
  setInterval(() => {
    if (latest?.status === 'offline' && latest.retryAt !== null) label.textContent = describeStatus(latest);
  }, 1000);

  return {
    element,
    set(state, isViewOnly) {
      latest = state;
      element.dataset.status = state.status;
      element.dataset.unconfirmed = String(state.unconfirmed);
      if (state.rttMs === null) delete element.dataset.rtt;
      else element.dataset.rtt = String(Math.round(state.rttMs));
      label.textContent = describeStatus(state);
      retryButton.hidden = state.status !== 'offline';
      viewOnly.hidden = !isViewOnly;
    },
  };
}
