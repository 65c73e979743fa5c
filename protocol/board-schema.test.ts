import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { BOARD_SCHEMA_VERSION, MAX_TEXT_LENGTH, initBoard, isZKey, metaMap, newShapeFields, newStrokeFields, readShape, schemaStatus, shapesMap, type ShapeInit } from './board-schema';

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
    expect(result).toEqual({ ok: true, shape: { id: 's1', type: 'stroke', x: 0, y: 0, rotation: 0, opacity: 1, ...valid } });
  });

  it('reads a version 1 stroke (no placement fields) at the origin, unrotated and opaque', () => {
    const fields = new Y.Map<unknown>();
    const doc = docWithShape(fields);
    const points = new Y.Array<number>();
    doc.transact(() => {
      points.push([1, 2, 0.5]);
      fields.set('type', 'stroke');
      fields.set('z', 'a0');
      fields.set('color', '#1f2328');
      fields.set('width', 4);
      fields.set('points', points);
    });
    expect(readShape('s1', fields)).toMatchObject({ ok: true, shape: { x: 0, y: 0, rotation: 0, opacity: 1, points: [1, 2, 0.5] } });
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

const base = { z: 'a0', x: 10, y: 20, rotation: 0, opacity: 1 };
const examples: ShapeInit[] = [
  { ...base, type: 'rect', w: 100, h: 50, color: '#1f2328', fill: 'transparent', width: 4 },
  { ...base, type: 'ellipse', w: 100, h: 50, color: '#1f2328', fill: '#a5d8ff', width: 2 },
  { ...base, type: 'arrow', points: [0, 0, 100, 40], color: '#e03131', width: 4, startHead: 'none', endHead: 'arrow' },
  { ...base, type: 'text', text: 'Hello\nworld', fontSize: 24, color: '#1f2328', w: 80, h: 60 },
  { ...base, type: 'sticky', text: 'Ship it', fontSize: 20, color: '#1f2328', fill: '#ffec99', w: 200, h: 200 },
  { ...base, type: 'image', assetId: 'abc_123', w: 160, h: 100 },
];

describe('readShape, every type', () => {
  it.each(examples.map((e) => [e.type, e] as const))('reads a valid %s as it was written', (_type, init) => {
    const doc = docWithShape(newShapeFields(init));
    expect(readShape('s1', shapesMap(doc).get('s1'))).toEqual({ ok: true, shape: { id: 's1', ...init } });
  });

  it.each([
    ['a rect without x', 0, (f: Y.Map<unknown>) => f.delete('x'), /invalid x/],
    ['a rect with a NaN width', 0, (f: Y.Map<unknown>) => f.set('w', Number.NaN), /invalid w/],
    ['an ellipse with a fill that is not a colour', 1, (f: Y.Map<unknown>) => f.set('fill', 'red; x'), /invalid fill/],
    ['an arrow with one point', 2, (f: Y.Map<unknown>) => f.set('points', [0, 0]), /invalid points length/],
    ['an arrow with an unknown head', 2, (f: Y.Map<unknown>) => f.set('endHead', 'rocket'), /invalid endHead/],
    ['a text that is not a string', 3, (f: Y.Map<unknown>) => f.set('text', 42), /invalid text/],
    ['a text of absurd length', 3, (f: Y.Map<unknown>) => f.set('text', 'x'.repeat(100_000)), /invalid text/],
    ['a text with a zero font size', 3, (f: Y.Map<unknown>) => f.set('fontSize', 0), /invalid fontSize/],
    ['a note with a transparent paper', 4, (f: Y.Map<unknown>) => f.set('fill', 'transparent'), /invalid fill/],
    ['an image with a path for an asset id', 5, (f: Y.Map<unknown>) => f.set('assetId', '../etc/passwd'), /invalid assetId/],
    ['a shape rotated absurdly', 0, (f: Y.Map<unknown>) => f.set('rotation', 1e12), /invalid rotation/],
    ['a shape with opacity above 1', 0, (f: Y.Map<unknown>) => f.set('opacity', 3), /invalid opacity/],
  ])('skips %s', (_name, which, mutate, error) => {
    const doc = docWithShape(newShapeFields(examples[which] as ShapeInit));
    mutate(shapesMap(doc).get('s1') as Y.Map<unknown>);
    const result = readShape('s1', shapesMap(doc).get('s1'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});

describe('isZKey', () => {
  it('accepts fractional-index keys and refuses others', () => {
    expect(['a0', 'a1', 'a0V', 'Zz', 'b12'].every(isZKey)).toBe(true);
    expect(['', '0a', 'a-1', 'a b', 'x'.repeat(300), 7].some(isZKey)).toBe(false);
  });
});

describe('initBoard', () => {
  it('raises a version 1 board to the current version, and reports versions', () => {
    const doc = new Y.Doc();
    expect(schemaStatus(doc)).toBe('unmarked');
    metaMap(doc).set('schemaVersion', 1);
    expect(schemaStatus(doc)).toBe('older');
    initBoard(doc);
    expect(metaMap(doc).get('schemaVersion')).toBe(BOARD_SCHEMA_VERSION);
    expect(schemaStatus(doc)).toBe('current');
  });

  it('stamps the schema version once', () => {
    const doc = new Y.Doc();
    initBoard(doc);
    expect(metaMap(doc).get('schemaVersion')).toBe(BOARD_SCHEMA_VERSION);
    metaMap(doc).set('schemaVersion', 99);
    initBoard(doc);
    expect(metaMap(doc).get('schemaVersion')).toBe(99);
  });
});

describe('readShape, version 3 fields', () => {
  const rect: ShapeInit = { ...base, type: 'rect', w: 100, h: 50, color: '#1f2328', fill: 'transparent', width: 4 };
  const arrow: ShapeInit = { ...base, type: 'arrow', points: [0, 0, 100, 40], color: '#e03131', width: 4, startHead: 'none', endHead: 'arrow' };

  it.each<[string, ShapeInit]>([
    ['a rectangle with a label', { ...rect, label: 'Start here', fontSize: 18 }],
    ['an arrow bound at both ends, elbow routed', { ...arrow, start: { id: 'box1', ax: 0.5, ay: 0.5 }, end: { id: 'box_2', ax: 0, ay: 1 }, route: 'elbow' }],
    ['a frame', { ...base, type: 'frame', w: 800, h: 600, name: 'Sign-up flow' }],
    ['a locked, grouped shape in a frame', { ...rect, locked: true, groupIds: ['g1', 'g2'], frameId: 'frame1' }],
  ])('reads %s as it was written', (_name, init) => {
    const doc = docWithShape(newShapeFields(init));
    expect(readShape('s1', shapesMap(doc).get('s1'))).toEqual({ ok: true, shape: { id: 's1', ...init } });
  });

  it('stores texts and labels as Y.Text', () => {
    const doc = docWithShape(newShapeFields({ ...rect, label: 'Hi' }));
    expect((shapesMap(doc).get('s1') as Y.Map<unknown>).get('label')).toBeInstanceOf(Y.Text);
  });

  it.each([
    ['a binding to something that is not a shape id', 1, (f: Y.Map<unknown>) => f.set('start', { id: '../x', ax: 0.5, ay: 0.5 }), /invalid start/],
    ['a binding anchored outside its shape', 1, (f: Y.Map<unknown>) => f.set('end', { id: 'b', ax: 3, ay: 0.5 }), /invalid end/],
    ['an unknown route', 1, (f: Y.Map<unknown>) => f.set('route', 'curvy'), /invalid route/],
    ['a label that is not text', 0, (f: Y.Map<unknown>) => f.set('label', 12), /invalid label/],
    ['a lock that is not true', 0, (f: Y.Map<unknown>) => f.set('locked', 'yes'), /invalid locked/],
    ['an empty group list', 0, (f: Y.Map<unknown>) => f.set('groupIds', []), /invalid groupIds/],
    ['a frame id that is not an id', 0, (f: Y.Map<unknown>) => f.set('frameId', 42), /invalid frameId/],
    ['a frame with an absurd name', 2, (f: Y.Map<unknown>) => f.set('name', 'x'.repeat(1000)), /invalid name/],
  ])('skips %s', (_name, which, mutate, error) => {
    const inits: ShapeInit[] = [rect, arrow, { ...base, type: 'frame', w: 10, h: 10, name: 'F' }];
    const doc = docWithShape(newShapeFields(inits[which] as ShapeInit));
    mutate(shapesMap(doc).get('s1') as Y.Map<unknown>);
    const result = readShape('s1', shapesMap(doc).get('s1'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});

describe('texts past the limit', () => {
  it('read a merged Y.Text cut to the limit, where a plain string that long is refused', () => {
    const doc = docWithShape(newShapeFields({ ...base, type: 'sticky', text: '', fontSize: 20, color: '#1f2328', fill: '#ffec99', w: 200, h: 200 }));
    const fields = shapesMap(doc).get('s1') as Y.Map<unknown>;
    (fields.get('text') as Y.Text).insert(0, 'y'.repeat(MAX_TEXT_LENGTH + 10));
    const read = readShape('s1', fields);
    expect(read.ok && 'text' in read.shape ? read.shape.text.length : -1).toBe(MAX_TEXT_LENGTH);
  });
});
