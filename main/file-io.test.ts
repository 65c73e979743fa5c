import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeBoardFile } from './board-file';
import { boardName, readBoard, withExtension, writeBoard, writeFileAtomic } from './file-io';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'whiteboard-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function state(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('shapes').set('a', 1);
  return Y.encodeStateAsUpdate(doc);
}

describe('board files on disk', () => {
  it('writes and reads a board, naming it after its file', async () => {
    const file = path.join(dir, 'Q3 plan.whiteboard');
    const saved = state();
    await writeBoard(file, saved);
    expect(await readBoard(file)).toEqual({ path: file, name: 'Q3 plan', state: saved, history: null });
    expect(await readdir(dir)).toEqual(['Q3 plan.whiteboard']);
  });

  it('keeps the board’s version history in its file', async () => {
    const file = path.join(dir, 'with history.whiteboard');
    const history = new Uint8Array([1, 2, 3, 4]);
    await writeBoard(file, state(), history);
    expect((await readBoard(file)).history).toEqual(history);
  });

  it('says a missing file is gone', async () => {
    await expect(readBoard(path.join(dir, 'gone.whiteboard'))).rejects.toThrow('gone.whiteboard no longer exists (it was moved or deleted).');
  });

  it('passes on the format’s own errors with the file name', async () => {
    const file = path.join(dir, 'notes.whiteboard');
    await writeFile(file, 'just some text');
    await expect(readBoard(file)).rejects.toThrow('notes.whiteboard is not a Whiteboard board');
    await writeFile(file, encodeBoardFile(state()).subarray(0, 25));
    await expect(readBoard(file)).rejects.toThrow(/notes.whiteboard is truncated/);
  });

  it('replaces a file in one step', async () => {
    const file = path.join(dir, 'out.svg');
    await writeFileAtomic(file, '<svg>1</svg>');
    await writeFileAtomic(file, '<svg>2</svg>');
    expect(await readFile(file, 'utf8')).toBe('<svg>2</svg>');
    expect(await readdir(dir)).toEqual(['out.svg']);
  });
});

describe('names and extensions', () => {
  it('derives the board name', () => {
    expect(boardName('/a/b/Plan.WHITEBOARD')).toBe('Plan');
    expect(boardName('/a/b/plan')).toBe('plan');
  });

  it('adds a missing extension only', () => {
    expect(withExtension('/a/plan', '.whiteboard')).toBe('/a/plan.whiteboard');
    expect(withExtension('/a/plan.Whiteboard', '.whiteboard')).toBe('/a/plan.Whiteboard');
    expect(withExtension('/a/shot', '.png')).toBe('/a/shot.png');
  });
});
