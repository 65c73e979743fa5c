/**
 * A board written by schema version 2 (e2e/fixtures/board-v2.whiteboard, made with that
 * version's own code and saved as the desktop app saves files) opens unchanged under this
 * version: every shape reads exactly as version 2 read it (board-v2.json, written by the same
 * run), and a text becomes a Y.Text only when it is edited.
 */
import fs from 'node:fs';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { decodeBoardFile } from './board-file';
import { BOARD_SCHEMA_VERSION, initBoard, metaMap, readShape, shapesMap, type Shape } from './board-schema';
import { applyTextChange } from './board-text';

const fixture = (name: string): URL => new URL(`../e2e/fixtures/${name}`, import.meta.url);
const expected = JSON.parse(fs.readFileSync(fixture('board-v2.json'), 'utf8')) as { schemaVersion: number; shapes: Shape[]; assets: string[] };

function openFixture(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, decodeBoardFile(new Uint8Array(fs.readFileSync(fixture('board-v2.whiteboard')))));
  return doc;
}

function readAll(doc: Y.Doc): Shape[] {
  const shapes: Shape[] = [];
  for (const [id, fields] of shapesMap(doc)) {
    const result = readShape(id, fields);
    if (!result.ok) throw new Error(result.error);
    shapes.push(result.shape);
  }
  return shapes.sort((a, b) => (a.z < b.z ? -1 : a.z > b.z ? 1 : a.id < b.id ? -1 : 1));
}

describe('a version 2 board', () => {
  it('reads every shape exactly as version 2 did', () => {
    const doc = openFixture();
    expect(metaMap(doc).get('schemaVersion')).toBe(2);
    expect(expected.shapes).toHaveLength(9);
    expect(readAll(doc)).toEqual(expected.shapes);
    expect([...doc.getMap('assets').keys()]).toEqual(expected.assets);
  });

  it('is raised to this version without touching a shape', () => {
    const doc = openFixture();
    const before = Y.encodeStateVector(doc);
    let changedShapes = false;
    shapesMap(doc).observeDeep(() => (changedShapes = true));
    initBoard(doc);
    expect(metaMap(doc).get('schemaVersion')).toBe(BOARD_SCHEMA_VERSION);
    expect(changedShapes).toBe(false);
    expect(readAll(doc)).toEqual(expected.shapes);
    expect(Y.encodeStateVector(doc)).not.toEqual(before);
  });

  it('keeps its texts as plain strings until one is edited, which makes that one a Y.Text', () => {
    const doc = openFixture();
    const sticky = expected.shapes.find((s) => s.type === 'sticky') as Shape & { text: string };
    const text = expected.shapes.find((s) => s.type === 'text') as Shape & { text: string };
    const fields = shapesMap(doc).get(sticky.id) as Y.Map<unknown>;
    expect(typeof fields.get('text')).toBe('string');
    doc.transact(() => {
      const converted = new Y.Text(fields.get('text') as string);
      fields.set('text', converted);
    });
    const ytext = fields.get('text') as Y.Text;
    doc.transact(() => applyTextChange(ytext, `${sticky.text}!`));
    expect(readShape(sticky.id, fields)).toEqual({ ok: true, shape: { ...sticky, text: `${sticky.text}!` } });
    // The other text is still a plain string, and still reads as it did.
    expect(typeof (shapesMap(doc).get(text.id) as Y.Map<unknown>).get('text')).toBe('string');
    expect(readShape(text.id, shapesMap(doc).get(text.id))).toEqual({ ok: true, shape: text });
  });
});
