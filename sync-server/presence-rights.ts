/**
 * Who may say what in a room's presence. y-protocols applies any awareness entry `(client id, clock, state)` with a newer
 * clock, from anyone, so entries are checked here, purely, before anything is applied. Only entries that change
 * something count (y-websocket clients echo what they hear). A connection owns the ids it announced first (a few at
 * most) and may set or remove only those; a removal at the room's clock of another's entry passes without effect (a
 * client echoes its 30 s timeout). Any other entry for another's id is *contested*: a forgery, or the same client on a
 * new connection before its old one was seen to die; the room pings the owner to tell which.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Awareness } from 'y-protocols/awareness';
import { PRESENCE_MAX_ENTRY_BYTES } from '../protocol/limits';
import { orNull } from './or-null';

export interface PresenceOwnership {
  /** The connection (transaction origin) that owns `clientId`, if one does. */
  ownerOf(clientId: number): unknown;
}

export type PresenceVerdict =
  /** `claims`: ids announced for the first time; `update`: what to apply (without entries that pass without effect). */
  | { type: 'allowed'; claims: number[]; update: Uint8Array }
  /** Some entries belong to other connections (`owners`, without repeats). */
  | { type: 'contested'; owners: unknown[] }
  | { type: 'malformed' }
  /** The update decodes but breaks a rule. */
  | { type: 'refused'; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Entries in one update: a client echoes a room's worth of changes back at most. */
const MAX_ENTRIES_PER_UPDATE = 1_000;
/** Presence ids one connection may announce: a client announces one; each is kept until it goes. */
export const PRESENCE_MAX_IDS_PER_CONNECTION = 4;
/** How far a presence clock may jump: over a week of cursor moves, while 2^53 − 1 would pin an entry. */
const PRESENCE_MAX_CLOCK_STEP = 2 ** 24;

interface Entry { clientId: number; clock: number; state: Uint8Array; isRemoval: boolean }

/** Every entry of the update, decoded in full; null if any part of it does not decode. */
function readEntries(update: Uint8Array): Entry[] | null {
  return orNull(() => {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > MAX_ENTRIES_PER_UPDATE) return null;
    const entries: Entry[] = [];
    for (let i = 0; i < count; i++) {
      const [clientId, clock, state] = [decoding.readVarUint(decoder), decoding.readVarUint(decoder), decoding.readVarUint8Array(decoder)];
      entries.push({ clientId, clock, state, isRemoval: JSON.parse(utf8.decode(state)) === null });
    }
    return entries;
  });
}

/** Checks an awareness update from `sender` (a transaction origin), which owns `owned` ids; the caller applies it. */
export function checkPresence(update: Uint8Array, sender: unknown, owned: number, awareness: Awareness, ownership: PresenceOwnership): PresenceVerdict {
  const entries = readEntries(update);
  if (!entries) return { type: 'malformed' };
  const claims: number[] = [];
  const owners = new Set<unknown>();
  const kept: Entry[] = [];
  for (const entry of entries) {
    const { clientId, clock } = entry;
    if (entry.state.length > PRESENCE_MAX_ENTRY_BYTES) return { type: 'refused', reason: `a presence entry may hold at most ${PRESENCE_MAX_ENTRY_BYTES} bytes` };
    const known = awareness.meta.get(clientId)?.clock ?? 0;
    const owner = ownership.ownerOf(clientId);
    // As y-protocols decides it: a newer clock, or a removal at the same one.
    const takesEffect = clock > known || (clock === known && entry.isRemoval && awareness.states.has(clientId));
    if (takesEffect && clock === known && owner !== undefined && owner !== sender) continue; // an echoed timeout
    kept.push(entry);
    if (!takesEffect) continue;
    if (clock > known + PRESENCE_MAX_CLOCK_STEP) return { type: 'refused', reason: `presence clock ${clock} jumps too far ahead of ${known}` };
    if (owner === sender) continue;
    if (owner !== undefined) owners.add(owner);
    else if (!claims.includes(clientId)) {
      claims.push(clientId);
      const max = PRESENCE_MAX_IDS_PER_CONNECTION;
      if (owned + claims.length > max) return { type: 'refused', reason: `a connection may announce at most ${max} presence ids` };
    }
  }
  if (owners.size > 0) return { type: 'contested', owners: [...owners] };
  return { type: 'allowed', claims, update: kept.length === entries.length ? update : encodeEntries(kept) };
}

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
