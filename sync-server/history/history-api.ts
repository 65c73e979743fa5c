/**
 * The history API, beside the room API and guarded the same way (http-guard.ts), with the same bearer tokens:
 *   GET  /api/rooms/<room>/history                  the versions (HistoryListResponse)
 *   GET  /api/rooms/<room>/history/changes?upto=<id>&after=<end>  stored changes up to a version (and after a part's
 *                                                   end, for a client that has the earlier ones), framed (protocol/history.ts)
 *   GET  /api/rooms/<room>/history/<id>             a version's state: one Yjs update
 *   POST /api/rooms/<room>/history                  {"name"}: names the board as it is now (editors)
 *   POST /api/rooms/<room>/history/<id>/restore     brings the board back to a version, for everyone (editors)
 *   POST /api/rooms/<room>/history/<id>/revert      {"author"}: takes out what one person changed since (editors)
 * Viewers may list, fetch and replay; a restore or revert with a viewer's token is refused (403) before anything is
 * read. A restore or revert first marks the board as it was ("Before …"), then applies its change through the room, as
 * a change of the person asking (`by`, as their presence names them), so everyone sees it at once and it is stored.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import {
  MAX_VERSION_NAME_LENGTH,
  encodeHistoryParts,
  type HistoryAuthor,
  type HistoryChangeResponse,
  type HistoryListResponse,
  type VersionInfo,
} from '../../protocol/history';
import { Role } from '../../protocol/role';
import { isValidRoomId } from '../../protocol/room-id';
import type { RoomAccess } from '../auth/access';
import { HttpError, decodeSegment, readBody, sendJson, type RequestTarget } from '../http-guard';
import { MemoryBudgetFull, type RoomRegistry } from '../room-registry';
import type { HistoryService } from './history-service';

export interface HistoryApiContext {
  access: RoomAccess;
  history: HistoryService;
  rooms: Pick<RoomRegistry, 'acquire'>;
  log: Logger;
  bodyTimeoutMs: number;
}

const MAX_BODY_BYTES = 4 * 1024;
const PATH = /^\/api\/rooms\/([^/]+)\/history(?:\/(changes|\d{1,15})(?:\/(restore|revert))?)?\/?$/;

function sendBinary(res: ServerResponse, body: Uint8Array): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store', 'content-length': String(body.byteLength) }).end(body);
}

async function readJson(req: IncomingMessage, timeoutMs: number): Promise<Record<string, unknown>> {
  const text = (await readBody(req, MAX_BODY_BYTES, timeoutMs)).toString('utf8').trim();
  if (text === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the request body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'the request body must be a JSON object');
  return body as Record<string, unknown>;
}

function text(body: Record<string, unknown>, key: string, required: boolean): string | null {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw new HttpError(400, `${key} is required`);
    return null;
  }
  const cleaned = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
  if (cleaned === '' || cleaned.length > MAX_VERSION_NAME_LENGTH) throw new HttpError(400, `${key} must be a text of 1 to ${MAX_VERSION_NAME_LENGTH} characters`);
  return cleaned;
}

/** Who is asking, as they name themselves (`by`); like presence, it is what the client says. */
function caller(body: Record<string, unknown>): HistoryAuthor | null {
  const by = body.by as { name?: unknown; color?: unknown } | undefined;
  const name = typeof by?.name === 'string' ? by.name.replace(/\s+/g, ' ').trim().slice(0, MAX_VERSION_NAME_LENGTH) : '';
  if (name === '') return null;
  return { name, color: typeof by?.color === 'string' && /^#[0-9a-f]{6}$/i.test(by.color) ? by.color : '' };
}

export function createHistoryApi(ctx: HistoryApiContext): (req: IncomingMessage, res: ServerResponse, target: RequestTarget) => Promise<void> | null {
  const { history } = ctx;

  const versionOf = async (room: string, id: number): Promise<VersionInfo> => {
    const found = (await history.list(room)).versions.find((version) => version.id === id);
    if (!found) throw new HttpError(404, 'no such version of this board (it may have been forgotten: see the history limits)');
    return found;
  };

  /** Marks the board before a restore or revert (an existing last version, unchanged, if nothing changed since). */
  const markBefore = async (room: string, name: string): Promise<VersionInfo | null> => {
    const list = await history.list(room);
    const last = list.versions[list.versions.length - 1] ?? null;
    return last && last.id >= list.head ? last : history.addVersion(room, name);
  };

  /** Applies `undo`'s change through the room, after every change sent to it so far is stored. */
  const changeBoard = async (room: string, by: HistoryAuthor | null, before: string, undo: () => Promise<Uint8Array | null>): Promise<HistoryChangeResponse> => {
    let hold;
    try {
      hold = ctx.rooms.acquire(room);
    } catch (error) {
      if (error instanceof MemoryBudgetFull) throw new HttpError(503, error.message, { 'retry-after': '30' });
      throw error;
    }
    try {
      await hold.room.flush();
      const mark = await markBefore(room, before);
      const update = await undo();
      if (update) await hold.room.applyChange(update, by);
      return { changed: update !== null, before: mark };
    } finally {
      hold.release();
    }
  };

  const respond = async (req: IncomingMessage, res: ServerResponse, match: RegExpExecArray, query: URLSearchParams): Promise<void> => {
    const room = decodeSegment(match[1] as string);
    if (room === null || !isValidRoomId(room)) throw new HttpError(400, 'invalid room id');
    const [, , which, action] = match;
    if (which === 'changes' && action !== undefined) throw new HttpError(404, 'no such API');
    const allowed = which === undefined ? ['GET', 'POST'] : action === undefined ? ['GET'] : ['POST'];
    if (!allowed.includes(req.method === 'HEAD' ? 'GET' : (req.method ?? ''))) throw new HttpError(405, `use ${allowed.join(' or ')}`, { allow: allowed.join(', ') });
    const write = req.method === 'POST';
    const check = await ctx.access.roleOf(room, req.headers.authorization);
    if (!check.ok) throw new HttpError(check.status, check.reason);
    const { role } = check.claims;
    if (write && role !== Role.Editor) throw new HttpError(403, 'viewers can look at the history of a board but not change the board');

    if (!write && which === undefined) {
      const list = await history.list(room);
      const body: HistoryListResponse = { room, role, versions: list.versions, head: list.head, pruned: list.pruned, limits: { ...history.limits, usedBytes: list.bytes } };
      return sendJson(res, 200, body);
    }
    if (which === 'changes') {
      const [upto, after] = ['upto', 'after'].map((name) => {
        const raw = query.get(name);
        if (raw !== null && !/^\d{1,15}$/.test(raw)) throw new HttpError(400, `${name} must be a position (a version id)`);
        return raw === null ? null : Number(raw);
      });
      const parts = await history.parts(room, upto ?? null);
      return sendBinary(res, encodeHistoryParts(after === null || after === undefined ? parts : parts.filter((part) => part.end > after)));
    }
    if (!write) return sendBinary(res, await history.state(room, (await versionOf(room, Number(which))).id));

    const body = await readJson(req, ctx.bodyTimeoutMs);
    const by = caller(body);
    if (which === undefined) {
      const version = await history.addVersion(room, text(body, 'name', true));
      if (!version) throw new HttpError(409, 'this board has no changes yet: there is nothing to name');
      ctx.log.info({ room, version: version.id }, 'version named');
      return sendJson(res, 201, version);
    }
    const version = await versionOf(room, Number(which));
    const who = by?.name ?? 'Someone';
    if (action === 'restore') {
      const result = await changeBoard(room, by, `Before ${who} restored an earlier version`, () => history.undoSince(room, version.id, null));
      ctx.log.info({ room, version: version.id, changed: result.changed }, 'version restored');
      return sendJson(res, 200, result);
    }
    const author = text(body, 'author', true) as string;
    const result = await changeBoard(room, by, `Before ${who} undid ${author}\u2019s changes`, () => history.undoSince(room, version.id, author));
    ctx.log.info({ room, version: version.id, changed: result.changed }, "a person's changes reverted");
    sendJson(res, 200, result);
  };

  return (req, res, target) => {
    const match = PATH.exec(target.pathname);
    return match ? respond(req, res, match, target.query) : null;
  };
}
