/**
 * The renderer's entry: works out what this window shows and wires it up.
 * - An invite link (`/r/<room>#t=…`) joins that room (room-session.ts).
 * - In a browser, any other address creates a room on the server that served the page.
 * - In the desktop app, any other address is a local board (local-session.ts), empty or read
 *   from a file (`/?file=<path>`), which can go online from its Share button.
 */
import './styles.css';
import * as Y from 'yjs';
import type { WhiteboardBridge } from '../main/bridge-api';
import type { RoomLinksResponse } from '../protocol/room-api';
import { createBoardApp, type BoardApp } from './board-app';
import type { SaveImage } from './board-export';
import { desktopBridge } from './bridge';
import { cleanName, isPresenceColor, loadIdentity, randomIdentity, saveIdentity, type Identity } from './collab/identity';
import { openOfflineCopy } from './collab/offline-copy';
import { createRoom } from './collab/room-api-client';
import { installDesktopCommands, type DesktopCommands } from './desktop-commands';
import { decodeLocalHistory, type LocalHistoryData } from '../protocol/history';
import { attachLocalHistory } from './history/attach-history';
import { OnlineTarget, mountLocalBoard } from './local-session';
import { httpOrigin, resolveRoomTarget } from './room-address';
import { attachRoom, showRoomAddress, tokenOf } from './room-session';
import { askForCreationKey, showBusyScreen, showErrorScreen } from './ui/screens';
import { showToast } from './ui/toast';

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

/** Exported images in the desktop app go where the person chooses, through the save dialog. */
function desktopSaveImage(bridge: WhiteboardBridge): SaveImage {
  return async (file, _name, format) => {
    const data = file instanceof Blob ? new Uint8Array(await file.arrayBuffer()) : file;
    await bridge.exportImage(format === 'png' ? { format: 'png', data: data as Uint8Array } : { format: 'svg', data: data as string });
  };
}

/** Who this user is: the desktop app keeps it in its settings, a browser in local storage. */
async function identityFor(bridge: WhiteboardBridge | null): Promise<{ identity: Identity; save: (identity: Identity) => void }> {
  if (!bridge) return { identity: loadIdentity(), save: saveIdentity };
  const settings = await bridge.getSettings();
  const name = cleanName(settings.name);
  const identity: Identity = name && isPresenceColor(settings.color) ? { name, color: settings.color } : randomIdentity();
  // Chosen once: a new user's random identity is remembered from the first board on.
  if (!name) await bridge.updateSettings(identity).catch(() => undefined);
  const save = (next: Identity): void => void bridge.updateSettings(next).catch((error: unknown) => showToast(String(error)));
  return { identity, save };
}

function chrome(root: HTMLElement, app: BoardApp): HTMLElement {
  const topRight = document.createElement('div');
  topRight.className = 'top-right';
  root.append(app.toolbar, topRight);
  return topRight;
}

async function start(): Promise<void> {
  const root = document.getElementById('app') as HTMLElement;
  const canvasHost = document.getElementById('canvas') as HTMLDivElement;
  const bridge = desktopBridge();
  // Before anything is awaited: a file opened from the system must not be missed.
  const desktop: DesktopCommands | null = bridge ? installDesktopCommands(bridge) : null;
  const defaultServerUrl = bridge ? await bridge.defaultServerUrl() : null;
  const resolved = resolveRoomTarget(window.location, defaultServerUrl);
  if (!resolved.ok) {
    showErrorScreen(root, 'This board link does not work', resolved.error);
    return;
  }
  const { identity, save: saveIdentityTo } = await identityFor(bridge);

  if (resolved.target.kind === 'create' && bridge && desktop && defaultServerUrl) {
    await startLocalBoard({ root, canvasHost, bridge, desktop, defaultServerUrl, identity, saveIdentityTo });
    return;
  }

  const { serverUrl } = resolved.target;
  const apiOrigin = httpOrigin(serverUrl);
  let room: string;
  let token: string | null;
  if (resolved.target.kind === 'create') {
    const created = await createNewRoom(root, apiOrigin);
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

  // The board opens from this device's copy first (instantly, and with no network at all),
  // then the connection brings it up to date and sends what was done offline.
  const doc = new Y.Doc();
  const offlineCopy = openOfflineCopy(serverUrl, room, doc);
  await offlineCopy.loaded;
  const app = createBoardApp(canvasHost, doc, bridge ? { systemPaste: bridge.pasteClipboard, saveImage: desktopSaveImage(bridge) } : {});
  const topRight = chrome(root, app);
  attachRoom({ root, canvasHost, app, doc, serverUrl, apiOrigin, room, token, offlineCopy, identity, onIdentity: saveIdentityTo, inDesktopApp: bridge !== null, topRight });
  desktop?.attach({ app, doc, onSaved: () => showToast('Saved a copy of this board.'), host: () => showToast('This board is already online: use Share to invite people.') });
}

interface LocalStart {
  root: HTMLElement;
  canvasHost: HTMLDivElement;
  bridge: WhiteboardBridge;
  desktop: DesktopCommands;
  defaultServerUrl: string;
  identity: Identity;
  saveIdentityTo: (identity: Identity) => void;
}

/** The desktop app's local board: from a file or empty, and able to go online. */
async function startLocalBoard({ root, canvasHost, bridge, desktop, defaultServerUrl, identity, saveIdentityTo }: LocalStart): Promise<void> {
  const doc = new Y.Doc();
  const file = new URLSearchParams(window.location.search).get('file');
  let fileName: string | null = null;
  let saved: LocalHistoryData | null = null;
  if (file) {
    try {
      const opened = await bridge.openRecent(file);
      if (opened) {
        Y.applyUpdate(doc, opened.state);
        fileName = opened.name;
        saved = opened.history ? decodeLocalHistory(opened.history) : null;
      }
    } catch (error) {
      showErrorScreen(root, 'This board could not be opened', error instanceof Error ? error.message : String(error));
      return;
    }
  }
  const app = createBoardApp(canvasHost, doc, { systemPaste: bridge.pasteClipboard, saveImage: desktopSaveImage(bridge) });
  const topRight = chrome(root, app);
  app.board.ensureInitialized();
  const history = attachLocalHistory(root, app, saved, () => ({ name: identity.name, color: identity.color }));

  const goOnline = async (target: OnlineTarget): Promise<void> => {
    let serverUrl = defaultServerUrl;
    let apiOrigin = httpOrigin(defaultServerUrl);
    if (target !== OnlineTarget.DefaultServer) {
      const status = await bridge.startHosting({ lan: target === OnlineTarget.ThisNetwork });
      if (status.state !== 'running') {
        showToast(status.state === 'stopped' && status.error ? `Could not host: ${status.error}` : 'Could not start hosting.');
        throw new Error('hosting did not start');
      }
      serverUrl = status.serverUrl;
      // Links made through a network address carry it, so others can use them.
      apiOrigin = target === OnlineTarget.ThisNetwork && status.lanUrls[0] ? status.lanUrls[0] : status.httpUrl;
    }
    const created = await createRoom(apiOrigin, null);
    const token = created.ok ? tokenOf(created.value, 'editor') : null;
    if (!created.ok || !token) {
      showToast(created.ok ? 'The server answered with an unusable link.' : `Could not put the board online: ${created.error}`);
      throw new Error('room not created');
    }
    local.detach();
    history.controller.destroy();
    history.source.destroy();
    showRoomAddress(created.value.room, token, `?server=${encodeURIComponent(serverUrl)}`);
    const session = attachRoom({ root, canvasHost, app, doc, serverUrl, apiOrigin, room: created.value.room, token, identity, onIdentity: saveIdentityTo, inDesktopApp: true, topRight });
    let announced = false;
    session.connection.subscribe((state) => {
      if (announced || state.status !== 'connected' || state.unconfirmed !== 0) return;
      announced = true;
      showToast('The board is online: use Share to invite people.');
    });
  };

  const local = mountLocalBoard({
    root,
    doc,
    topRight,
    fileName,
    defaultServerUrl,
    setUnsavedChanges: (unsaved) => void bridge.setUnsavedChanges(unsaved),
    goOnline,
  });
  desktop.attach({
    app,
    doc,
    history: () => history.source.encode(),
    onSaved: (info) => local.saved(info.name),
    host: () => void goOnline(OnlineTarget.ThisComputer).catch(() => undefined),
  });
  Object.assign(window, { whiteboardDebug: { doc, board: app.board, view: app.view, app } });
}

// The app shell works offline in browsers (the desktop app has it on disk already).
if ('serviceWorker' in navigator && window.location.protocol.startsWith('http')) {
  void navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.warn('offline support unavailable:', error));
}

void start();
