/**
 * Board documents in the app's own layout (protocol/board-schema.ts): `shapes` maps an id to a
 * Y.Map of a stroke's fields, whose points are a flat Y.Array [x, y, pressure, …] appended a few
 * points per transaction, the way a pen draws. Built deterministically up to a target encoded
 * size; a stroke of ~60 points is ~1 KB, so 100 KB is ~100 strokes and 10 MB ~10,000.
 */
import * as Y from 'yjs';

const COLORS = ['#1e1e1e', '#e03131', '#2f9e44', '#1971c2', '#f08c00', '#9c36b5'];

/** A seeded xorshift32 generator, so that every run draws the same boards. */
export function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/** Appends strokes to `doc` until its encoded state reaches `targetBytes`. */
export function buildBoard(targetBytes: number, seed = 1): Y.Doc {
  const doc = new Y.Doc();
  const next = random(seed);
  const shapes = doc.getMap<Y.Map<unknown>>('shapes');
  doc.getMap('meta').set('schemaVersion', 1);
  let strokes = 0;
  let size = 0;
  // Encoding is the slow part: measure the size now and then, and predict in between.
  let checkAt = 50;
  while (size < targetBytes) {
    const id = `s${seed}-${strokes}`;
    const stroke = new Y.Map<unknown>();
    const points = new Y.Array<number>();
    doc.transact(() => {
      stroke.set('type', 'stroke');
      stroke.set('z', `a${strokes.toString(36)}`);
      stroke.set('color', COLORS[strokes % COLORS.length]);
      stroke.set('width', 2 + Math.floor(next() * 6));
      stroke.set('points', points);
      shapes.set(id, stroke);
    });
    let x = Math.floor(next() * 4000);
    let y = Math.floor(next() * 3000);
    const count = 30 + Math.floor(next() * 60);
    for (let i = 0; i < count; i += 4) {
      const chunk: number[] = [];
      for (let j = 0; j < 4; j++) {
        x += Math.floor(next() * 20) - 10;
        y += Math.floor(next() * 20) - 10;
        chunk.push(x, y, Math.round(next() * 100) / 100);
      }
      doc.transact(() => points.push(chunk));
    }
    strokes++;
    if (strokes >= checkAt) {
      size = Y.encodeStateAsUpdate(doc).length;
      const perStroke = size / strokes;
      checkAt = strokes + Math.max(1, Math.ceil(((targetBytes - size) * 0.9) / perStroke));
    }
  }
  return doc;
}

const cache = new Map<string, Uint8Array>();

/** The encoded state of a board of about `targetBytes` (cached per size and seed). */
export function boardUpdate(targetBytes: number, seed = 1): Uint8Array {
  const key = `${targetBytes}:${seed}`;
  let update = cache.get(key);
  if (!update) {
    const doc = buildBoard(targetBytes, seed);
    update = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    cache.set(key, update);
  }
  return update;
}

/** A fresh doc holding a copy of a board (so a seeder can answer the server's step 1). */
export function boardDoc(targetBytes: number, seed = 1): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, boardUpdate(targetBytes, seed));
  return doc;
}
