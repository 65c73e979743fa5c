/**
 * Applies a client's Yjs update only if it integrates completely. Of 20,000 mutated updates (yjs 13.6,
 * bench/server/experiments/yjs-malformed-updates.mjs) ~5% throw half-way, after integrating some structs: refused. A
 * third leave "pending" structs, which Yjs would put in every state it encodes. Yet an edit a reconnecting client makes
 * before its step 2 (its offline edits) arrives depends on it: so the remainder is reported (V2) for the room to hold,
 * and pending state is always reset. Yjs does not check a new item's origins either: one out of order is placed
 * differently by each replica, for good, so each new item's origins must be found walking from it, within a bound.
 */
import * as Y from 'yjs';

export const UpdateEncoding = { V1: 'v1', V2: 'v2' } as const;

export type UpdateEncoding = (typeof UpdateEncoding)[keyof typeof UpdateEncoding];

export type GuardResult =
  | { type: 'applied' }
  /** What integrated was applied; `remainder` (V2) still lacks dependencies. */
  | { type: 'incomplete'; remainder: Uint8Array[] }
  | { type: 'refused'; reason: string };

/** Items an honest item can have between itself and an origin: concurrent inserts there. */
const MAX_ORIGIN_DISTANCE = 10_000;

export const MALFORMED_REASON = 'the document update is malformed';
export const OUT_OF_ORDER_REASON = 'the document update places content out of order';
export const INCOMPLETE_REASON = 'the document update depends on changes this board does not have';

export function applyGuardedUpdate(doc: Y.Doc, update: Uint8Array, origin: unknown, format: UpdateEncoding = UpdateEncoding.V1): GuardResult {
  const store = doc.store;
  let before: Map<number, number> | null = null;
  let after: Map<number, number> | null = null;
  const onTransaction = (transaction: Y.Transaction): void => {
    before ??= transaction.beforeState;
    after = transaction.afterState;
  };
  doc.on('afterTransaction', onTransaction);
  try {
    if (format === UpdateEncoding.V2) Y.applyUpdateV2(doc, update, origin);
    else Y.applyUpdate(doc, update, origin);
  } catch {
    return clearPending(store, { type: 'refused', reason: MALFORMED_REASON });
  } finally {
    doc.off('afterTransaction', onTransaction);
  }
  if (before && after && !newItemsAreInOrder(store, before, after)) return clearPending(store, { type: 'refused', reason: OUT_OF_ORDER_REASON });
  const { pendingStructs, pendingDs } = store;
  if (pendingStructs === null && pendingDs === null) return { type: 'applied' };
  const remainder = [...(pendingStructs ? [pendingStructs.update] : []), ...(pendingDs ? [pendingDs] : [])];
  return clearPending(store, { type: 'incomplete', remainder });
}

/** Drops what Yjs parked as pending (it would go into every state the room encodes); returns `result`. */
function clearPending(store: Y.Doc['store'], result: GuardResult): GuardResult {
  store.pendingStructs = null;
  store.pendingDs = null;
  return result;
}

function contains(struct: Y.Item, id: Y.ID): boolean {
  return struct.id.client === id.client && struct.id.clock <= id.clock && id.clock < struct.id.clock + struct.length;
}

/** Whether walking from `start` along `step` reaches the item holding `id` within the bound. */
function reaches(start: Y.Item | null, id: Y.ID, step: (item: Y.Item) => Y.Item | null): boolean {
  let current = start;
  for (let steps = 0; current !== null && steps <= MAX_ORIGIN_DISTANCE; steps++) {
    if (contains(current, id)) return true;
    current = step(current);
  }
  return false;
}

function newItemsAreInOrder(store: Y.Doc['store'], before: Map<number, number>, after: Map<number, number>): boolean {
  for (const [client, end] of after) {
    const start = before.get(client) ?? 0;
    const structs = store.clients.get(client);
    if (end <= start || !structs) continue;
    for (let i = Y.findIndexSS(structs, start); i < structs.length; i++) {
      const struct = structs[i] as Y.Item | Y.GC;
      if (struct.id.clock >= end) break;
      if (!(struct instanceof Y.Item) || !(struct.parent instanceof Y.AbstractType)) continue;
      if (struct.origin && !reaches(struct.left, struct.origin, (item) => item.left)) return false;
      if (struct.rightOrigin && !reaches(struct.right, struct.rightOrigin, (item) => item.right)) return false;
    }
  }
  return true;
}
