/**
 * Connects a board to its room on a sync server with y-websocket's WebsocketProvider, and
 * reports what the UI shows: connection status, round-trip time, changes not yet saved, the role
 * the server granted, and, when the server refuses the invite, why.
 *
 * - Every document write sent is counted by a WebSocket subclass and matched with the server's
 *   save acks (save-tracker.ts), so "not yet saved" means "not yet stored by the server".
 * - Round-trip time comes from our Ping/Pong messages (browsers cannot see WebSocket pings).
 * - Reconnects use exponential backoff with jitter (backoff.ts) instead of y-websocket's fixed
 *   schedule, and retry at once when the network comes back or the window gets focus.
 * - A refused invite fails at the HTTP upgrade, which a browser reports only as a failed socket;
 *   after a few failures without ever connecting, the client asks the room API with the same
 *   token and shows the server's reason instead of retrying forever.
 * Cross-tab BroadcastChannel sync is off: every edit goes through the server.
 */
import { WebsocketProvider } from 'y-websocket';
import type * as decoding from 'lib0/decoding';
import type * as Y from 'yjs';
import { ACKS_PARAM, isDocumentWrite, readAck } from '../../protocol/ack';
import { readAuthMessage } from '../../protocol/auth-message';
import { CloseCode } from '../../protocol/close-code';
import { PROTOCOL_VERSION, VERSION_PARAM, describeVersionMismatch } from '../../protocol/version';
import { MessageType } from '../../protocol/message-type';
import { encodePing, readPongSentAt } from '../../protocol/ping';
import { Role } from '../../protocol/role';
import type { Board } from '../board/board';
import { reconnectDelayMs } from './backoff';
import { changedParts } from './changed-parts';
import { requestInvites } from './room-api-client';
import { SaveTracker, type SaveStateStore } from './save-tracker';

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
  /** Smoothed round-trip time to the server; null while not connected. */
  rttMs: number | null;
  /** This user's changes the server has not confirmed storing. */
  unconfirmed: number;
  /** When the next reconnect attempt is due (epoch ms), while offline. */
  retryAt: number | null;
}

export interface BoardConnection {
  readonly provider: WebsocketProvider;
  state(): ConnectionState;
  /** Calls `listener` now and on every change; returns an unsubscribe function. */
  subscribe(listener: (state: ConnectionState) => void): () => void;
  /** Called with the number of changes made offline once the server has stored all of them. */
  onOfflineChangesSaved(listener: (count: number) => void): () => void;
  /** Switches to another token for this room (after a revocation), reconnecting with it. */
  useToken(token: string): void;
  /**
   * This user is revoking the room's links: the server will close this connection (its token
   * is of the old generation) and the new token follows with `useToken`. Until then a 4403 is
   * expected, not a refusal. Call `cancelRevocation` if the revocation failed.
   */
  expectRevocation(): void;
  cancelRevocation(): void;
  /** Tries to reconnect now instead of waiting for the next scheduled attempt. */
  retryNow(): void;
  destroy(): void;
}

export interface ConnectOptions {
  serverUrl: string;
  httpOrigin: string;
  room: string;
  token: string;
  /** Where the count of unsaved changes is kept across reloads. */
  saveState: SaveStateStore;
}

/** Failed attempts, without ever connecting, before asking the API why. */
const FAILURES_BEFORE_DIAGNOSIS = 2;
/** Round-trip probes while connected; also keeps a quiet connection from looking dead. */
export const PING_INTERVAL_MS = 5_000;
/** Weight of the newest sample in the smoothed round-trip time. */
const RTT_SMOOTHING = 0.3;

export function connectBoard(board: Board, options: ConnectOptions): BoardConnection {
  let token = options.token;
  const listeners = new Set<(state: ConnectionState) => void>();
  const savedListeners = new Set<(count: number) => void>();
  let current: ConnectionState = { status: ConnectionStatus.Connecting, role: null, refusal: null, rttMs: null, unconfirmed: 0, retryAt: null };
  let everConnected = false;
  let failures = 0;
  let revoking = false;
  let destroyed = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let pingTimer: ReturnType<typeof setInterval> | null = null;
  /** Unsaved changes when the connection came back: announced once they are all stored. */
  let offlineBacklog = 0;

  const tracker = new SaveTracker(options.saveState);

  const update = (patch: Partial<ConnectionState>): void => {
    const next = { ...current, ...patch };
    if ((Object.keys(next) as Array<keyof ConnectionState>).every((key) => next[key] === current[key])) return;
    current = next;
    for (const listener of listeners) listener(current);
  };

  // Counts the document writes of each connection; a new socket is a new count.
  class TrackedWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      tracker.connectionOpened();
    }

    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (data instanceof Uint8Array && isDocumentWrite(data)) tracker.writeSent();
      super.send(data);
    }
  }

  const provider = new WebsocketProvider(options.serverUrl, options.room, board.doc, {
    disableBc: true,
    params: { token, [ACKS_PARAM]: '1', [VERSION_PARAM]: String(PROTOCOL_VERSION) },
    WebSocketPolyfill: TrackedWebSocket,
    // Every close the server causes is handled here (scheduleRetry), with jitter.
    shouldReconnect: () => false,
  });

  const refuse = (reason: string): void => {
    clearRetry();
    provider.shouldConnect = false;
    provider.disconnect();
    update({ status: ConnectionStatus.Refused, refusal: reason, retryAt: null, rttMs: null });
  };

  const clearRetry = (): void => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
  };

  const scheduleRetry = (): void => {
    if (destroyed || revoking || current.status === ConnectionStatus.Refused) return;
    clearRetry();
    const delay = reconnectDelayMs(attempt++);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      update({ retryAt: null });
      provider.connect();
    }, delay);
    update({ retryAt: Date.now() + delay });
  };

  const retryNow = (): void => {
    if (destroyed || revoking || current.status === ConnectionStatus.Refused) return;
    if (provider.wsconnected || provider.wsconnecting) return;
    clearRetry();
    update({ retryAt: null });
    provider.connect();
  };

  const sendPing = (): void => {
    if (provider.wsconnected) provider.ws?.send(encodePing(performance.now()));
  };

  provider.messageHandlers[MessageType.Auth] = (_encoder: unknown, decoder: decoding.Decoder) => {
    const message = readAuthMessage(decoder);
    if (message?.type === 'role') update({ role: message.role });
    else if (message?.type === 'permission-denied') refuse(message.reason);
    else if (message?.type === 'version') refuse(describeVersionMismatch(PROTOCOL_VERSION, message.range));
  };
  provider.messageHandlers[MessageType.Pong] = (_encoder: unknown, decoder: decoding.Decoder) => {
    const sentAt = readPongSentAt(decoder);
    if (sentAt === null) return;
    const sample = Math.max(0, performance.now() - sentAt);
    update({ rttMs: current.rttMs === null ? sample : current.rttMs + RTT_SMOOTHING * (sample - current.rttMs) });
  };
  provider.messageHandlers[MessageType.Ack] = (_encoder: unknown, decoder: decoding.Decoder) => {
    tracker.acknowledged(readAck(decoder));
  };

  tracker.onChange(() => {
    update({ unconfirmed: tracker.unconfirmed });
    if (tracker.unconfirmed === 0 && offlineBacklog > 0) {
      const saved = offlineBacklog;
      offlineBacklog = 0;
      for (const listener of savedListeners) listener(saved);
    }
  });
  update({ unconfirmed: tracker.unconfirmed });
  const onTransaction = (transaction: Y.Transaction): void => {
    if (!transaction.local || transaction.changed.size === 0) return;
    tracker.localChange(changedParts(transaction, board.shapes as unknown as Y.AbstractType<unknown>));
  };
  board.doc.on('afterTransaction', onTransaction);

  provider.on('status', ({ status }: { status: string }) => {
    if (current.status === ConnectionStatus.Refused) return;
    if (status === 'connected') {
      everConnected = true;
      failures = 0;
      clearRetry();
      offlineBacklog = tracker.unconfirmed;
      update({ status: ConnectionStatus.Connected, retryAt: null });
      sendPing();
      pingTimer ??= setInterval(sendPing, PING_INTERVAL_MS);
    } else {
      if (pingTimer) clearInterval(pingTimer);
      pingTimer = null;
      const offline = everConnected || !navigator.onLine;
      update({ status: offline ? ConnectionStatus.Offline : ConnectionStatus.Connecting, rttMs: null });
    }
  });

  provider.on('closed', (event: { code: number; reason: string }) => {
    if (event.code === CloseCode.LinkRevoked) {
      if (!revoking) refuse('The invite links of this board were revoked. Ask an editor for a new link.');
      return;
    }
    if (event.code === CloseCode.VersionUnsupported) {
      // The version notice came first and said what to do; this is only the close after it.
      if (current.status !== ConnectionStatus.Refused) refuse(`The board's server cannot serve this version of the app. ${event.reason}`);
      return;
    }
    if (event.code === CloseCode.LinkExpired) {
      refuse(describeRefusal('the invite link has expired'));
      return;
    }
    scheduleRetry();
  });

  // Every few failed attempts in a row (with the network up), ask the API why: a link can be
  // revoked or expire while this page was offline, and then retrying is pointless.
  provider.on('connection-close', () => {
    if (provider.wsconnected || !navigator.onLine || ++failures % FAILURES_BEFORE_DIAGNOSIS !== 0) return;
    void requestInvites(options.httpOrigin, options.room, token).then((result) => {
      if (!result.ok && (result.status === 401 || result.status === 403)) refuse(describeRefusal(result.error));
    });
  });

  provider.on('sync', (synced: boolean) => {
    if (!synced) return;
    attempt = 0;
    // Only editors stamp the schema version: a viewer's write would be refused.
    if (current.role === Role.Editor) board.ensureInitialized();
  });

  const goOffline = (): void => {
    // The socket may linger half-open: drop it now, and come back when the network does.
    if (provider.wsconnected || provider.wsconnecting) provider.disconnect();
    update({ status: everConnected ? ConnectionStatus.Offline : ConnectionStatus.Connecting });
    scheduleRetry();
  };
  const onVisible = (): void => {
    if (document.visibilityState === 'visible') retryNow();
  };
  window.addEventListener('online', retryNow);
  window.addEventListener('focus', retryNow);
  window.addEventListener('offline', goOffline);
  document.addEventListener('visibilitychange', onVisible);

  return {
    provider,
    state: () => current,
    subscribe(listener) {
      listeners.add(listener);
      listener(current);
      return () => listeners.delete(listener);
    },
    onOfflineChangesSaved(listener) {
      savedListeners.add(listener);
      return () => savedListeners.delete(listener);
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
      retryNow();
    },
    retryNow,
    destroy() {
      destroyed = true;
      clearRetry();
      if (pingTimer) clearInterval(pingTimer);
      window.removeEventListener('online', retryNow);
      window.removeEventListener('focus', retryNow);
      window.removeEventListener('offline', goOffline);
      document.removeEventListener('visibilitychange', onVisible);
      board.doc.off('afterTransaction', onTransaction);
      listeners.clear();
      savedListeners.clear();
      provider.destroy();
    },
  };
}

function describeRefusal(reason: string): string {
  const sentence = reason.charAt(0).toUpperCase() + reason.slice(1);
  return `${sentence}. Ask whoever shared the board for a new link.`;
}
