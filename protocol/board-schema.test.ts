import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { BOARD_SCHEMA_VERSION, initBoard, isZKey, metaMap, newStrokeFields, readShape, shapesMap } from './board-schema';

function docWithShape(fields: Y.Map<unknown>): Y.Doc {
  const doc = new Y.Doc();
  shapesMap(doc).set('s1', fields);
  return doc;
}

const valid = { z: 'a0', color: '#1f2328', width: 4, points: [1, 2, 0.5, 3, 4, 0.5] };

describe('readShape', () => {
  it('reads a valid stroke', () => {
    const doc = docWithShape(newStrokeFields(valid));
    const result = readShape('s1', shapesMap(doc).get('s1'));
    expect(result).toEqual({ ok: true, shape: { id: 's1', type: 'stroke', ...valid } });
  });

  it.each([
    ['an unknown type', (f: Y.Map<unknown>) => f.set('type', 'hologram'), /unknown type/],
    ['a missing z', (f: Y.Map<unknown>) => f.delete('z'), /invalid z/],
    ['a z that is not a fractional index', (f: Y.Map<unknown>) => f.set('z', '../'), /invalid z/],
    ['a colour that is not #rrggbb', (f: Y.Map<unknown>) => f.set('color', 'url(javascript:x)'), /invalid color/],
    ['a negative width', (f: Y.Map<unknown>) => f.set('width', -1), /invalid width/],
    ['an enormous width', (f: Y.Map<unknown>) => f.set('width', 1e9), /invalid width/],
    ['points that are not an array', (f: Y.Map<unknown>) => f.set('points', 'lots'), /points missing/],
  ])('skips a stroke with %s', (_name, mutate, error) => {
    const doc = docWithShape(newStrokeFields(valid));
    mutate(shapesMap(doc).get('s1') as Y.Map<unknown>);
    const result = readShape('s1', shapesMap(doc).get('s1'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });

  it.each([
    ['a ragged point list', [1, 2, 0.5, 3]],
    ['a NaN coordinate', [Number.NaN, 2, 0.5]],
    ['a coordinate out of range', [1e12, 2, 0.5]],
    ['a pressure above 1', [1, 2, 7]],
    ['a string among the numbers', [1, '2', 0.5]],
  ])('skips a stroke with %s', (_name, points) => {
    const fields = newStrokeFields(valid);
    const doc = docWithShape(fields);
    const array = fields.get('points') as Y.Array<unknown>;
    doc.transact(() => {
      array.delete(0, array.length);
      array.push(points as unknown[]);
    });
    expect(readShape('s1', fields).ok).toBe(false);
  });

  it('skips a value that is not a map', () => {
    expect(readShape('s1', 'not a shape').ok).toBe(false);
  });
});

describe('isZKey', () => {
  it('accepts fractional-index keys and refuses others', () => {
    expect(['a0', 'a1', 'a0V', 'Zz', 'b12'].every(isZKey)).toBe(true);
    expect(['', '0a', 'a-1', 'a b', 'x'.repeat(300), 7].some(isZKey)).toBe(false);
  });
});

describe('initBoard', () => {
  it('stamps the schema version once', () => {
    const doc = new Y.Doc();
    initBoard(doc);
    expect(metaMap(doc).get('schemaVersion')).toBe(BOARD_SCHEMA_VERSION);
    metaMap(doc).set('schemaVersion', 99);
    initBoard(doc);
    expect(metaMap(doc).get('schemaVersion')).toBe(99);
  });
});
