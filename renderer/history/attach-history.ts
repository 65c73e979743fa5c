/**
 * Version history wired into a board: for a room on a sync server (its history API, the people list's person menu),
 * or for a local board of the desktop app (the history kept in its file). What the board menu, Ctrl+Shift+H and the
 * desktop app's View menu open.
 */
import type { HistoryAuthor, LocalHistoryData } from '../../protocol/history';
import { Role } from '../../protocol/role';
import type { BoardApp } from '../board-app';
import type { BoardConnection } from '../collab/connection';
import { serverHistory } from '../collab/history-api-client';
import type { Presence } from '../collab/presence';
import { HistoryController } from './history-controller';
import { LocalHistory } from './local-history';
import { attachPersonMenu } from './person-menu';

function authorOf(presence: Presence): HistoryAuthor {
  const self = presence.peers().find((peer) => peer.isSelf);
  return { name: self?.name ?? 'Someone', color: self?.color ?? '' };
}

export interface RoomHistoryOptions {
  root: HTMLElement;
  app: BoardApp;
  connection: BoardConnection;
  presence: Presence;
  people: HTMLElement;
  httpOrigin: string;
  room: string;
  token(): string;
}

export function attachRoomHistory(options: RoomHistoryOptions): HistoryController {
  const { app, connection, presence } = options;
  const role = (): Role | null => connection.state().role;
  const source = serverHistory({ httpOrigin: options.httpOrigin, room: options.room, token: options.token, role });
  const controller = new HistoryController({
    app,
    root: options.root,
    source,
    me: () => authorOf(presence),
    people: () => presence.peers().map((peer) => ({ name: peer.name, color: peer.color })),
    readOnly: () => role() !== Role.Editor,
  });
  app.setHistory(() => controller.toggle());
  attachPersonMenu(options.people, {
    nameOf: (clientId) => presence.peers().find((peer) => peer.clientId === clientId)?.name ?? null,
    canUndo: () => role() === Role.Editor,
    undo: (name) => controller.revert(null, name),
  });
  return controller;
}

export interface LocalBoardHistory {
  readonly source: LocalHistory;
  readonly controller: HistoryController;
}

export function attachLocalHistory(root: HTMLElement, app: BoardApp, saved: LocalHistoryData | null, me: () => HistoryAuthor): LocalBoardHistory {
  const source = new LocalHistory({ doc: app.board.doc, me, saved });
  const controller = new HistoryController({ app, root, source, me, people: () => [], readOnly: () => false });
  app.setHistory(() => controller.toggle());
  return { source, controller };
}
