import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { applyGuardedUpdate } from './update-guard';

function updateFrom(make: (doc: Y.Doc) => void, base?: Y.Doc): Uint8Array {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  let update: Uint8Array = new Uint8Array();
  doc.on('update', (u: Uint8Array) => (update = u));
  make(doc);
  return update;
}

describe('applyGuardedUpdate', () => {
  it('applies a valid update', () => {
    const doc = new Y.Doc();
    const update = updateFrom((d) => d.getText('t').insert(0, 'hello'));
    expect(applyGuardedUpdate(doc, update, null)).toEqual({ type: 'applied' });
    expect(doc.getText('t').toString()).toBe('hello');
  });

  it('refuses garbage and leaves the document as it was', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'kept');
    const result = applyGuardedUpdate(doc, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x01]), null);
    expect(result.type).toBe('refused');
    expect(doc.getText('t').toString()).toBe('kept');
    expect(doc.store.pendingStructs).toBeNull();
  });

  it('reports an update whose dependencies the document lacks, with its remainder, and keeps nothing pending', () => {
    const origin = new Y.Doc();
    const first = updateFrom((d) => d.getText('t').insert(0, 'abc'));
    Y.applyUpdate(origin, first);
    const second = updateFrom((d) => d.getText('t').insert(3, 'def'), origin);
    const doc = new Y.Doc();
    const result = applyGuardedUpdate(doc, second, null);
    expect(result.type).toBe('incomplete');
    expect(doc.store.pendingStructs).toBeNull();
    expect(doc.store.pendingDs).toBeNull();
    expect(doc.getText('t').toString()).toBe('');
    // Once the missing history arrives, the held remainder (V2) applies completely.
    expect(applyGuardedUpdate(doc, first, null)).toEqual({ type: 'applied' });
    const remainder = result.type === 'incomplete' ? result.remainder : [];
    expect(remainder.length).toBeGreaterThan(0);
    for (const part of remainder) expect(applyGuardedUpdate(doc, part, null, 'v2')).toEqual({ type: 'applied' });
    expect(doc.getText('t').toString()).toBe('abcdef');
  });

  it('never leaves pending state behind, over many mutated updates', () => {
    let seed = 0x5eed;
    const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const base = new Y.Doc();
    base.getText('t').insert(0, 'hello world');
    base.getMap('m').set('k', 1);
    let refused = 0;
    for (let i = 0; i < 500; i++) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
      const update = updateFrom((d) => d.getText('t').insert(Math.floor(random() * 11), 'x'), base);
      const mutated = new Uint8Array(update);
      const at = Math.floor(random() * mutated.length);
      mutated[at] = Math.floor(random() * 256);
      if (applyGuardedUpdate(doc, mutated, null).type !== 'applied') refused++;
      expect(doc.store.pendingStructs).toBeNull();
      expect(doc.store.pendingDs).toBeNull();
    }
    expect(refused).toBeGreaterThan(0);
  });
});
