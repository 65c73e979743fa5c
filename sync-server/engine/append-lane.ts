/**
 * The fast lane for what a room receives dozens of times a second while someone draws: numbers appended to the end of a
 * stroke's points. Such an update is checked against the document without being applied, relayed at once, then applied
 * and stored with the rest of its burst, one Yjs transaction and one append per `APPEND_BATCH_MS`. Applied one by one on
 * arrival, each cost ~150–200 µs of CPU at 60 Hz (a cold transaction, its update event, a storage message): 3.3× the
 * send floor with 50 readers, where issue #20 allows 1.15×, i.e. ~66 µs per update beyond the sends (bench/server
 * fan-out, bench/NOTES.md). The check passes only what the update guard (update-guard.ts) cannot refuse: one new item of
 * plain numbers (no strings: Yjs throws on bad UTF-8), from the writer's next clock, placed after an item that ends its
 * list (nothing between, so nothing out of order, nothing pending), deleting nothing. Anything else takes the usual path.
 * A cluster's room has a second lane for the points drawn elsewhere (`REMOTE_BATCH_MS`); neither lane applies the other
 * first, and neither takes a writer or a starting item the other holds.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import type { UpdateCounts } from '../update-cost';

/** How long appended points wait for their burst (24 at 60 Hz): 100 ms cost 4–29% more fan-out CPU (bench/NOTES.md). */
export const APPEND_BATCH_MS = 400;
/**
 * How long points drawn on another instance of a cluster wait here: they are stored and acknowledged there, so only a
 * joiner or a local change needs them applied, and each of those applies them first. At the 10 Hz of bench:cluster's
 * room-spread load, 100 ms batched nothing and every instance applied every point cold (1.72× one instance's CPU per
 * delivered message, issue #21 allows 1.5×).
 */
export const REMOTE_BATCH_MS = 1_000;

const ANY_CONTENT = 8;
const HAS_ORIGIN = 128;
const HAS_RIGHT_ORIGIN = 64;

/** One writer's appends in a batch: each after the one before, the first after `origin`, which ended its list. */
interface Chain { peer: number; client: number; next: number; origin: Y.ID }

/** The new item of a plain append: its writer, clock, length and left neighbour; null if the update is not one. */
function readPlainAppend(update: Uint8Array, counts: UpdateCounts): { client: number; clock: number; origin: Y.ID } | null {
  const { struct, value, deleteRange, stringByte, binaryByte, type, object, array } = counts;
  if (struct !== 1 || deleteRange + stringByte + binaryByte + type + object + array > 0 || value === 0) return null;
  const decoder = decoding.createDecoder(update);
  decoding.readVarUint(decoder); // one client, one struct
  decoding.readVarUint(decoder);
  const client = decoding.readVarUint(decoder);
  const clock = decoding.readVarUint(decoder);
  const info = decoding.readUint8(decoder);
  if ((info & 31) !== ANY_CONTENT || (info & HAS_ORIGIN) === 0 || (info & HAS_RIGHT_ORIGIN) !== 0) return null;
  return { client, clock, origin: Y.createID(decoding.readVarUint(decoder), decoding.readVarUint(decoder)) };
}

/** Whether the document's item holding `id` ends there and ends its list. */
function endsList(doc: Y.Doc, id: Y.ID): boolean {
  if (id.clock >= Y.getState(doc.store, id.client)) return false;
  const structs = doc.store.clients.get(id.client) ?? [];
  const item = structs[Y.findIndexSS(structs, id.clock)];
  return item instanceof Y.Item && item.right === null && item.id.clock + item.length - 1 === id.clock && item.parent instanceof Y.AbstractType;
}

/** Plain appends relayed and waiting to be applied, each writer's in one transaction; anything else applies them first. */
export class AppendBatch {
  private chains: Chain[] = [];
  private updates: Array<[peer: number, update: Uint8Array]> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly apply: (peer: number, updates: Uint8Array[]) => void, private readonly windowMs = APPEND_BATCH_MS) {}

  /**
   * Takes `update` (its `counts` read) from `peer` if it is a plain append that cannot be refused; false: it is not one.
   * `beside`: the other lane, whose writers and starting items this one leaves alone, so that either may apply first.
   */
  take(doc: Y.Doc, peer: number, update: Uint8Array, counts: UpdateCounts, beside: AppendBatch | null = null): boolean {
    const append = readPlainAppend(update, counts);
    if (!append) return false;
    const { client, clock, origin } = append;
    const chain = this.chains.find((c) => c.client === client);
    // After its writer's last item in the batch, which ends its list once applied; or after one that ends a list now,
    // that no chain of either lane starts from, by a writer with no chain in either.
    const claimed = (lane: AppendBatch | null): boolean => !!lane?.chains.some((c) => c.client === client || Y.compareIDs(c.origin, origin));
    const fits = chain
      ? chain.peer === peer && clock === chain.next && origin.client === client && origin.clock === clock - 1
      : clock === Y.getState(doc.store, client) && endsList(doc, origin) && !claimed(this) && !claimed(beside);
    if (!fits) return false;
    if (chain) chain.next += counts.value;
    else this.chains.push({ peer, client, next: clock + counts.value, origin });
    this.updates.push([peer, update]);
    this.timer ??= setTimeout(this.flush, this.windowMs);
    return true;
  }

  readonly flush = (): void => {
    if (this.updates.length === 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const updates = this.updates;
    this.updates = [];
    this.chains = [];
    // Chains are in lists of their own: each writer's apply in turn, as one update with its author.
    for (const peer of new Set(updates.map(([from]) => from))) this.apply(peer, updates.filter(([from]) => from === peer).map(([, update]) => update));
  };
}
