import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Board } from './board';
import { adoptPatches, frameAt, isFrame, membershipPatches, nextFrameName } from './frames';
import { ShapeIndex } from './shape-index';

function setup(): { board: Board; index: ShapeIndex; frame: string; inside: string; outside: string } {
  const board = new Board(new Y.Doc());
  const box = { type: 'rect', rotation: 0, opacity: 1, w: 40, h: 40, color: '#1f2328', fill: 'transparent', width: 2 } as const;
  const [inside, outside] = board.create([{ ...box, x: 50, y: 50 }, { ...box, x: 500, y: 50 }]);
  const [frame] = board.create([{ type: 'frame', x: 0, y: 0, w: 300, h: 200, rotation: 0, opacity: 1, name: 'Frame 1' }]);
  return { board, index: new ShapeIndex(board), frame: frame as string, inside: inside as string, outside: outside as string };
}

describe('frames', () => {
  it('take in the shapes whose centres they hold when drawn', () => {
    const { board, index, frame, inside, outside } = setup();
    const f = index.get(frame);
    if (!isFrame(f)) throw new Error('no frame');
    board.update(adoptPatches(index, f));
    expect(board.get(inside)?.frameId).toBe(frame);
    expect(board.get(outside)?.frameId).toBeUndefined();
  });

  it('gain a shape dropped in and lose one dragged out', () => {
    const { board, index, frame, inside, outside } = setup();
    board.update(new Map([[outside, { x: 200, y: 100 }], [inside, { x: 600 }]]));
    board.update(membershipPatches(index, [inside, outside]));
    expect(board.get(outside)?.frameId).toBe(frame);
    expect(board.get(inside)?.frameId).toBeUndefined();
    expect(frameAt(index, { x: 10, y: 10 })?.id).toBe(frame);
  });

  it('stack behind every other shape, and are named in turn', () => {
    const { index, frame } = setup();
    expect(index.all()[0]?.id).toBe(frame);
    expect(nextFrameName(index)).toBe('Frame 2');
  });
});
