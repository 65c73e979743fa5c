import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BOARD_FILE_SIGNATURE, BoardFileError, FORMAT_VERSION, HEADER_BYTES, crc32, decodeBoardFile, encodeBoardFile } from './board-file';

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
    expect(file.byteLength).toBe(HEADER_BYTES + state.byteLength);
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
    expect(errorOf(() => decodeBoardFile(file.subarray(0, file.byteLength - 3)))).toMatch(/truncated: it should hold \d+ bytes of board data but has \d+/);
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
