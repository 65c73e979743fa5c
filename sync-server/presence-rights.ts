/**
 * Who may say what in a room's presence (y-protocols awareness). An awareness update is a list
 * of entries `(client id, clock, state JSON)`, and y-protocols applies any entry whose clock is
 * newer, from anyone. On a relay that lets one connection rename, remove or pin (clock 2^53 − 1)
 * another person's presence. So entries are checked here, as a pure function of the update and
 * the room's presence, before anything is applied:
 *
 * - Only entries that would change something count: y-protocols applies an entry whose clock is
 *   newer than the room's, or a removal at the same clock. Official y-websocket clients echo
 *   every presence change they hear back to the server, other people's included, at the clock
 *   they heard it with; those echoes change nothing and pass.
 * - A connection owns the client ids it announced first (nearly always one: its Y.Doc's id).
 *   It may set, change or remove only those. One exception passes without effect: a removal, at
 *   the room's clock, of an entry someone else owns. That is what a y-websocket client echoes
 *   when its own 30 s timeout dropped a quiet peer, and closing it for that would punish an
 *   honest client; the entry is taken out of the update instead. An entry for an id another connection owns is
 *   *contested*: either a forgery, or the same client back on a new connection while the server
 *   has not yet noticed that its old one died (a network change). The room tells them apart by
 *   pinging the owner (room.ts); nothing of the update is applied meanwhile.
 * - A connection may own a few ids, never more: every id it owns is kept, and sent to every
 *   joiner, until it leaves.
 * - An entry's state is at most a few KiB, and its clock may not jump absurdly past the one the
 *   room knows.
 *
 * Limits are in constants.ts and docs/PROTOCOL.md.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Awareness } from 'y-protocols/awareness';
import { PRESENCE_MAX_CLOCK_STEP, PRESENCE_MAX_ENTRY_BYTES, PRESENCE_MAX_IDS_PER_CONNECTION } from './constants';

/** What the check needs to know of the room's presence. */
export interface PresenceOwnership {
  /** The connection (transaction origin) that owns `clientId`, if one does. */
  ownerOf(clientId: number): unknown;
}

export type PresenceVerdict =
  /**
   * Every entry that takes effect is the sender's to set; `claims` are ids it announces for the
   * first time. `update` is what to apply: the update itself, or a copy without the entries
   * that must pass without effect.
   */
  | { type: 'allowed'; claims: number[]; update: Uint8Array }
  /** Some entries belong to other connections (`owners`, without repeats). */
  | { type: 'contested'; owners: unknown[]; clientIds: number[] }
  /** The update cannot be decoded: a protocol error. */
  | { type: 'malformed' }
  /** The update decodes but breaks a rule: a policy violation, with the reason. */
  | { type: 'refused'; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Entries in one update: a client echoes a room's worth of changes back at most. */
const MAX_ENTRIES_PER_UPDATE = 1_000;

interface Entry {
  clientId: number;
  clock: number;
  /** The state as its JSON bytes. */
  state: Uint8Array;
  isRemoval: boolean;
}

/** Every entry of the update, decoded in full; null if any part of it does not decode. */
function readEntries(update: Uint8Array): Entry[] | null {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > MAX_ENTRIES_PER_UPDATE) return null;
    const entries: Entry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarUint8Array(decoder);
      entries.push({ clientId, clock, state, isRemoval: JSON.parse(utf8.decode(state)) === null });
    }
    return entries;
  } catch {
    return null;
  }
}

/**
 * Checks an awareness update from `sender` (a transaction origin) that already owns `owned`
 * ids. Nothing is applied or recorded: the caller claims and applies on `allowed`.
 */
export function checkPresence(update: Uint8Array, sender: unknown, owned: number, awareness: Awareness, ownership: PresenceOwnership): PresenceVerdict {
  const entries = readEntries(update);
  if (!entries) return { type: 'malformed' };
  const claims: number[] = [];
  const owners = new Set<unknown>();
  const contestedIds: number[] = [];
  const kept: Entry[] = [];
  for (const entry of entries) {
    const { clientId, clock } = entry;
    if (entry.state.length > PRESENCE_MAX_ENTRY_BYTES) return { type: 'refused', reason: `a presence entry may hold at most ${PRESENCE_MAX_ENTRY_BYTES} bytes` };
    const known = awareness.meta.get(clientId)?.clock ?? 0;
    const owner = ownership.ownerOf(clientId);
    // As y-protocols decides it: a newer clock, or a removal at the same one.
    const takesEffect = clock > known || (clock === known && entry.isRemoval && awareness.states.has(clientId));
    if (!takesEffect) {
      kept.push(entry);
      continue;
    }
    if (clock === known && owner !== undefined && owner !== sender) continue; // an echoed timeout
    kept.push(entry);
    if (clock > known + PRESENCE_MAX_CLOCK_STEP) return { type: 'refused', reason: `presence clock ${clock} jumps too far ahead of ${known}` };
    if (owner === sender) continue;
    if (owner !== undefined) {
      owners.add(owner);
      contestedIds.push(clientId);
    } else if (!claims.includes(clientId)) {
      claims.push(clientId);
      if (owned + claims.length > PRESENCE_MAX_IDS_PER_CONNECTION) {
        return { type: 'refused', reason: `a connection may announce at most ${PRESENCE_MAX_IDS_PER_CONNECTION} presence ids` };
      }
    }
  }
  if (owners.size > 0) return { type: 'contested', owners: [...owners], clientIds: contestedIds };
  return { type: 'allowed', claims, update: kept.length === entries.length ? update : encodeEntries(kept) };
}

/** An awareness update of exactly these entries. */
function encodeEntries(entries: readonly Entry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarUint8Array(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}
