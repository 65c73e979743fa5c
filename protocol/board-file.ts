/**
 * The `.whiteboard` file: a board saved on disk. Layout (all integers big-endian):
 *
 *   offset  size  field
 *   0       8     signature  89 57 42 44 0D 0A 1A 0A  ("\x89WBD\r\n\x1a\n")
 *   8       4     format version (uint32), FORMAT_VERSION today
 *   12      4     state length in bytes (uint32)
 *   16      4     CRC-32 (IEEE) of the state
 *   20      n     the board's Yjs state: Y.encodeStateAsUpdate(doc)
 *   format 2 and later:
 *   20+n    4     history length in bytes (uint32), 0 when the file keeps none
 *   24+n    4     CRC-32 (IEEE) of the history
 *   28+n    h     the board's version history (protocol/history.ts, `encodeLocalHistory`)
 *
 * Why this shape: the signature is PNG's trick (a high byte catches 7-bit transfers, CR LF and
 * ^Z catch text-mode line-ending conversion), so a foreign or mangled file is named as such
 * instead of being fed to Yjs. The version comes right after it, so any future layout can still
 * be recognised and refused with a clear message by this version. The length and checksum tell
 * a truncated file from a damaged one. The state itself is Yjs' own update format, which any
 * Yjs tool can read and which merges with other copies of the same board.
 *
 * Format 2 (history in the file) is also the first written since board schema 3 (texts as
 * Y.Text, bindings, frames): an app that reads format 1 only refuses it as "saved by a newer
 * version" instead of opening it and dropping what it cannot read. Format 1 files still open.
 */
import * as Y from 'yjs';

export const BOARD_FILE_SIGNATURE = Uint8Array.of(0x89, 0x57, 0x42, 0x44, 0x0d, 0x0a, 0x1a, 0x0a);
/** Bump when the layout or the meaning of the state changes; older apps then refuse the file. */
export const FORMAT_VERSION = 2;
export const HEADER_BYTES = 20;
/** The history section's own header: its length and checksum. */
export const HISTORY_HEADER_BYTES = 8;
/** Largest board file read or written; a board this big is far past what a canvas can draw. */
export const MAX_BOARD_FILE_BYTES = 256 * 1024 * 1024;

export class BoardFileError extends Error {
  override name = 'BoardFileError';
}

/** What a board file holds: the board, and its history if it keeps one. */
export interface BoardFileContents {
  state: Uint8Array;
  history: Uint8Array | null;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as in zip and PNG (zlib.crc32 only exists from Node 22 on). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function encodeBoardFile(state: Uint8Array, history: Uint8Array | null = null): Uint8Array {
  const historyBytes = history?.byteLength ?? 0;
  const total = HEADER_BYTES + state.byteLength + HISTORY_HEADER_BYTES + historyBytes;
  if (total > MAX_BOARD_FILE_BYTES) {
    throw new BoardFileError(`The board is too large to save (${total} bytes with its history; the limit is ${MAX_BOARD_FILE_BYTES}).`);
  }
  const file = new Uint8Array(total);
  const view = new DataView(file.buffer);
  file.set(BOARD_FILE_SIGNATURE, 0);
  view.setUint32(8, FORMAT_VERSION);
  view.setUint32(12, state.byteLength);
  view.setUint32(16, crc32(state));
  file.set(state, HEADER_BYTES);
  const at = HEADER_BYTES + state.byteLength;
  view.setUint32(at, historyBytes);
  view.setUint32(at + 4, history ? crc32(history) : 0);
  if (history) file.set(history, at + HISTORY_HEADER_BYTES);
  return file;
}

/** The board and history in a board file; throws a BoardFileError that says what is wrong and what to do. */
export function readBoardFile(file: Uint8Array, fileName = 'This file'): BoardFileContents {
  if (file.byteLength === 0) throw new BoardFileError(`${fileName} is empty: it holds no board.`);
  const signatureBytes = Math.min(file.byteLength, BOARD_FILE_SIGNATURE.byteLength);
  const signatureMatches = BOARD_FILE_SIGNATURE.subarray(0, signatureBytes).every((byte, i) => file[i] === byte);
  if (!signatureMatches) throw new BoardFileError(`${fileName} is not a Whiteboard board (it does not start with a Whiteboard file signature).`);
  if (file.byteLength < HEADER_BYTES) {
    throw new BoardFileError(`${fileName} is truncated: it ends inside its header (${file.byteLength} of ${HEADER_BYTES} bytes).`);
  }
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const version = view.getUint32(8);
  if (version > FORMAT_VERSION) {
    throw new BoardFileError(
      `${fileName} was saved by a newer version of Whiteboard (file format ${version}); this version reads format ${FORMAT_VERSION}. Update Whiteboard to open it.`,
    );
  }
  if (version === 0) throw new BoardFileError(`${fileName} is damaged: its format version is 0, which no Whiteboard ever wrote.`);
  const length = view.getUint32(12);
  const trailer = version >= 2 ? HISTORY_HEADER_BYTES : 0;
  const available = file.byteLength - HEADER_BYTES;
  if (available < length) throw new BoardFileError(`${fileName} is truncated: it should hold ${length} bytes of board data but has ${available}.`);
  if (available < length + trailer) throw new BoardFileError(`${fileName} is truncated: it ends inside the header of its version history.`);
  let history: Uint8Array | null = null;
  let end = HEADER_BYTES + length;
  if (version >= 2) {
    const historyLength = view.getUint32(end);
    const historyCrc = view.getUint32(end + 4);
    const start = end + HISTORY_HEADER_BYTES;
    if (file.byteLength - start < historyLength) throw new BoardFileError(`${fileName} is truncated: its version history should be ${historyLength} bytes but is ${file.byteLength - start}.`);
    if (historyLength > 0) {
      history = file.subarray(start, start + historyLength);
      if (crc32(history) !== historyCrc) throw new BoardFileError(`${fileName} is damaged: the checksum of its version history does not match.`);
    }
    end = start + historyLength;
  }
  if (file.byteLength > end) throw new BoardFileError(`${fileName} is damaged: it has ${file.byteLength - end} unexpected bytes after the board data.`);
  const state = file.subarray(HEADER_BYTES, HEADER_BYTES + length);
  if (crc32(state) !== view.getUint32(16)) throw new BoardFileError(`${fileName} is damaged: its checksum does not match its contents.`);
  try {
    Y.applyUpdate(new Y.Doc(), state);
  } catch (error) {
    throw new BoardFileError(`${fileName} is damaged: its board data cannot be read (${(error as Error).message}).`);
  }
  return { state, history };
}

/** The Yjs state in a board file (its history left aside); throws as `readBoardFile` does. */
export function decodeBoardFile(file: Uint8Array, fileName = 'This file'): Uint8Array {
  return readBoardFile(file, fileName).state;
}
