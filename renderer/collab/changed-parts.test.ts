import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { OTHER_PART, changedParts } from './changed-parts';

describe('changedParts', () => {
  it('names the shapes a transaction touched, however deep the change', () => {
    const doc = new Y.Doc();
    const shapes = doc.getMap<Y.Map<unknown>>('shapes');
    const seen: string[][] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => seen.push([...changedParts(tr, shapes as unknown as Y.AbstractType<unknown>)].sort()));
    doc.transact(() => {
      const shape = new Y.Map<unknown>();
      shapes.set('a', shape);
      shape.set('points', Y.Array.from([1, 2, 3]));
    });
    doc.transact(() => ((shapes.get('a') as Y.Map<unknown>).get('points') as Y.Array<number>).push([4]));
    doc.transact(() => shapes.delete('a'));
    doc.transact(() => doc.getMap('meta').set('schemaVersion', 2));
    expect(seen).toEqual([['a'], ['a'], ['a'], [OTHER_PART]]);
  });
});
