/**
 * Who changed what. Every stored update carries its author (the name and colour its connection had in presence when
 * it was stored, or none: the server, or a client without presence). Once updates are folded into history segments
 * (segments.ts), a segment keeps, per author, what they created and what they deleted, each as a Yjs update holding
 * only a delete set: `created` marks the ranges of item ids the author's updates brought (Yjs ids are client and clock,
 * so a range names the items exactly), `deleted` the items their updates deleted. Both are valid Yjs updates, so
 * `Y.mergeUpdates` unions them and `Y.decodeUpdate(...).ds` reads them back, and reverting a person is Yjs' own undo
 * of exactly those two sets (revert.ts).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { HistoryAuthor } from '../../protocol/history';

/** Who made a change, as the room knew them when it was stored. */
export type Author = HistoryAuthor;

/** An author's share of some changes: what they created and deleted, as delete-set-only updates. */
export interface AuthorShare { author: Author | null; created: Uint8Array; deleted: Uint8Array }

const UNKNOWN = '';

/** A Yjs update (format v1) with no structs and the given delete set: `ranges` per client, `[clock, length]`. */
export function deleteSetUpdate(ranges: ReadonlyMap<number, ReadonlyArray<readonly [number, number]>>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // no structs
  const clients = [...ranges].filter(([, list]) => list.length > 0).sort((a, b) => b[0] - a[0]);
  encoding.writeVarUint(encoder, clients.length);
  for (const [client, list] of clients) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, list.length);
    for (const [clock, length] of list) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, length);
    }
  }
  return encoding.toUint8Array(encoder);
}

export const EMPTY_SET = deleteSetUpdate(new Map());

/** The item ids an update creates: per client, from its first to its last clock. */
function createdBy(update: Uint8Array): Uint8Array {
  const { from, to } = Y.parseUpdateMeta(update);
  const ranges = new Map<number, Array<[number, number]>>();
  for (const [client, start] of from) {
    const end = to.get(client) ?? start;
    if (end > start) ranges.set(client, [[start, end - start]]);
  }
  return deleteSetUpdate(ranges);
}

/** The delete set of `update` alone, as an update. */
function deletedBy(update: Uint8Array): Uint8Array {
  const ranges = new Map<number, Array<[number, number]>>();
  for (const [client, items] of Y.decodeUpdate(update).ds.clients) ranges.set(client, items.map((item) => [item.clock, item.len]));
  return deleteSetUpdate(ranges);
}

function sameAuthor(a: Author | null, b: Author | null): boolean {
  return (a?.name ?? UNKNOWN) === (b?.name ?? UNKNOWN) && (a?.color ?? '') === (b?.color ?? '');
}

/** Who made `updates` (each with its author), one share per author, in order of first appearance. */
export function attribute(updates: ReadonlyArray<{ data: Uint8Array; author: Author | null }>): AuthorShare[] {
  const groups: Array<{ author: Author | null; created: Uint8Array[]; deleted: Uint8Array[] }> = [];
  for (const { data, author } of updates) {
    let group = groups.find((g) => sameAuthor(g.author, author));
    if (!group) groups.push((group = { author, created: [], deleted: [] }));
    group.created.push(createdBy(data));
    group.deleted.push(deletedBy(data));
  }
  return groups.map(({ author, created, deleted }) => ({ author, created: Y.mergeUpdates(created), deleted: Y.mergeUpdates(deleted) }));
}

/** Shares as they are stored beside a segment. */
export function encodeShares(shares: readonly AuthorShare[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, shares.length);
  for (const share of shares) {
    encoding.writeVarString(encoder, share.author?.name ?? UNKNOWN);
    encoding.writeVarString(encoder, share.author?.color ?? '');
    encoding.writeVarUint8Array(encoder, share.created);
    encoding.writeVarUint8Array(encoder, share.deleted);
  }
  return encoding.toUint8Array(encoder);
}

export function decodeShares(bytes: Uint8Array): AuthorShare[] {
  const decoder = decoding.createDecoder(bytes);
  const count = decoding.readVarUint(decoder);
  const shares: AuthorShare[] = [];
  for (let i = 0; i < count; i++) {
    const name = decoding.readVarString(decoder);
    const color = decoding.readVarString(decoder);
    const created = decoding.readVarUint8Array(decoder);
    const deleted = decoding.readVarUint8Array(decoder);
    shares.push({ author: name === UNKNOWN ? null : { name, color }, created, deleted });
  }
  return shares;
}

/** The distinct authors of some shares (or updates), in order of first appearance; the unknown one last. */
export function authorsOf(authors: Iterable<Author | null>): Author[] {
  const seen = new Map<string, Author>();
  for (const author of authors) if (author && !seen.has(author.name)) seen.set(author.name, author);
  return [...seen.values()];
}

/** An author as stored beside a log entry (JSON), or null. */
export function readAuthor(json: string | null): Author | null {
  if (json === null) return null;
  try {
    const value = JSON.parse(json) as Partial<Author>;
    return typeof value.name === 'string' ? { name: value.name, color: typeof value.color === 'string' ? value.color : '' } : null;
  } catch {
    return null;
  }
}

export function writeAuthor(author: Author | null): string | null {
  return author ? JSON.stringify({ name: author.name, color: author.color }) : null;
}
