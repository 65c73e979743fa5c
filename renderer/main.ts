/**
 * Wires the renderer together: finds or creates the room, then builds the drawing surface
 * (board-app.ts), the connection to the room, and the chrome around them.
 */
import './styles.css';
import * as Y from 'yjs';
import { formatDesktopInvite, parseInviteLink } from '../protocol/invite-link';
import { readTokenClaims } from '../protocol/invite-token';
import { Role } from '../protocol/role';
import type { RoomLinksResponse } from '../protocol/room-api';
import { createBoardApp } from './board-app';
import { desktopBridge } from './bridge';
import { ConnectionStatus, connectBoard } from './collab/connection';
import { loadIdentity, saveIdentity } from './collab/identity';
import { openOfflineCopy } from './collab/offline-copy';
import { Presence } from './collab/presence';
import { createRoom, requestInvites, revokeLinks } from './collab/room-api-client';
import { localSaveStateStore } from './collab/save-tracker';
import { httpOrigin, resolveRoomTarget } from './room-address';
import { askForCreationKey, showBusyScreen, showErrorScreen } from './ui/screens';
import { createPeopleList } from './ui/people-list';
import { createPresenceCursors } from './ui/presence-cursors';
import { createShareDialog } from './ui/share-dialog';
import { createStatusBadge } from './ui/status-badge';
import { showToast } from './ui/toast';
import type { BoardView } from './canvas/board-view';

/** Shows `/r/<room>#t=<token>` in the address bar without reloading. */
function showRoomAddress(room: string, token: string): void {
  history.replaceState(null, '', `/r/${encodeURIComponent(room)}${window.location.search}#t=${token}`);
}

function tokenOf(response: RoomLinksResponse, role: 'editor' | 'viewer'): string | null {
  const link = response.links[role]?.web;
  const parsed = link ? parseInviteLink(link) : null;
  return parsed?.ok ? parsed.invite.token : null;
}

/** Creates a room on the server, asking for the creation key if the server wants one. */
async function createNewRoom(root: HTMLElement, origin: string): Promise<RoomLinksResponse | null> {
  let key: string | null = null;
  for (;;) {
    showBusyScreen(root, 'Creating a new board…');
    const result = await createRoom(origin, key);
    if (result.ok) return result.value;
    if (result.status !== 401) {
      showErrorScreen(root, 'Could not create a board', result.error);
      return null;
    }
    key = await askForCreationKey(root, key === null ? null : 'That key was not accepted.');
  }
}

async function start(): Promise<void> {
  const root = document.getElementById('app') as HTMLElement;
  const canvasHost = document.getElementById('canvas') as HTMLDivElement;
  const bridge = desktopBridge();
  const resolved = resolveRoomTarget(window.location, bridge ? await bridge.defaultServerUrl() : null);
  if (!resolved.ok) {
    showErrorScreen(root, 'This board link does not work', resolved.error);
    return;
  }
  const { serverUrl } = resolved.target;
  const origin = httpOrigin(serverUrl);
  let room: string;
  let token: string | null;
  if (resolved.target.kind === 'create') {
    const created = await createNewRoom(root, origin);
    if (!created) return;
    room = created.room;
    token = tokenOf(created, 'editor');
    if (!token) {
      showErrorScreen(root, 'Could not create a board', 'The server answered with an unusable link.');
      return;
    }
    showRoomAddress(room, token);
    root.replaceChildren(canvasHost);
  } else {
    room = resolved.target.room;
    token = resolved.target.token;
  }
  if (!token) {
    showErrorScreen(root, 'This board needs an invite link', 'Boards are private: open the link you were sent (it ends in #t=…), or ask an editor of the board to share one.');
    return;
  }
  document.title = `Whiteboard — ${room}`;

  // The board opens from this device's copy first (instantly, and with no network at all),
  // then the connection brings it up to date and sends what was done offline.
  const doc = new Y.Doc();
  const offlineCopy = openOfflineCopy(serverUrl, room, doc);
  await offlineCopy.loaded;
  const app = createBoardApp(canvasHost, doc);
  const { board, view } = app;

  const connection = connectBoard(board, {
    serverUrl,
    httpOrigin: origin,
    room,
    token,
    saveState: localSaveStateStore(`whiteboard.pending:${serverUrl}/${room}`),
  });
  connection.onOfflineChangesSaved((count) => showToast(`${count} change${count === 1 ? '' : 's'} made offline ${count === 1 ? 'is' : 'are'} now saved`));
  const status = createStatusBadge(room, () => connection.retryNow());
  const presence = mountPresence(canvasHost, view, new Presence(connection.provider.awareness, loadIdentity()));
  // Until the server says otherwise, trust the link only as far as it can hurt nobody: a token
  // that does not say "editor" gets a read-only board.
  const claimed = readTokenClaims(token)?.role ?? Role.Viewer;
  let currentToken = token;
  const share = createShareDialog({
    load: () => requestInvites(origin, room, currentToken),
    revoke:
      claimed === Role.Editor
        ? async () => {
            connection.expectRevocation();
            const result = await revokeLinks(origin, room, currentToken);
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
  const topRight = document.createElement('div');
  topRight.className = 'top-right';
  topRight.append(presence.people);
  if (!bridge) {
    // In a browser, offer the same board in the installed app (whiteboard:// deep link).
    const openInApp = document.createElement('a');
    openInApp.className = 'secondary-button';
    openInApp.textContent = 'Open in the desktop app';
    openInApp.href = formatDesktopInvite(serverUrl, room, token);
    openInApp.addEventListener('click', () => (openInApp.href = formatDesktopInvite(serverUrl, room, currentToken)));
    topRight.append(openInApp);
  }
  topRight.append(share.button);

  connection.subscribe((state) => {
    const role = state.role ?? claimed;
    const viewOnly = role !== Role.Editor;
    status.set(state, viewOnly);
    app.setReadOnly(viewOnly);
    if (state.status === ConnectionStatus.Refused) {
      connection.destroy();
      void offlineCopy.destroy();
      showErrorScreen(root, 'You cannot open this board', state.refusal ?? 'The server refused this link.');
    }
  });
  root.append(app.toolbar, status.element, topRight, presence.cursors);

  // A handle for end-to-end tests and for poking at a board from the devtools console.
  Object.assign(window, { whiteboardDebug: { doc, board, view, connection, presence: presence.model } });
}

/**
 * Presence on screen: this user's pointer published in board coordinates, other people's
 * cursors drawn over the canvas, and the list of people in the room.
 */
function mountPresence(canvasHost: HTMLElement, view: BoardView, model: Presence) {
  // Board-to-screen mapping from the view's own screen-to-board conversion (pan and zoom, no
  // rotation): two samples give the scale and the offset.
  const mapping = {
    toScreen(point: { x: number; y: number }) {
      const rect = canvasHost.getBoundingClientRect();
      const origin = view.toBoardPoint(rect.left, rect.top);
      const unit = view.toBoardPoint(rect.left + 100, rect.top);
      const scale = 100 / (unit.x - origin.x || 1);
      return { x: (point.x - origin.x) * scale, y: (point.y - origin.y) * scale };
    },
  };
  const cursors = createPresenceCursors(mapping);
  const people = createPeopleList({
    onIdentity: (identity) => {
      saveIdentity(identity);
      model.setIdentity(identity);
    },
    onFollow: null,
  });
  const render = (): void => {
    const peers = model.peers();
    people.render(peers, null);
    cursors.render(peers);
  };
  model.onChange(render);
  render();

  canvasHost.addEventListener('pointermove', (event) => model.setCursor(view.toBoardPoint(event.clientX, event.clientY)));
  canvasHost.addEventListener('pointerleave', () => model.setCursor(null));

  // Keep remote cursors on their board positions while this view pans or zooms.
  let lastMapping = '';
  const track = (): void => {
    const probe = mapping.toScreen({ x: 0, y: 0 });
    const unit = mapping.toScreen({ x: 1, y: 0 });
    const signature = `${probe.x},${probe.y},${unit.x}`;
    if (signature !== lastMapping) {
      lastMapping = signature;
      cursors.reposition();
    }
    requestAnimationFrame(track);
  };
  requestAnimationFrame(track);

  return { people: people.element, cursors: cursors.element, model };
}

// The app shell works offline in browsers (the desktop app has it on disk already).
if ('serviceWorker' in navigator && window.location.protocol.startsWith('http')) {
  void navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.warn('offline support unavailable:', error));
}

void start();
