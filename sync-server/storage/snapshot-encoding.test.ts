import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { encodeSnapshot } from './snapshot-encoding';

/** A pen stroke drawn the way the app sends it: one update per point. */
function drawnStroke(points: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const stroke = new Y.Map<unknown>();
  const xs = new Y.Array<number>();
  doc.transact(() => {
    stroke.set('points', xs);
    doc.getMap('shapes').set('pen-1', stroke);
  });
  for (let i = 0; i < points; i++) xs.push([i, i % 7, 0.5]);
  return { doc, updates };
}

function load(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}

describe('encodeSnapshot', () => {
  it('writes a stroke drawn point by point as a few structs, not one per update', () => {
    const { doc, updates } = drawnStroke(500);
    const snapshot = encodeSnapshot(updates);
    expect(load(snapshot).getMap('shapes').toJSON()).toEqual(doc.getMap('shapes').toJSON());
    expect(Y.decodeUpdate(snapshot).structs.length).toBeLessThan(10);
    // What merging the bytes would have kept: every update's item apart.
    expect(Y.decodeUpdate(Y.mergeUpdates(updates)).structs.length).toBeGreaterThan(500);
  });

  it('builds on an earlier snapshot, deletions included', () => {
    const { doc, updates } = drawnStroke(50);
    const first = encodeSnapshot(updates);
    const more: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => more.push(update));
    const points = (doc.getMap('shapes').get('pen-1') as Y.Map<unknown>).get('points') as Y.Array<number>;
    points.delete(0, 30);
    doc.getMap('shapes').set('note', 'hello');
    const second = encodeSnapshot([first, ...more]);
    expect(load(second).getMap('shapes').toJSON()).toEqual(doc.getMap('shapes').toJSON());
  });

  it('merges the bytes of a room too large to build as a document, losing nothing', () => {
    const { doc, updates } = drawnStroke(500);
    const total = updates.reduce((sum, update) => sum + update.length, 0);
    const snapshot = encodeSnapshot(updates, total - 1);
    expect(Y.decodeUpdate(snapshot).structs.length).toBeGreaterThan(500);
    expect(load(snapshot).getMap('shapes').toJSON()).toEqual(doc.getMap('shapes').toJSON());
    expect(Y.decodeUpdate(encodeSnapshot(updates, total)).structs.length).toBeLessThan(10);
  });

  it('keeps updates whose dependencies are missing, so nothing is dropped', () => {
    const { doc, updates } = drawnStroke(20);
    // The log lacks one update: everything drawn after it cannot be placed in a document yet.
    const gap = 10;
    const snapshot = encodeSnapshot([...updates.slice(0, gap), ...updates.slice(gap + 1)]);
    const restored = load(snapshot);
    Y.applyUpdate(restored, updates[gap] as Uint8Array);
    expect(restored.getMap('shapes').toJSON()).toEqual(doc.getMap('shapes').toJSON());
  });
});
