/** Shapes of the sync server's room API (sync-server/room-api.ts), shared with its clients. */
import type { Role } from './role';

export const ROOM_API_PATH = '/api/rooms';

export interface InviteLinks {
  /** https://HOST/r/<room>#t=<token>: opens in any browser. */
  web: string;
  /** whiteboard://join?...: opens the desktop app. */
  desktop: string;
}

/** Answer to creating a room, asking for its links, or revoking them. */
export interface RoomLinksResponse {
  room: string;
  /** The role of the token the request was made with (editor for a new room). */
  role: Role;
  /** Editors get both links; viewers only the viewer link. */
  links: { editor?: InviteLinks; viewer: InviteLinks };
}

export interface ApiErrorBody {
  error: string;
}
