import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { MessageType } from '../../protocol/message-type';
import { FULL_STATE_TAIL_MAX_SHARE, FULL_STATE_TAIL_MERGE_UPDATES, FullStateCache } from './full-state';
import { encodeUpdateMessage, lacksWholeDocument } from './sync-protocol';
import { closeAfterEach } from '../testing/cleanups';
import { connectClient, eventually, startTestServer, synced } from '../testing/harness';
import { connectRaw } from '../testing/ws-client';

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

/**
 * A ~20 KB board with a cache that has encoded it and, as the room does, is fed every update
 * after that, framed.
 */
function cachedBigBoard(): { doc: Y.Doc; cache: FullStateCache; encoded: Uint8Array } {
  const doc = bigBoard();
  const cache = new FullStateCache();
  doc.on('update', (update: Uint8Array) => cache.extend(update, encodeUpdateMessage(update)));
  return { doc, cache, encoded: cache.get(doc)[0]! };
}

/** A client with nothing, reading the frames in order as y-protocols does. */
function receive(frames: readonly Uint8Array[]) {
  const doc = new Y.Doc();
  let pendingBeforeStep2: unknown[] = [];
  for (const frame of frames) {
    const decoder = decoding.createDecoder(frame);
    expect(decoding.readVarUint(decoder)).toBe(MessageType.Sync);
    if (frame === frames.at(-1)) pendingBeforeStep2 = [doc.store.pendingStructs, doc.store.pendingDs];
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, null);
  }
  return {
    text: doc.getText('t').toString(),
    points: doc.getArray('points').toArray(),
    pending: [doc.store.pendingStructs, doc.store.pendingDs],
    pendingBeforeStep2,
  };
}

/** A board of ~20 KB, big enough that a few dozen small edits stay a small share of it. */
function bigBoard(): Y.Doc {
  const doc = board();
  doc.getText('notes').insert(0, 'a long note on the board. '.repeat(800));
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
      expect(cache.get(doc)).toEqual([step2For(doc, stateVector)]);
    }
  });

  it('is not used for a client that has part of the board', () => {
    const doc = board();
    const [first] = doc.store.clients.keys();
    expect(lacksWholeDocument(doc, Y.decodeStateVector(vector([[first!, 1]])))).toBe(false);
    expect(lacksWholeDocument(doc, Y.decodeStateVector(Y.encodeStateVector(doc)))).toBe(false);
  });

  it('is encoded once and shared until a transfer detached it', () => {
    const doc = board();
    const cache = new FullStateCache();
    const [first] = cache.get(doc);
    expect(cache.get(doc)[0]).toBe(first);
    structuredClone(first!.buffer, { transfer: [first!.buffer] });
    expect(cache.get(doc)).toEqual([step2For(doc, vector([]))]);
  });

  it('after edits, sends the edits first and then the board it encoded, which together are the board now', () => {
    const { doc, cache, encoded } = cachedBigBoard();
    const text = doc.getText('t');
    text.insert(0, 'after ');
    text.delete(2, 7); // deletes both old and new characters: the tail's delete set reaches into the board
    doc.getArray<number>('points').push([9]);
    const frames = cache.get(doc);
    expect(frames).toHaveLength(4);
    expect(frames[3], 'the board is not encoded again').toBe(encoded);
    const joiner = receive(frames);
    expect(joiner.text).toBe(text.toString());
    expect(joiner.points).toEqual(doc.getArray('points').toArray());
    expect(joiner.pending, 'nothing is left pending once the step 2 is in').toEqual([null, null]);
    expect(joiner.pendingBeforeStep2, 'the edits wait in Yjs for the board they build on').not.toEqual([null, null]);
  });

  it('merges a long tail into one frame', () => {
    const { doc, cache, encoded } = cachedBigBoard();
    const points = doc.getArray<number>('points');
    for (let i = 0; i < FULL_STATE_TAIL_MERGE_UPDATES + 5; i++) points.push([i]);
    const frames = cache.get(doc);
    expect(frames).toHaveLength(2);
    expect(frames[1]).toBe(encoded);
    expect(receive(frames).points).toEqual(points.toArray());
    // More edits after the merge join the merged frame's tail.
    points.push([100]);
    const more = cache.get(doc);
    expect(more).toHaveLength(3);
    expect(receive(more).points).toEqual(points.toArray());
  });

  it('encodes the board afresh once the tail outgrows its share of the board', () => {
    const { doc, cache, encoded } = cachedBigBoard();
    const text = doc.getText('t');
    while (cache.get(doc).at(-1) === encoded) text.insert(0, 'x'.repeat(10));
    const tailBytes = Y.encodeStateAsUpdate(doc).length - encoded.length;
    expect(tailBytes).toBeGreaterThan(encoded.length * FULL_STATE_TAIL_MAX_SHARE * 0.5);
    expect(cache.get(doc)).toEqual([step2For(doc, vector([]))]);
  });

  it('encodes the board afresh when a frame of the tail was transferred away', () => {
    const { doc, cache } = cachedBigBoard();
    doc.getText('t').insert(0, 'moved ');
    const [edit] = cache.get(doc);
    structuredClone(edit!.buffer, { transfer: [edit!.buffer as ArrayBuffer] });
    expect(cache.get(doc)).toEqual([step2For(doc, vector([]))]);
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

  it('a provider that joins while someone draws has every stroke point when it reports synced', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const artist = connectClient(server, 'drawing');
    cleanups.push(() => artist.destroy());
    const watcher = connectClient(server, 'drawing');
    cleanups.push(() => watcher.destroy());
    await Promise.all([synced(artist), synced(watcher)]);
    const points = artist.doc.getArray<number>('points');
    // A board large enough that the strokes between joiners stay a small tail of it.
    artist.doc.getText('notes').insert(0, 'a long note on the board. '.repeat(800));
    points.push([0, 0]);
    const seen: Array<{ atSync: number; expected: number }> = [];
    for (let joiner = 0; joiner < 6; joiner++) {
      // The artist draws on between joiners, so each joiner's board is cached with a tail.
      for (let i = 0; i < 5 * joiner; i++) points.push([joiner, i]);
      const expected = points.length;
      // What the watcher has, the server has applied.
      await eventually(() => watcher.doc.getArray('points').length === expected, 5_000, 'the points reaching the server');
      const late = connectClient(server, 'drawing');
      cleanups.push(() => late.destroy());
      let atSync = -1;
      late.provider.on('sync', (isSynced: boolean) => {
        if (isSynced && atSync < 0) atSync = late.doc.getArray('points').length;
      });
      await synced(late);
      seen.push({ atSync, expected });
      expect(late.doc.store.pendingStructs).toBeNull();
    }
    expect(seen.map((s) => s.atSync)).toEqual(seen.map((s) => s.expected));
  });
});

