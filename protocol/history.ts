/**
 * Version history as the sync server's history API serves it (sync-server/history/history-api.ts, docs/PROTOCOL.md
 * §19), shared with its clients. A version is a position in a room's stored changes: its id is that position, so ids
 * grow with time and the state at a version is every stored change up to its id.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Role } from './role';

/** Who changed the board: the name and colour they had in presence when the change was stored. */
export interface HistoryAuthor {
  name: string;
  color: string;
}

export interface VersionInfo {
  /** The version's position in the room's stored changes. */
  id: number;
  /** When it was made, in milliseconds since the epoch. */
  at: number;
  /** Given by a person ("Before the client review"); null for a version made automatically. */
  name: string | null;
  /** Who changed the board since the version before, as they were named then. */
  authors: HistoryAuthor[];
}

export const PruneReason = { Age: 'age', Size: 'size' } as const;
export type PruneReason = (typeof PruneReason)[keyof typeof PruneReason];

/** Older versions were forgotten: why, and when. */
export interface HistoryPruned {
  reason: PruneReason;
  at: number;
}

export interface HistoryListResponse {
  room: string;
  /** The role of the token the request was made with: viewers may look, not restore or revert. */
  role: Role;
  /** Oldest first. */
  versions: VersionInfo[];
  /** The position of the newest stored change: past the last version's id, the board changed since. */
  head: number;
  pruned: HistoryPruned | null;
  /** The server's history settings: size cap (bytes per board) and retention (days); null: none. */
  limits: { maxBytes: number | null; keepDays: number | null; usedBytes: number };
}

/** Body of `POST …/history` (a named version) and `POST …/history/<id>/revert` (whose changes). */
export interface NameVersionRequest { name: string }
export interface RevertRequest { author: string }

/** Answer to a restore or a revert: the version made just before it (to go back), and whether anything changed. */
export interface HistoryChangeResponse {
  changed: boolean;
  before: VersionInfo | null;
}

/** Longest version name, in characters. */
export const MAX_VERSION_NAME_LENGTH = 100;

/** A stored change up to position `end`, as `GET …/history/changes` sends them. */
export interface HistoryPart {
  end: number;
  update: Uint8Array;
}

/** `GET …/history/changes`: [varUint count] then, per part, [varUint end][varUint8Array update], oldest first. */
export function encodeHistoryParts(parts: readonly HistoryPart[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, parts.length);
  for (const part of parts) {
    encoding.writeVarUint(encoder, part.end);
    encoding.writeVarUint8Array(encoder, part.update);
  }
  return encoding.toUint8Array(encoder);
}

export function decodeHistoryParts(bytes: Uint8Array): HistoryPart[] {
  const decoder = decoding.createDecoder(bytes);
  const count = decoding.readVarUint(decoder);
  const parts: HistoryPart[] = [];
  for (let i = 0; i < count; i++) parts.push({ end: decoding.readVarUint(decoder), update: decoding.readVarUint8Array(decoder) });
  return parts;
}

/** A board's history as a `.whiteboard` file keeps it (board-file.ts): its versions and the changes behind them. */
export interface LocalHistoryData {
  versions: VersionInfo[];
  parts: HistoryPart[];
  /** The position of the newest change recorded. */
  head: number;
  /** When older versions were last forgotten (the file's size cap), if ever. */
  pruned: HistoryPruned | null;
}

/** The layout of the history in a file; a file from a later layout is read without its history. */
const LOCAL_HISTORY_LAYOUT = 1;

/**
 * [varUint layout][varUint head][varUint pruned at, 0 for never][varUint versions]{[varUint id][varUint at]
 * [varString name, '' for none][varUint authors]{[varString name][varString color]}}[parts as encodeHistoryParts]
 */
export function encodeLocalHistory(history: LocalHistoryData): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, LOCAL_HISTORY_LAYOUT);
  encoding.writeVarUint(encoder, history.head);
  encoding.writeVarUint(encoder, history.pruned ? Math.max(1, Math.round(history.pruned.at)) : 0);
  encoding.writeVarUint(encoder, history.versions.length);
  for (const version of history.versions) {
    encoding.writeVarUint(encoder, version.id);
    encoding.writeVarUint(encoder, Math.max(0, Math.round(version.at)));
    encoding.writeVarString(encoder, version.name ?? '');
    encoding.writeVarUint(encoder, version.authors.length);
    for (const author of version.authors) {
      encoding.writeVarString(encoder, author.name);
      encoding.writeVarString(encoder, author.color);
    }
  }
  encoding.writeUint8Array(encoder, encodeHistoryParts(history.parts));
  return encoding.toUint8Array(encoder);
}

/** The history in a file; null for a layout this version does not know. Throws on bytes that are not one. */
export function decodeLocalHistory(bytes: Uint8Array): LocalHistoryData | null {
  const decoder = decoding.createDecoder(bytes);
  if (decoding.readVarUint(decoder) !== LOCAL_HISTORY_LAYOUT) return null;
  const head = decoding.readVarUint(decoder);
  const prunedAt = decoding.readVarUint(decoder);
  const count = decoding.readVarUint(decoder);
  const versions: VersionInfo[] = [];
  for (let i = 0; i < count; i++) {
    const id = decoding.readVarUint(decoder);
    const at = decoding.readVarUint(decoder);
    const name = decoding.readVarString(decoder);
    const authors: HistoryAuthor[] = [];
    const authorCount = decoding.readVarUint(decoder);
    for (let j = 0; j < authorCount; j++) authors.push({ name: decoding.readVarString(decoder), color: decoding.readVarString(decoder) });
    versions.push({ id, at, name: name === '' ? null : name, authors });
  }
  const parts = decodeHistoryParts(decoding.readTailAsUint8Array(decoder));
  return { versions, parts, head, pruned: prunedAt === 0 ? null : { reason: PruneReason.Size, at: prunedAt } };
}
