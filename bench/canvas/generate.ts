/**
 * A synthetic board of `count` mixed shapes, the same for every run (seeded): 40% pen strokes,
 * 20% rectangles, 15% ellipses, 10% arrows, 10% texts, 5% sticky notes, spread at a constant
 * density (one shape per 250×250 board units on average, about like a busy real board), so a
 * bigger board is a wider board, as it is in practice.
 */
import * as Y from 'yjs';
import { generateNKeysBetween } from 'fractional-indexing';
import { ArrowHead, ShapeType, newShapeFields, shapesMap, type ShapeInit } from '../../protocol/board-schema';

/** Board units of area per shape. */
const AREA_PER_SHAPE = 250 * 250;
const COLORS = ['#1f2328', '#e03131', '#2f9e44', '#1971c2', '#f08c00', '#9c36b5'];
const FILLS = ['transparent', '#ffc9c9', '#b2f2bb', '#a5d8ff', '#ffec99'];
const WORDS = ['plan', 'ship', 'review', 'idea', 'users', 'design', 'launch', 'metrics', 'todo', 'risk'];

/** Mulberry32: a small, fast, seeded PRNG. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function boardSide(count: number): number {
  return Math.sqrt(count * AREA_PER_SHAPE);
}

export function generateBoard(count: number, seed = 42): Y.Doc {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const side = boardSide(count);
  const doc = new Y.Doc();
  const keys = generateNKeysBetween(null, null, count);
  const shapes = shapesMap(doc);
  doc.transact(() => {
    for (let i = 0; i < count; i++) {
      const x = rand() * side;
      const y = rand() * side;
      const base = { z: keys[i] as string, x, y, rotation: rand() < 0.1 ? rand() * 40 - 20 : 0, opacity: 1, color: pick(COLORS) };
      const roll = rand();
      let shape: ShapeInit;
      if (roll < 0.4) {
        const points: number[] = [];
        let px = 0;
        let py = 0;
        const n = 20 + Math.floor(rand() * 40);
        for (let p = 0; p < n; p++) {
          px += rand() * 12 - 4;
          py += rand() * 12 - 6;
          points.push(px, py, 0.5);
        }
        shape = { ...base, type: ShapeType.Stroke, width: 5, points };
      } else if (roll < 0.75) {
        shape = { ...base, type: roll < 0.6 ? ShapeType.Rect : ShapeType.Ellipse, w: 60 + rand() * 140, h: 40 + rand() * 100, fill: pick(FILLS), width: 4 };
      } else if (roll < 0.85) {
        shape = { ...base, type: ShapeType.Arrow, points: [0, 0, rand() * 200 - 100, rand() * 200 - 100], width: 4, startHead: ArrowHead.None, endHead: ArrowHead.Arrow };
      } else if (roll < 0.95) {
        const text = `${pick(WORDS)} ${pick(WORDS)}`;
        shape = { ...base, type: ShapeType.Text, text, fontSize: 24, w: text.length * 13, h: 30 };
      } else {
        shape = { ...base, type: ShapeType.Sticky, text: `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`, fontSize: 20, fill: '#ffec99', color: '#1f2328', w: 200, h: 200 };
      }
      shapes.set(`s${i}`, newShapeFields(shape));
    }
  });
  return doc;
}
