/**
 * Connects a board to its room on a sync server with y-websocket's WebsocketProvider, and
 * reports what the UI shows: the connection status, the role the server granted, and, when the
 * server refuses the invite, why. Cross-tab BroadcastChannel sync is off: every edit goes
 * through the server, which is where it is stored.
 *
 * A refused invite fails at the HTTP upgrade, which a browser reports only as a failed socket;
 * after a few failures without ever connecting, the client asks the room API with the same token
 * and shows the server's reason instead of retrying forever.
 */
import { WebsocketProvider } from 'y-websocket';
import type * as decoding from 'lib0/decoding';
import { readAuthMessage } from '../../protocol/auth-message';
import { CloseCode } from '../../protocol/close-code';
import { MessageType } from '../../protocol/message-type';
import { Role } from '../../protocol/role';
import type { Board } from '../board/board';
import { requestInvites } from './room-api-client';

export const ConnectionStatus = {
  Connecting: 'connecting',
  Connected: 'connected',
  Offline: 'offline',
  /** The server will not let this link in; `refusal` says why. */
  Refused: 'refused',
} as const;

export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];

export interface ConnectionState {
  status: ConnectionStatus;
  /** The role the server granted; null until it says. */
  role: Role | null;
  refusal: string | null;
}

export interface BoardConnection {
  readonly provider: WebsocketProvider;
  state(): ConnectionState;
  /** Calls `listener` now and on every change; returns an unsubscribe function. */
  subscribe(listener: (state: ConnectionState) => void): () => void;
  /** Switches to another token for this room (after a revocation), reconnecting with it. */
  useToken(token: string): void;
  /**
   * This user is revoking the room's links: the server will close this connection (its token
   * is of the old generation) and the new token follows with `useToken`. Until then a 4403 is
   * expected, not a refusal. Call `cancelRevocation` if the revocation failed.
   */
  expectRevocation(): void;
  cancelRevocation(): void;
  destroy(): void;
}

export interface ConnectOptions {
  serverUrl: string;
  httpOrigin: string;
  room: string;
  token: string;
}

/** Failed attempts, without ever connecting, before asking the API why. */
const FAILURES_BEFORE_DIAGNOSIS = 2;

export function connectBoard(board: Board, options: ConnectOptions): BoardConnection {
  let token = options.token;
  const listeners = new Set<(state: ConnectionState) => void>();
  let current: ConnectionState = { status: ConnectionStatus.Connecting, role: null, refusal: null };
  let everConnected = false;
  let failures = 0;
  let revoking = false;

  const update = (patch: Partial<ConnectionState>): void => {
    const next = { ...current, ...patch };
    if (next.status === current.status && next.role === current.role && next.refusal === current.refusal) return;
    current = next;
    for (const listener of listeners) listener(current);
  };

  const refuse = (reason: string): void => {
    provider.shouldConnect = false;
    provider.disconnect();
    update({ status: ConnectionStatus.Refused, refusal: reason });
  };

  const provider = new WebsocketProvider(options.serverUrl, options.room, board.doc, {
    disableBc: true,
    params: { token },
    shouldReconnect: (event) => event.code !== CloseCode.LinkRevoked,
  });

  provider.messageHandlers[MessageType.Auth] = (_encoder: unknown, decoder: decoding.Decoder) => {
    const message = readAuthMessage(decoder);
    if (message?.type === 'role') update({ role: message.role });
    else if (message?.type === 'permission-denied') refuse(message.reason);
  };

  provider.on('status', ({ status }: { status: string }) => {
    if (current.status === ConnectionStatus.Refused) return;
    if (status === 'connected') {
      everConnected = true;
      failures = 0;
      update({ status: ConnectionStatus.Connected });
    } else {
      update({ status: everConnected ? ConnectionStatus.Offline : ConnectionStatus.Connecting });
    }
  });

  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event?.code === CloseCode.LinkRevoked) {
      if (!revoking) refuse('The invite links of this board were revoked. Ask an editor for a new link.');
      return;
    }
    if (everConnected || ++failures !== FAILURES_BEFORE_DIAGNOSIS) return;
    void requestInvites(options.httpOrigin, options.room, token).then((result) => {
      if (!result.ok && (result.status === 401 || result.status === 403)) refuse(describeRefusal(result.error));
    });
  });

  provider.on('sync', (synced: boolean) => {
    // Only editors stamp the schema version: a viewer's write would be refused.
    if (synced && current.role === Role.Editor) board.ensureInitialized();
  });

  return {
    provider,
    state: () => current,
    subscribe(listener) {
      listeners.add(listener);
      listener(current);
      return () => listeners.delete(listener);
    },
    useToken(next) {
      revoking = false;
      token = next;
      provider.params = { ...provider.params, token: next };
      provider.disconnect();
      provider.connect();
    },
    expectRevocation() {
      revoking = true;
    },
    cancelRevocation() {
      revoking = false;
      if (!provider.wsconnected && !provider.wsconnecting) provider.connect();
    },
    destroy() {
      listeners.clear();
      provider.destroy();
    },
  };
}

function describeRefusal(reason: string): string {
  const sentence = reason.charAt(0).toUpperCase() + reason.slice(1);
  return `${sentence}. Ask whoever shared the board for a new link.`;
}
