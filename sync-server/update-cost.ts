/**
 * What a Yjs update will cost in memory once applied, read from its bytes without building anything. Encoded size says
 * little: an empty object is two bytes on the wire and ~60 in memory, each struct an ~200-byte `Item`, so a 15.6 MB
 * update of empty objects grew a room by ~700 MB. The walk follows Yjs' V1 format (yjs src/utils/encoding.js
 * readClientsStructRefs and the content readers): per client its structs, then the delete set; content is counted, not
 * decoded. Anything that does not decode (Yjs would throw on it too) has no counts, and costs its size.
 */
import * as decoding from 'lib0/decoding';
import { orNull } from './or-null';

/**
 * Bytes of V8 heap per counted thing, rounded up from bench/server/experiments/update-cost.ts (Node 20, applied
 * documents, after a forced GC). Against the real heap the estimate came to 1.1–1.4× for hostile shapes (empty objects,
 * one-element arrays, map entries, text inserts, nested maps) and ~1.1× for the app's own boards; strings and binaries
 * count their encoded bytes twice (decoded, and in the room's cached encoding), ~2×.
 */
export const COST_BYTES = {
  struct: 200, // a GC range, skip or item (a list item: ~195)
  mapEntry: 250, // an item with a key: the map holds an entry for it (~495 with its key and `{}` value)
  value: 16, // a plain value in `any`/JSON/embed content (a number in an array: ~9)
  object: 72, // an object in `any` content, nested or not (empty: ~66)
  array: 200, // an array in `any` content (one element: ~195, lib0 grows it to 17 slots)
  key: 40, // a key of such an object
  stringByte: 1, // strings: content, keys, values, parent and map keys
  binaryByte: 1,
  type: 600, // a new shared type (Y.Map, Y.Array, Y.Text, XML) or subdocument (a Y.Map of three fields: ~1,840)
  deleteRange: 40, // a range in the delete set
} as const;

export type UpdateCounts = Record<keyof typeof COST_BYTES, number>;

/** Bytes an update will hold once applied (an upper estimate), its encoding included: the room caches one (full-state.ts). */
export function updateCostBytes(update: Uint8Array): number { return costOf(countUpdate(update)) + update.length; }

export function costOf(counts: UpdateCounts | null): number {
  return (Object.keys(COST_BYTES) as Array<keyof UpdateCounts>).reduce((sum, thing) => sum + (counts?.[thing] ?? 0) * COST_BYTES[thing], 0);
}

const BITS5 = 31;
const BIT6 = 32;
const BIT7 = 64;
const BIT8 = 128;

/** Type refs whose content carries a key (YXmlElement's node name, YXmlHook's hook name). */
const XML_ELEMENT = 3;
const XML_HOOK = 5;
const LAST_TYPE_REF = 6;

/** What the update holds, by kind; null if it does not decode. */
export function countUpdate(update: Uint8Array): UpdateCounts | null {
  const counts: UpdateCounts = { struct: 0, mapEntry: 0, value: 0, object: 0, array: 0, key: 0, stringByte: 0, binaryByte: 0, type: 0, deleteRange: 0 };
  const decoder = decoding.createDecoder(update);
  return orNull(() => {
    for (let clients = decoding.readVarUint(decoder); clients > 0; clients--) {
      const structs = decoding.readVarUint(decoder);
      skipId(decoder); // the client and its first clock
      for (let s = 0; s < structs; s++) {
        const info = decoding.readUint8(decoder);
        counts.struct++;
        const ref = info & BITS5;
        if (ref === 0 || ref === 10) {
          decoding.readVarUint(decoder); // length of a GC or Skip
          continue;
        }
        if (info & BIT8) skipId(decoder);
        if (info & BIT7) skipId(decoder);
        if ((info & (BIT7 | BIT8)) === 0) {
          // Parent: a root type's name, or the ID of the item holding the type.
          if (decoding.readVarUint(decoder) === 1) counts.stringByte += skipString(decoder);
          else skipId(decoder);
          if (info & BIT6) {
            counts.stringByte += skipString(decoder); // parentSub: the key in its map
            counts.mapEntry++;
          }
        }
        countContent(decoder, ref, counts);
      }
    }
    for (let clients = decoding.readVarUint(decoder); clients > 0; clients--) {
      decoding.readVarUint(decoder); // client
      for (let ranges = decoding.readVarUint(decoder); ranges > 0; ranges--) {
        skipId(decoder); // clock and length
        counts.deleteRange++;
      }
    }
    return counts;
  });
}

/** Skips two varUints: an ID, or a clock and a length. */
function skipId(decoder: decoding.Decoder): void {
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
}

function skipString(decoder: decoding.Decoder): number { return decoding.readVarUint8Array(decoder).length; }

function countContent(decoder: decoding.Decoder, ref: number, counts: UpdateCounts): void {
  if (ref === 1) decoding.readVarUint(decoder); // deleted: a length
  else if (ref === 2) for (let i = decoding.readVarUint(decoder); i > 0; i--) countJson(skipString(decoder), counts); // JSON strings
  else if (ref === 3) counts.binaryByte += skipString(decoder);
  else if (ref === 4) counts.stringByte += skipString(decoder);
  else if (ref === 5) countJson(skipString(decoder), counts); // embed: JSON
  else if (ref === 8) for (let i = decoding.readVarUint(decoder); i > 0; i--) countAny(decoder, counts); // any: values
  else if (ref === 6) {
    counts.stringByte += skipString(decoder); // format: a key and JSON
    countJson(skipString(decoder), counts);
  } else if (ref === 7) {
    const typeRef = decoding.readVarUint(decoder); // a new shared type
    if (typeRef > LAST_TYPE_REF) throw new Error(`unknown type ref ${typeRef}`);
    if (typeRef === XML_ELEMENT || typeRef === XML_HOOK) counts.stringByte += skipString(decoder);
    counts.type++;
  } else if (ref === 9) {
    counts.stringByte += skipString(decoder); // a subdocument: its guid and options
    countAny(decoder, counts);
    counts.type++;
  } else {
    throw new Error(`unknown content ref ${ref}`);
  }
}

/** JSON content is parsed by Yjs: as costly as the values it holds; a string's bytes stand in. */
function countJson(bytes: number, counts: UpdateCounts): void {
  counts.value++;
  counts.stringByte += bytes;
}

/** lib0 `any` numbers, by tag: integer, float32, float64, bigint. (120, 121, 126, 127: true, false, null, undefined.) */
const READ_NUMBER: Readonly<Record<number, (decoder: decoding.Decoder) => unknown>> = {
  125: decoding.readVarInt,
  124: decoding.readFloat32,
  123: decoding.readFloat64,
  122: decoding.readBigInt64,
};

/** Walks one lib0 `any` value (readAny) without building it, with a stack, not recursion: no nesting exhausts the call stack. */
function countAny(decoder: decoding.Decoder, counts: UpdateCounts): void {
  const open = [{ isObject: false, left: 1 }]; // the value, as if the one element of an array
  for (;;) {
    // The next value to read is the next element of the innermost open array or object.
    while (open.length > 0 && open[open.length - 1]?.left === 0) open.pop();
    const frame = open[open.length - 1];
    if (!frame) return;
    frame.left--;
    if (frame.isObject) {
      counts.stringByte += skipString(decoder);
      counts.key++;
    }
    const tag = decoding.readUint8(decoder);
    if (tag === 118 || tag === 117) {
      // An object (its keys and values follow) or an array (its elements).
      counts[tag === 118 ? 'object' : 'array']++;
      open.push({ isObject: tag === 118, left: decoding.readVarUint(decoder) });
      continue;
    }
    if (tag < 116 || tag > 127) throw new Error(`unknown any tag ${tag}`);
    counts.value++;
    if (tag === 119) counts.stringByte += skipString(decoder);
    else if (tag === 116) counts.binaryByte += skipString(decoder);
    else READ_NUMBER[tag]?.(decoder);
  }
}
