/**
 * The sync server's history API (protocol/history.ts, docs/PROTOCOL.md §19) for the History panel: with the room's
 * invite token, like the room API. The list is fetched again while the panel is open (`onChange` polls), since the
 * server makes versions by itself.
 */
import {
  decodeHistoryParts,
  type HistoryAuthor,
  type HistoryChangeResponse,
  type HistoryListResponse,
  type HistoryPart,
  type VersionInfo,
} from '../../protocol/history';
import { ROOM_API_PATH, type ApiErrorBody } from '../../protocol/room-api';
import { Role } from '../../protocol/role';
import type { HistoryResult, HistorySource } from '../history/history-source';

/** How often an open panel asks for new versions: the server makes one after 10 s without changes. */
const POLL_MS = 5_000;

export interface HistoryApiTarget {
  httpOrigin: string;
  room: string;
  /** The current token (it changes when links are revoked). */
  token(): string;
  /** The role the server granted (null until known). */
  role(): Role | null;
}

async function call<T>(url: string, token: string, init: RequestInit, read: (response: Response) => Promise<T>): Promise<HistoryResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  } catch {
    return { ok: false, error: 'The sync server cannot be reached: history needs a connection.' };
  }
  if (response.ok) return { ok: true, value: await read(response) };
  let error = `The server answered ${response.status} ${response.statusText}.`;
  try {
    error = ((await response.json()) as ApiErrorBody).error ?? error;
  } catch {
    // Not JSON: the status says enough.
  }
  return { ok: false, error: error.charAt(0).toUpperCase() + error.slice(1) + (/[.!?]$/.test(error) ? '' : '.') };
}

export function serverHistory(target: HistoryApiTarget): HistorySource {
  const base = (): string => `${target.httpOrigin}${ROOM_API_PATH}/${encodeURIComponent(target.room)}/history`;
  const json = (response: Response): Promise<never> => response.json() as Promise<never>;
  const bytes = async (response: Response): Promise<HistoryPart[]> => decodeHistoryParts(new Uint8Array(await response.arrayBuffer()));
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | null = null;
  const post = <T>(path: string, body: unknown): Promise<HistoryResult<T>> => call<T>(`${base()}${path}`, target.token(), { method: 'POST', body: JSON.stringify(body) }, json);
  return {
    where: 'Versions are kept by the sync server.',
    canEdit: () => target.role() === Role.Editor,
    list: () => call<HistoryListResponse>(base(), target.token(), {}, json),
    parts: (after) => call(`${base()}/changes${after > 0 ? `?after=${after}` : ''}`, target.token(), {}, bytes),
    nameVersion: (name) => post<VersionInfo>('', { name }),
    revert: (version, author, by: HistoryAuthor) => post<HistoryChangeResponse>(`/${version}/revert`, { author, by }),
    onChange(listener) {
      listeners.add(listener);
      timer ??= setInterval(() => {
        for (const each of listeners) each();
      }, POLL_MS);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) clearInterval(timer);
        if (listeners.size === 0) timer = null;
      };
    },
  };
}
