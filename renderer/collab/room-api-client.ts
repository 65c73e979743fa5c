/** Client of the sync server's room API (protocol/room-api.ts): create rooms, get and revoke links. */
import { ROOM_API_PATH, type ApiErrorBody, type RoomLinksResponse } from '../../protocol/room-api';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number; error: string };

async function post<T>(url: string, bearer: string | null): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  } catch {
    return { ok: false, status: 0, error: 'The sync server cannot be reached.' };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: a proxy's error page, say. The status says enough.
  }
  if (response.ok) return { ok: true, value: body as T };
  const error = (body as ApiErrorBody | null)?.error ?? `The server answered ${response.status} ${response.statusText}.`;
  return { ok: false, status: response.status, error };
}

export function createRoom(httpOrigin: string, createKey: string | null): Promise<ApiResult<RoomLinksResponse>> {
  return post(`${httpOrigin}${ROOM_API_PATH}`, createKey);
}

export function requestInvites(httpOrigin: string, room: string, token: string): Promise<ApiResult<RoomLinksResponse>> {
  return post(`${httpOrigin}${ROOM_API_PATH}/${encodeURIComponent(room)}/invites`, token);
}

export function revokeLinks(httpOrigin: string, room: string, token: string): Promise<ApiResult<RoomLinksResponse>> {
  return post(`${httpOrigin}${ROOM_API_PATH}/${encodeURIComponent(room)}/revoke`, token);
}
