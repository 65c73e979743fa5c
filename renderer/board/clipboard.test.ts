import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Board, type NewShape } from './board';
import { CLIPBOARD_TYPE, duplicateShapes, parseClipboard, pasteContent, serializeShapes } from './clipboard';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const rect: NewShape = { type: 'rect', x: 10, y: 10, rotation: 0, opacity: 1, w: 100, h: 50, color: '#1f2328', fill: 'transparent', width: 2 };

describe('clipboard', () => {
  it('copies shapes with their images from one board and pastes them into another', () => {
    const from = new Board(new Y.Doc());
    const assetId = from.addAsset({ mime: 'image/png', data: PNG, w: 3, h: 1 });
    from.create([rect, { type: 'image', x: 200, y: 10, rotation: 0, opacity: 1, assetId, w: 30, h: 10 }]);
    const text = serializeShapes(from, from.all());

    const to = new Board(new Y.Doc());
    const content = parseClipboard(text);
    expect(content?.shapes).toHaveLength(2);
    const ids = pasteContent(to, content!, { at: { x: 0, y: 0 } });
    expect(ids).toHaveLength(2);
    const pasted = to.all();
    expect(pasted.map((s) => s.type)).toEqual(['rect', 'image']);
    expect(to.getAsset(assetId)?.data).toEqual(PNG);
    // The pasted group is centred on the paste point, keeping its layout.
    expect(pasted[1]!.x - pasted[0]!.x).toBe(190);
    // Pasting is one undo step.
    to.history.undo();
    expect(to.size).toBe(0);
    expect(to.assets.size).toBe(0);
  });

  it('leaves out shapes and images that would not pass as a peer\u2019s', () => {
    const text = JSON.stringify({
      type: CLIPBOARD_TYPE,
      version: 2,
      shapes: [{ ...rect, w: -5 }, { ...rect, type: 'hologram' }, 'nonsense', rect],
      assets: { evil: { mime: 'image/svg+xml', w: 1, h: 1, data: btoa('<svg onload=alert(1)>') } },
    });
    const content = parseClipboard(text);
    expect(content?.shapes).toHaveLength(1);
    expect(content?.assets).toEqual([]);
    expect(parseClipboard('just some words')).toBeNull();
    expect(parseClipboard(`{"${CLIPBOARD_TYPE}": broken`)).toBeNull();
  });

  it('duplicates shapes on top, offset', () => {
    const board = new Board(new Y.Doc());
    board.create([rect]);
    const [copy] = duplicateShapes(board, board.all(), { x: 24, y: 24 });
    expect(board.all().map((s) => s.id)[1]).toBe(copy);
    expect(board.get(copy as string)).toMatchObject({ x: 34, y: 34, w: 100 });
  });
});
