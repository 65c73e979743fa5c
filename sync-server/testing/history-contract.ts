/**
 * The history half of the Storage contract (history/history-storage.ts) as tests, for every backend to run on itself:
 * versions where the log ends and who changed what since, every version rebuilt exactly across compactions, retention
 * and the size cap. `open` gives a storage with no room in it yet.
 */
import * as Y from 'yjs';
import { expect, it } from 'vitest';
import { PruneReason } from '../../protocol/history';
import { historyParts } from '../history/rebuild';
import type { Storage } from '../storage/storage';

export const ALICE = { name: 'Alice', color: '#e03131' };
export const BOB = { name: 'Bob', color: '#1971c2' };

/** A person's document whose every change is appended to `storage` under their name. */
export function writer(storage: Storage, room: string, author: typeof ALICE | null) {
  const doc = new Y.Doc();
  const pending: Promise<void>[] = [];
  doc.on('update', (update: Uint8Array) => pending.push(storage.appendUpdate(room, update, author)));
  const shapes = doc.getMap<number>('shapes');
  return {
    doc,
    set: async (key: string, value: number) => {
      shapes.set(key, value);
      await Promise.all(pending);
    },
    remove: async (key: string) => {
      shapes.delete(key);
      await Promise.all(pending);
    },
  };
}

export async function boardAt(storage: Storage, room: string, upto: number | null): Promise<Record<string, number>> {
  const doc = new Y.Doc();
  for (const part of historyParts(await storage.readHistory(room, upto))) Y.applyUpdate(doc, part.update);
  return doc.getMap<number>('shapes').toJSON() as Record<string, number>;
}

export function historyContract(open: () => Storage): void {
  it('marks versions where the log ends, with who changed the board since the one before', async () => {
    const storage = open();
    expect(await storage.addVersion('r', 1_000, null)).toBeNull(); // an empty room has nothing to mark
    const alice = writer(storage, 'r', ALICE);
    await alice.set('a', 1);
    const first = await storage.addVersion('r', 2_000, null);
    expect(first).toMatchObject({ at: 2_000, name: null, authors: [ALICE] });
    expect(await storage.addVersion('r', 3_000, null)).toBeNull(); // nothing changed since
    expect(await storage.addVersion('r', 3_000, 'Draft')).toEqual({ ...first, name: 'Draft' }); // names that version
    const bob = writer(storage, 'r', BOB);
    Y.applyUpdate(bob.doc, Y.encodeStateAsUpdate(alice.doc));
    await bob.set('b', 2);
    const anonymous = writer(storage, 'r', null);
    Y.applyUpdate(anonymous.doc, Y.encodeStateAsUpdate(bob.doc));
    await anonymous.set('c', 3);
    const second = await storage.addVersion('r', 4_000, 'Before review');
    expect(second).toMatchObject({ at: 4_000, name: 'Before review', authors: [BOB] });
    const list = await storage.listVersions('r');
    expect(list.versions.map((v) => v.name)).toEqual(['Draft', 'Before review']);
    expect(list.head).toBe(second?.id);
    expect((await storage.listVersions('other')).versions).toEqual([]);
  });

  it('rebuilds every version exactly, before and after compaction, across many compactions', async () => {
    const storage = open();
    const alice = writer(storage, 'r', ALICE);
    const expected = new Map<number, Record<string, number>>();
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 5; i++) await alice.set(`k${(round * 5 + i) % 7}`, round * 10 + i);
      if (round % 2 === 1) await alice.remove(`k${round}`);
      const version = await storage.addVersion('r', round, null);
      expected.set(version?.id as number, alice.doc.getMap<number>('shapes').toJSON() as Record<string, number>);
      if (round === 2 || round === 4) await storage.compactRoom('r');
    }
    await alice.set('after', 99); // after the last version: not part of it
    for (const [id, board] of expected) expect(await boardAt(storage, 'r', id)).toEqual(board);
    await storage.compactRoom('r');
    for (const [id, board] of expected) expect(await boardAt(storage, 'r', id)).toEqual(board);
    expect(await boardAt(storage, 'r', null)).toEqual(alice.doc.getMap<number>('shapes').toJSON());
    // Compaction folded the log: segments now, ending at each version.
    const read = await storage.readHistory('r', null);
    expect(read.log).toEqual([]);
    for (const id of expected.keys()) expect(read.segments.some((segment) => segment.seq === id)).toBe(true);
  });

  it('forgets versions older than the retention, keeping later ones whole', async () => {
    const storage = open();
    const alice = writer(storage, 'r', ALICE);
    const ids: number[] = [];
    for (let day = 0; day < 4; day++) {
      await alice.set(`day${day}`, day);
      ids.push((await storage.addVersion('r', day * 86_400_000, null))?.id as number);
    }
    const third = await boardAt(storage, 'r', ids[2] as number);
    await storage.compactRoom('r');
    // Keep two days: the first two versions go; the third and fourth rebuild as before.
    const forgotten = await storage.pruneHistory(null, { before: 2 * 86_400_000, maxBytes: null, now: 5 * 86_400_000 });
    expect(forgotten).toBe(2);
    const list = await storage.listVersions('r');
    expect(list.versions.map((v) => v.id)).toEqual(ids.slice(2));
    expect(list.pruned).toEqual({ reason: PruneReason.Age, at: 5 * 86_400_000 });
    expect(await boardAt(storage, 'r', ids[2] as number)).toEqual(third);
    expect(await storage.pruneHistory(null, { before: 2 * 86_400_000, maxBytes: null, now: 6 * 86_400_000 })).toBe(0);
  });

  it('keeps a board\u2019s history under its size cap by forgetting the oldest versions', async () => {
    const storage = open();
    const alice = writer(storage, 'r', ALICE);
    for (let i = 0; i < 10; i++) {
      // The board stays small (one picture, replaced each time); its history grows by a picture a version.
      alice.doc.getMap<unknown>('blobs').set('picture', new Uint8Array(2_000).fill(i));
      await alice.set('edits', i);
      await storage.addVersion('r', i, null);
    }
    await storage.compactRoom('r');
    const before = await storage.listVersions('r');
    expect(before.bytes).toBeGreaterThan(20_000);
    await storage.pruneHistory('r', { before: null, maxBytes: 12_000, now: 42 });
    const after = await storage.listVersions('r');
    expect(after.bytes).toBeLessThanOrEqual(12_000);
    expect(after.versions.length).toBeLessThan(before.versions.length);
    expect(after.versions.length).toBeGreaterThan(0);
    expect(after.pruned).toEqual({ reason: PruneReason.Size, at: 42 });
    const newest = after.versions[after.versions.length - 1]?.id as number;
    expect(await boardAt(storage, 'r', newest)).toEqual(alice.doc.getMap<number>('shapes').toJSON());
  });
}
