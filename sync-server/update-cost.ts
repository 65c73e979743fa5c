/**
 * What a Yjs update will cost in memory once applied, read from its bytes without building
 * anything. The encoded size says little about that: an empty object is two bytes on the wire
 * and a JavaScript object of ~60 bytes once decoded, and every struct becomes an `Item` of ~200
 * bytes with its IDs, so a 15.6 MB update of empty objects grew a room by ~700 MB. The room cap
 * counts this cost instead (room.ts), and the server's memory budget adds up the rooms'.
 *
 * The walk follows Yjs' V1 update format (yjs src/utils/encoding.js readClientsStructRefs and
 * the content readers): per client, its structs (GC, Skip, or Item with its origins, parent and
 * content), then the delete set. Content is counted, not decoded: values of `any` content are
 * walked without making objects, strings are measured by their byte length. Anything that does
 * not decode throws, like Yjs itself.
 *
 * The weights are bytes of V8 heap per counted thing, measured on Node 20 by
 * bench/server/experiments/update-cost.ts (applied documents, after a forced GC).
 */
import * as decoding from 'lib0/decoding';

/** What an update adds, counted. */
export interface UpdateCounts {
  /** Structs: GC ranges, skips and items. */
  structs: number;
  /** Items that are entries of a map (they carry a key): the map holds an entry for each. */
  mapEntries: number;
  /** Plain values inside `any`/JSON/embed content (numbers, strings, booleans, null). */
  values: number;
  /** Objects inside `any` content, nested or not. */
  objects: number;
  /** Arrays inside `any` content, nested or not. */
  arrays: number;
  /** Keys of objects inside `any` content. */
  keys: number;
  /** Bytes of strings: string content, keys, string values, parent and map keys. */
  stringBytes: number;
  /** Bytes of binary content. */
  binaryBytes: number;
  /** New shared types (Y.Map, Y.Array, Y.Text, XML) and subdocuments. */
  types: number;
  /** Ranges in the delete set. */
  deleteRanges: number;
}

/**
 * Heap bytes per counted thing, rounded up from bench/server/experiments/update-cost.ts: a list
 * item ~195 bytes, a map entry ~495 with its key and `{}` value, an empty object ~66, a
 * one-element array ~195 (lib0 grows it to 17 slots), a number in an array ~9, a Y.Map of three
 * fields ~1,840. Against the real heap the estimate came to
 * 1.1–1.4× for the hostile shapes (empty objects, one-element arrays, map entries, text
 * inserts, nested maps) and ~1.1× for the app's own boards; strings and binaries count their
 * encoded bytes twice (once decoded, once held by the room's cached encoding), ~2×.
 */
export const COST_BYTES = {
  struct: 200,
  mapEntry: 250,
  value: 16,
  object: 72,
  array: 200,
  key: 40,
  stringByte: 1,
  binaryByte: 1,
  type: 600,
  deleteRange: 40,
} as const;

/**
 * Bytes an update will hold in memory once applied (an upper estimate), its encoded bytes
 * included: the room keeps an encoding of its document for joiners (full-state.ts).
 */
export function updateCostBytes(update: Uint8Array): number {
  return costOf(countUpdate(update)) + update.length;
}

export function costOf(counts: UpdateCounts): number {
  return (
    counts.structs * COST_BYTES.struct +
    counts.mapEntries * COST_BYTES.mapEntry +
    counts.values * COST_BYTES.value +
    counts.objects * COST_BYTES.object +
    counts.arrays * COST_BYTES.array +
    counts.keys * COST_BYTES.key +
    counts.stringBytes * COST_BYTES.stringByte +
    counts.binaryBytes * COST_BYTES.binaryByte +
    counts.types * COST_BYTES.type +
    counts.deleteRanges * COST_BYTES.deleteRange
  );
}

const BITS5 = 31;
const BIT6 = 32;
const BIT7 = 64;
const BIT8 = 128;

/** Type refs whose content carries a key (YXmlElement's node name, YXmlHook's hook name). */
const XML_ELEMENT = 3;
const XML_HOOK = 5;
const LAST_TYPE_REF = 6;

/** Counts a V1 update; throws if it is not one. */
export function countUpdate(update: Uint8Array): UpdateCounts {
  const counts: UpdateCounts = { structs: 0, mapEntries: 0, values: 0, objects: 0, arrays: 0, keys: 0, stringBytes: 0, binaryBytes: 0, types: 0, deleteRanges: 0 };
  const decoder = decoding.createDecoder(update);
  const clients = decoding.readVarUint(decoder);
  for (let c = 0; c < clients; c++) {
    const structs = decoding.readVarUint(decoder);
    decoding.readVarUint(decoder); // client
    decoding.readVarUint(decoder); // first clock
    for (let s = 0; s < structs; s++) {
      const info = decoding.readUint8(decoder);
      counts.structs++;
      const ref = info & BITS5;
      if (ref === 0 || ref === 10) {
        decoding.readVarUint(decoder); // length of a GC or Skip
        continue;
      }
      if (info & BIT8) skipId(decoder);
      if (info & BIT7) skipId(decoder);
      if ((info & (BIT7 | BIT8)) === 0) {
        // Parent: a root type's name, or the ID of the item holding the type.
        if (decoding.readVarUint(decoder) === 1) counts.stringBytes += skipString(decoder);
        else skipId(decoder);
        if (info & BIT6) {
          counts.stringBytes += skipString(decoder); // parentSub: the key in its map
          counts.mapEntries++;
        }
      }
      countContent(decoder, ref, counts);
    }
  }
  const deleteClients = decoding.readVarUint(decoder);
  for (let c = 0; c < deleteClients; c++) {
    decoding.readVarUint(decoder); // client
    const ranges = decoding.readVarUint(decoder);
    for (let r = 0; r < ranges; r++) {
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      counts.deleteRanges++;
    }
  }
  return counts;
}

function skipId(decoder: decoding.Decoder): void {
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
}

/** Skips a varString and returns its byte length. */
function skipString(decoder: decoding.Decoder): number {
  return decoding.readVarUint8Array(decoder).length;
}

function countContent(decoder: decoding.Decoder, ref: number, counts: UpdateCounts): void {
  switch (ref) {
    case 1: // deleted: a length
      decoding.readVarUint(decoder);
      return;
    case 2: { // JSON: strings of JSON
      const length = decoding.readVarUint(decoder);
      for (let i = 0; i < length; i++) countJson(skipString(decoder), counts);
      return;
    }
    case 3: // binary
      counts.binaryBytes += decoding.readVarUint8Array(decoder).length;
      return;
    case 4: // string
      counts.stringBytes += skipString(decoder);
      return;
    case 5: // embed: JSON
      countJson(skipString(decoder), counts);
      return;
    case 6: // format: a key and JSON
      counts.stringBytes += skipString(decoder);
      countJson(skipString(decoder), counts);
      return;
    case 7: { // a new shared type
      const typeRef = decoding.readVarUint(decoder);
      if (typeRef > LAST_TYPE_REF) throw new Error(`unknown type ref ${typeRef}`);
      if (typeRef === XML_ELEMENT || typeRef === XML_HOOK) counts.stringBytes += skipString(decoder);
      counts.types++;
      return;
    }
    case 8: { // any: values
      const length = decoding.readVarUint(decoder);
      for (let i = 0; i < length; i++) countAny(decoder, counts);
      return;
    }
    case 9: // a subdocument: its guid and options
      counts.stringBytes += skipString(decoder);
      countAny(decoder, counts);
      counts.types++;
      return;
    default:
      throw new Error(`unknown content ref ${ref}`);
  }
}

/** JSON content is parsed by Yjs: as costly as the values it holds; a string's bytes stand in. */
function countJson(bytes: number, counts: UpdateCounts): void {
  counts.values++;
  counts.stringBytes += bytes;
}

/**
 * Walks one lib0 `any` value (lib0/decoding.js readAny) without building it. Nested arrays and
 * objects are walked with a stack of what is left to read in each, not by recursion, so a deeply
 * nested value cannot exhaust the call stack.
 */
function countAny(decoder: decoding.Decoder, counts: UpdateCounts): void {
  const open: Array<{ isObject: boolean; left: number }> = [];
  for (let first = true; ; first = false) {
    if (!first) {
      // The next value to read is the next element of the innermost open array or object.
      let frame = open[open.length - 1];
      while (frame && frame.left === 0) {
        open.pop();
        frame = open[open.length - 1];
      }
      if (!frame) return;
      frame.left--;
      if (frame.isObject) {
        counts.stringBytes += skipString(decoder);
        counts.keys++;
      }
    }
    const tag = decoding.readUint8(decoder);
    if (tag === 118) counts.objects++;
    else if (tag === 117) counts.arrays++;
    else counts.values++;
    switch (tag) {
      case 127: // undefined
      case 126: // null
      case 121: // false
      case 120: // true
        break;
      case 125: // integer
        decoding.readVarInt(decoder);
        break;
      case 124: // float32
        decoding.readFloat32(decoder);
        break;
      case 123: // float64
        decoding.readFloat64(decoder);
        break;
      case 122: // bigint
        decoding.readBigInt64(decoder);
        break;
      case 119: // string
        counts.stringBytes += skipString(decoder);
        break;
      case 118: // object: its keys and values follow
        open.push({ isObject: true, left: decoding.readVarUint(decoder) });
        break;
      case 117: // array: its elements follow
        open.push({ isObject: false, left: decoding.readVarUint(decoder) });
        break;
      case 116: // Uint8Array
        counts.binaryBytes += decoding.readVarUint8Array(decoder).length;
        break;
      default:
        throw new Error(`unknown any tag ${tag}`);
    }
  }
}
