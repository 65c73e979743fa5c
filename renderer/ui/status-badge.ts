/** Always-visible connection status: a coloured dot, a word, and the room it is for. */
import type { ConnectionStatus } from '../collab/connection';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  offline: 'Offline — reconnecting',
};

export interface StatusBadge {
  readonly element: HTMLElement;
  set(status: ConnectionStatus): void;
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
  roomLabel.title = `Room ${room}`;
  element.append(dot, label, roomLabel);
  return {
    element,
    set(status) {
      element.dataset.status = status;
      label.textContent = LABELS[status];
    },
  };
}
