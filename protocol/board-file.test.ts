import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BOARD_FILE_SIGNATURE, BoardFileError, FORMAT_VERSION, HEADER_BYTES, crc32, decodeBoardFile, encodeBoardFile, readBoardFile } from './board-file';
import { decodeLocalHistory, encodeLocalHistory } from './history';

function sampleState(): Uint8Array {
  const doc = new Y.Doc();
  const shapes = doc.getMap('shapes');
  const stroke = new Y.Map<unknown>();
  stroke.set('type', 'stroke');
  stroke.set('color', '#2f6fde');
  shapes.set('s1', stroke);
  doc.getText('title').insert(0, 'Plan');
  return Y.encodeStateAsUpdate(doc);
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BoardFileError);
    return (error as Error).message;
  }
  throw new Error('expected a BoardFileError');
}

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('board file round trip', () => {
  it('gives back exactly the state it was given, and the board it describes', () => {
    const state = sampleState();
    const file = encodeBoardFile(state);
    expect(file.subarray(0, 8)).toEqual(BOARD_FILE_SIGNATURE);
    expect(file.byteLength).toBe(HEADER_BYTES + state.byteLength + 8);
    const decoded = decodeBoardFile(file);
    expect(decoded).toEqual(state);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, decoded);
    expect(doc.getText('title').toString()).toBe('Plan');
    expect((doc.getMap('shapes').get('s1') as Y.Map<unknown>).get('color')).toBe('#2f6fde');
  });

  it('reads a file that sits inside a larger buffer (as Node hands out Buffers)', () => {
    const state = sampleState();
    const file = encodeBoardFile(state);
    const padded = new Uint8Array(file.byteLength + 10);
    padded.set(file, 5);
    expect(decodeBoardFile(padded.subarray(5, 5 + file.byteLength))).toEqual(state);
  });
});

describe('board file errors', () => {
  it('names both versions for a file from a newer app', () => {
    const file = encodeBoardFile(sampleState());
    new DataView(file.buffer).setUint32(8, FORMAT_VERSION + 2);
    expect(errorOf(() => decodeBoardFile(file, 'plan.whiteboard'))).toBe(
      `plan.whiteboard was saved by a newer version of Whiteboard (file format ${FORMAT_VERSION + 2}); this version reads format ${FORMAT_VERSION}. Update Whiteboard to open it.`,
    );
  });

  it('says an empty file is empty', () => {
    expect(errorOf(() => decodeBoardFile(new Uint8Array(0), 'x.whiteboard'))).toBe('x.whiteboard is empty: it holds no board.');
  });

  it('names a foreign file as not a board', () => {
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0);
    expect(errorOf(() => decodeBoardFile(png))).toMatch(/is not a Whiteboard board/);
    expect(errorOf(() => decodeBoardFile(new TextEncoder().encode('{"shapes": []}')))).toMatch(/is not a Whiteboard board/);
  });

  it('says a file cut short is truncated, in the header or in the data', () => {
    const file = encodeBoardFile(sampleState());
    expect(errorOf(() => decodeBoardFile(file.subarray(0, 12)))).toMatch(/truncated: it ends inside its header \(12 of 20 bytes\)/);
    expect(errorOf(() => decodeBoardFile(file.subarray(0, file.byteLength - 11)))).toMatch(/truncated: it should hold \d+ bytes of board data but has \d+/);
    expect(errorOf(() => decodeBoardFile(file.subarray(0, file.byteLength - 3)))).toMatch(/truncated: it ends inside the header of its version history/);
  });

  it('says a file with flipped bits or extra bytes is damaged', () => {
    const file = encodeBoardFile(sampleState());
    const flipped = file.slice();
    flipped[HEADER_BYTES + 3] = (flipped[HEADER_BYTES + 3] as number) ^ 0xff;
    expect(errorOf(() => decodeBoardFile(flipped))).toMatch(/checksum does not match/);
    const longer = new Uint8Array(file.byteLength + 2);
    longer.set(file);
    expect(errorOf(() => decodeBoardFile(longer))).toMatch(/2 unexpected bytes/);
  });

  it('refuses a well-formed header around data that is not a Yjs update', () => {
    const garbage = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f);
    expect(errorOf(() => decodeBoardFile(encodeBoardFile(garbage)))).toMatch(/board data cannot be read/);
  });

  it('refuses format version 0', () => {
    const file = encodeBoardFile(sampleState());
    new DataView(file.buffer).setUint32(8, 0);
    expect(errorOf(() => decodeBoardFile(file))).toMatch(/format version is 0/);
  });
});

describe('format 2: the version history in the file', () => {
  const history = encodeLocalHistory({
    head: 2,
    pruned: null,
    versions: [{ id: 1, at: 1_700_000_000_000, name: 'Draft', authors: [{ name: 'Alice', color: '#e03131' }] }],
    parts: [
      { end: 1, update: sampleState() },
      { end: 2, update: sampleState() },
    ],
  });

  it('keeps the history beside the board, and gives both back', () => {
    const state = sampleState();
    const file = encodeBoardFile(state, history);
    expect(new DataView(file.buffer).getUint32(8)).toBe(2);
    const read = readBoardFile(file);
    expect(read.state).toEqual(state);
    expect(read.history).toEqual(history);
    expect(decodeLocalHistory(read.history as Uint8Array)).toMatchObject({ head: 2, versions: [{ id: 1, name: 'Draft', authors: [{ name: 'Alice' }] }] });
  });

  it('writes a file without history as format 2 with an empty history', () => {
    const read = readBoardFile(encodeBoardFile(sampleState()));
    expect(read.history).toBeNull();
  });

  it('still opens a format 1 file (no history section)', () => {
    const state = sampleState();
    const v1 = new Uint8Array(HEADER_BYTES + state.byteLength);
    v1.set(BOARD_FILE_SIGNATURE);
    const view = new DataView(v1.buffer);
    view.setUint32(8, 1);
    view.setUint32(12, state.byteLength);
    view.setUint32(16, crc32(state));
    v1.set(state, HEADER_BYTES);
    expect(readBoardFile(v1)).toEqual({ state, history: null });
  });

  it('says a damaged or cut history is damaged or truncated', () => {
    const file = encodeBoardFile(sampleState(), history);
    const flipped = file.slice();
    flipped[flipped.byteLength - 2] = (flipped[flipped.byteLength - 2] as number) ^ 0xff;
    expect(errorOf(() => readBoardFile(flipped))).toMatch(/checksum of its version history does not match/);
    expect(errorOf(() => readBoardFile(file.subarray(0, file.byteLength - 5)))).toMatch(/version history should be \d+ bytes but is \d+/);
  });

  it('is refused by an app that reads format 1 only, with its "newer version" message', () => {
    const file = encodeBoardFile(sampleState(), history);
    new DataView(file.buffer).setUint32(8, FORMAT_VERSION + 1);
    expect(errorOf(() => readBoardFile(file, 'plan.whiteboard'))).toMatch(/saved by a newer version of Whiteboard/);
  });
});
