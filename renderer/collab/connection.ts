/**
 * Connects a board to its room on a sync server with y-websocket's WebsocketProvider, and
 * reports the connection status for the UI. Cross-tab BroadcastChannel sync is off: every
 * edit goes through the server, which is where it is stored.
 */
import { WebsocketProvider } from 'y-websocket';
import type { Board } from '../board/board';

export const ConnectionStatus = {
  Connecting: 'connecting',
  Connected: 'connected',
  Offline: 'offline',
} as const;

export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];

export interface BoardConnection {
  readonly provider: WebsocketProvider;
  status(): ConnectionStatus;
  /** Calls `listener` now and on every status change; returns an unsubscribe function. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  destroy(): void;
}

export function connectBoard(board: Board, serverUrl: string, room: string): BoardConnection {
  const provider = new WebsocketProvider(serverUrl.replace(/\/+$/, ''), room, board.doc, { disableBc: true });
  const listeners = new Set<(status: ConnectionStatus) => void>();
  let current: ConnectionStatus = ConnectionStatus.Connecting;
  let everConnected = false;

  const set = (next: ConnectionStatus): void => {
    if (next === current) return;
    current = next;
    for (const listener of listeners) listener(current);
  };

  provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connected') {
      everConnected = true;
      set(ConnectionStatus.Connected);
    } else if (status === 'connecting') {
      set(everConnected ? ConnectionStatus.Offline : ConnectionStatus.Connecting);
    } else {
      set(ConnectionStatus.Offline);
    }
  });
  provider.on('sync', (synced: boolean) => {
    if (synced) board.ensureInitialized();
  });

  return {
    provider,
    status: () => current,
    onStatus(listener) {
      listeners.add(listener);
      listener(current);
      return () => listeners.delete(listener);
    },
    destroy() {
      listeners.clear();
      provider.destroy();
    },
  };
}
