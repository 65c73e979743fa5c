/**
 * A board in a room on a sync server: the connection, presence, the status line, the Share
 * dialog, and what the role allows. Used when a page joins an invite link, and when a local
 * board in the desktop app goes online (its document is uploaded by the first sync).
 */
import type * as Y from 'yjs';
import { formatDesktopInvite, parseInviteLink } from '../protocol/invite-link';
import { readTokenClaims } from '../protocol/invite-token';
import { Role } from '../protocol/role';
import type { RoomLinksResponse } from '../protocol/room-api';
import type { BoardApp } from './board-app';
import { ConnectionStatus, connectBoard, type BoardConnection } from './collab/connection';
import type { Identity } from './collab/identity';
import { openOfflineCopy, type OfflineCopy } from './collab/offline-copy';
import { Presence } from './collab/presence';
import { requestInvites, revokeLinks } from './collab/room-api-client';
import { localSaveStateStore } from './collab/save-tracker';
import { mountPresenceView } from './presence-view';
import { showErrorScreen } from './ui/screens';
import { createShareDialog } from './ui/share-dialog';
import { attachRoomHistory } from './history/attach-history';
import type { HistoryController } from './history/history-controller';
import { createStatusBadge } from './ui/status-badge';
import { DESKTOP_ICON } from './ui/icons';
import { showToast } from './ui/toast';

export interface RoomSessionOptions {
  root: HTMLElement;
  canvasHost: HTMLElement;
  app: BoardApp;
  doc: Y.Doc;
  serverUrl: string;
  /** http(s) origin of the server's room API. */
  apiOrigin: string;
  room: string;
  token: string;
  /** This device's copy of the board, if the caller opened it already. */
  offlineCopy?: OfflineCopy;
  identity: Identity;
  onIdentity: (identity: Identity) => void;
  /** True in the desktop app: no "Open in the desktop app" button. */
  inDesktopApp: boolean;
  /** Where the chrome goes (top right). */
  topRight: HTMLElement;
}

export interface RoomSession {
  readonly connection: BoardConnection;
  readonly history: HistoryController;
}

/** Shows `/r/<room>#t=<token>` in the address bar without reloading. */
export function showRoomAddress(room: string, token: string, search: string = window.location.search): void {
  history.replaceState(null, '', `/r/${encodeURIComponent(room)}${search}#t=${token}`);
}

export function tokenOf(response: RoomLinksResponse, role: 'editor' | 'viewer'): string | null {
  const link = response.links[role]?.web;
  const parsed = link ? parseInviteLink(link) : null;
  return parsed?.ok ? parsed.invite.token : null;
}

export function attachRoom(options: RoomSessionOptions): RoomSession {
  const { root, app, doc, serverUrl, apiOrigin, room, token } = options;
  document.title = `Whiteboard — ${room}`;
  const offlineCopy = options.offlineCopy ?? openOfflineCopy(serverUrl, room, doc);
  const connection = connectBoard(app.board, {
    serverUrl,
    httpOrigin: apiOrigin,
    room,
    token,
    saveState: localSaveStateStore(`whiteboard.pending:${serverUrl}/${room}`),
  });
  connection.onOfflineChangesSaved((count) => showToast(`${count} change${count === 1 ? '' : 's'} made offline ${count === 1 ? 'is' : 'are'} now saved`));
  const status = createStatusBadge(room, () => connection.retryNow());
  const presence = mountPresenceView(options.canvasHost, app, new Presence(connection.provider.awareness, options.identity), options.onIdentity);

  // Until the server says otherwise, trust the link only as far as it can hurt nobody: a token
  // that does not say "editor" gets a read-only board.
  const claimed = readTokenClaims(token)?.role ?? Role.Viewer;
  let currentToken = token;
  const share = createShareDialog({
    load: () => requestInvites(apiOrigin, room, currentToken),
    revoke:
      claimed === Role.Editor
        ? async () => {
            connection.expectRevocation();
            const result = await revokeLinks(apiOrigin, room, currentToken);
            if (!result.ok) connection.cancelRevocation();
            return result;
          }
        : null,
    onRevoked: (response) => {
      const fresh = tokenOf(response, 'editor');
      if (!fresh) return;
      currentToken = fresh;
      showRoomAddress(room, fresh);
      connection.useToken(fresh);
    },
  });

  const { topRight } = options;
  topRight.replaceChildren(presence.people);
  if (!options.inDesktopApp) {
    // In a browser, offer the same board in the installed app (whiteboard:// deep link).
    const openInApp = document.createElement('a');
    openInApp.className = 'secondary-button icon-only';
    // An icon with its name: the top bar has room for the people and Share beside the toolbar.
    openInApp.innerHTML = DESKTOP_ICON;
    openInApp.title = 'Open in the desktop app';
    openInApp.setAttribute('aria-label', 'Open in the desktop app');
    openInApp.href = formatDesktopInvite(serverUrl, room, token);
    openInApp.addEventListener('click', () => (openInApp.href = formatDesktopInvite(serverUrl, room, currentToken)));
    topRight.append(openInApp);
  }
  topRight.append(share.button);

  connection.subscribe((state) => {
    const viewOnly = (state.role ?? claimed) !== Role.Editor;
    status.set(state, viewOnly);
    app.setReadOnly(viewOnly);
    if (state.status === ConnectionStatus.Refused) {
      connection.destroy();
      void offlineCopy.destroy();
      showErrorScreen(root, 'You cannot open this board', state.refusal ?? 'The server refused this link.');
    }
  });
  root.querySelector('.status-badge')?.remove();
  root.append(status.element, presence.overlay);
  const people = presence.model;
  const history = attachRoomHistory({ root, app, connection, presence: people, people: presence.people, httpOrigin: apiOrigin, room, token: () => currentToken });

  // A handle for end-to-end tests and for poking at a board from the devtools console.
  Object.assign(window, { whiteboardDebug: { doc, board: app.board, view: app.view, app, connection, presence: presence.model, history } });
  return { connection, history };
}
