/** Always-visible connection status: a coloured dot, a word, the room, and "View only" for viewers. */
import type { ConnectionState, ConnectionStatus } from '../collab/connection';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  offline: 'Offline — reconnecting',
  refused: 'Not allowed',
};

export interface StatusBadge {
  readonly element: HTMLElement;
  set(state: ConnectionState, viewOnly: boolean): void;
}

export function createStatusBadge(room: string): StatusBadge {
  const element = document.createElement('div');
  element.className = 'status-badge';
  element.setAttribute('role', 'status');
  element.setAttribute('aria-live', 'polite');
  const dot = document.createElement('span');
  dot.className = 'dot';
  const label = document.createElement('span');
  label.className = 'label';
  const roomLabel = document.createElement('span');
  roomLabel.className = 'room';
  roomLabel.textContent = room;
  roomLabel.title = `Board ${room}`;
  const viewOnly = document.createElement('span');
  viewOnly.className = 'view-only';
  viewOnly.textContent = 'View only';
  viewOnly.title = 'You can watch this board but not change it';
  viewOnly.hidden = true;
  element.append(dot, label, roomLabel, viewOnly);
  return {
    element,
    set(state, isViewOnly) {
      element.dataset.status = state.status;
      label.textContent = LABELS[state.status];
      viewOnly.hidden = !isViewOnly;
    },
  };
}
