import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { MessageType } from '../protocol/message-type';
import { FullStateCache, lacksWholeDocument } from './full-state';
import { closeAfterEach } from './testing/cleanups';
import { eventually, startTestServer } from './testing/harness';
import { connectRaw } from './testing/ws-client';

const { cleanups } = closeAfterEach();

/** A board edited by three clients, with deletions (so it has a delete set). */
function board(): Y.Doc {
  const doc = new Y.Doc();
  for (let c = 0; c < 3; c++) {
    const author = new Y.Doc();
    Y.applyUpdate(author, Y.encodeStateAsUpdate(doc));
    const text = author.getText('t');
    text.insert(text.length, `author ${c} `.repeat(5));
    author.getArray<number>('points').push([c, c + 1, c + 2]);
    text.delete(0, 3);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(author));
  }
  return doc;
}

/** What y-protocols answers a step 1 with, framed as the server sends it. */
function step2For(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

function vector(entries: Array<[number, number]>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [client, clock] of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}

describe('the whole-board answer to a step 1', () => {
  it('is byte for byte what Yjs computes for every client that lacks the whole board', () => {
    const doc = board();
    const known = [...doc.store.clients.keys()];
    const cache = new FullStateCache();
    const lacking = [vector([]), vector([[123456789, 40]]), vector([[known[0]!, 0], [known[1]!, 0]]), Y.encodeStateVector(new Y.Doc())];
    for (const stateVector of lacking) {
      expect(lacksWholeDocument(doc, Y.decodeStateVector(stateVector))).toBe(true);
      expect(cache.get(doc)).toEqual(step2For(doc, stateVector));
    }
  });

  it('is not used for a client that has part of the board', () => {
    const doc = board();
    const [first] = doc.store.clients.keys();
    expect(lacksWholeDocument(doc, Y.decodeStateVector(vector([[first!, 1]])))).toBe(false);
    expect(lacksWholeDocument(doc, Y.decodeStateVector(Y.encodeStateVector(doc)))).toBe(false);
  });

  it('is encoded once and shared until invalidated, or until a transfer detached it', () => {
    const doc = board();
    const cache = new FullStateCache();
    const first = cache.get(doc);
    expect(cache.get(doc)).toBe(first);
    doc.getText('t').insert(0, 'new ');
    cache.invalidate();
    const second = cache.get(doc);
    expect(second).not.toBe(first);
    expect(second).toEqual(step2For(doc, vector([])));
    structuredClone(second.buffer, { transfer: [second.buffer] });
    const third = cache.get(doc);
    expect(third).toEqual(step2For(doc, vector([])));
  });

  it('always carries the latest board: a fresh joiner after an edit gets that edit', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const editor = await connectRaw(server, 'joiners');
    cleanups.push(() => editor.close());
    editor.doc.getText('t').insert(0, 'one');
    const first = await connectRaw(server, 'joiners');
    const second = await connectRaw(server, 'joiners');
    cleanups.push(() => first.close(), () => second.close());
    await eventually(() => first.doc.getText('t').toString() === 'one' && second.doc.getText('t').toString() === 'one', 5_000, 'the first joiners');
    editor.doc.getText('t').insert(3, ' two');
    await eventually(() => first.doc.getText('t').toString() === 'one two', 5_000, 'the edit relayed');
    // Joiners that arrive now must not be answered with the board as it was before the edit.
    const late = await connectRaw(server, 'joiners');
    cleanups.push(() => late.close());
    expect(late.synced).toBe(true);
    expect(late.doc.getText('t').toString()).toBe('one two');
    editor.doc.getText('t').delete(0, 4);
    await eventually(() => first.doc.getText('t').toString() === 'two', 5_000, 'the deletion relayed');
    const later = await connectRaw(server, 'joiners');
    cleanups.push(() => later.close());
    expect(later.doc.getText('t').toString()).toBe('two');
  });
});
