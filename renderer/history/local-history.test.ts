import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { decodeLocalHistory } from '../../protocol/history';
import { LOCAL_VERSION_QUIET_MS, LocalHistory } from './local-history';
import { VersionDocs } from './version-docs';

const me = () => ({ name: 'Alice', color: '#e03131' });

afterEach(() => vi.useRealTimers());

async function board(history: LocalHistory, upto: number): Promise<Record<string, unknown>> {
  const parts = await history.parts(0);
  if (!parts.ok) throw new Error(parts.error);
  return new VersionDocs(parts.value).build(upto).getMap('shapes').toJSON();
}

describe('a local board\u2019s history', () => {
  it('makes a version a few seconds after a burst of changes, and rebuilds each one', async () => {
    vi.useFakeTimers();
    const doc = new Y.Doc();
    const history = new LocalHistory({ doc, me, saved: null });
    doc.getMap('shapes').set('a', 1);
    vi.advanceTimersByTime(LOCAL_VERSION_QUIET_MS - 1);
    expect((await history.list()).ok && (await history.list())).toMatchObject({ value: { versions: [] } });
    vi.advanceTimersByTime(1);
    doc.getMap('shapes').set('b', 2);
    doc.getMap('shapes').delete('a');
    vi.advanceTimersByTime(LOCAL_VERSION_QUIET_MS);
    const list = await history.list();
    if (!list.ok) throw new Error('no list');
    expect(list.value.versions.map((v) => v.authors)).toEqual([[me()], [me()]]);
    const [first, second] = list.value.versions;
    expect(await board(history, first!.id)).toEqual({ a: 1 });
    expect(await board(history, second!.id)).toEqual({ b: 2 });
  });

  it('goes into the file and comes back from it, going on where it left off', async () => {
    const doc = new Y.Doc();
    const history = new LocalHistory({ doc, me, saved: null });
    doc.getMap('shapes').set('a', 1);
    expect((await history.nameVersion('Draft')).ok).toBe(true);
    doc.getMap('shapes').set('b', 2);
    const saved = decodeLocalHistory(history.encode()); // saving makes the unsaved changes a version
    expect(saved?.versions.map((v) => v.name)).toEqual(['Draft', null]);
    history.destroy();

    const reopened = new Y.Doc();
    Y.applyUpdate(reopened, Y.encodeStateAsUpdate(doc));
    const again = new LocalHistory({ doc: reopened, me, saved });
    expect((await again.nameVersion('Same')).ok).toBe(true); // nothing changed since: names the last version
    reopened.getMap('shapes').set('c', 3);
    const version = await again.nameVersion('Third');
    expect(version.ok && version.value.name).toBe('Third');
    const list = await again.list();
    expect(list.ok && list.value.versions.map((v) => v.name)).toEqual(['Draft', 'Same', 'Third']);
    expect(await board(again, list.ok ? list.value.versions[0]!.id : 0)).toEqual({ a: 1 });
    expect(await board(again, list.ok ? list.value.versions[2]!.id : 0)).toEqual({ a: 1, b: 2, c: 3 });
  });

  it('counts a board opened from a file without history as one version to make', async () => {
    const doc = new Y.Doc();
    doc.getMap('shapes').set('old', 1);
    const history = new LocalHistory({ doc, me, saved: null });
    const named = await history.nameVersion('As opened');
    expect(named.ok).toBe(true);
    expect(await board(history, named.ok ? named.value.id : 0)).toEqual({ old: 1 });
  });

  it('keeps its size under the cap by merging the oldest versions into the first', async () => {
    const doc = new Y.Doc();
    const history = new LocalHistory({ doc, me, saved: null, maxBytes: 10_000, now: () => 5 });
    for (let i = 0; i < 8; i++) {
      doc.getMap('pictures').set('p', new Uint8Array(3_000).fill(i));
      await history.nameVersion(`v${i}`);
    }
    const list = await history.list();
    if (!list.ok) throw new Error('no list');
    expect(list.value.limits.usedBytes).toBeLessThanOrEqual(10_000);
    expect(list.value.pruned).toEqual({ reason: 'size', at: 5 });
    expect(list.value.versions.map((v) => v.name)).toEqual(['v6', 'v7']);
    const parts = await history.parts(0);
    expect(parts.ok && (new VersionDocs(parts.value).build(list.value.versions[1]!.id).getMap('pictures').get('p') as Uint8Array)[0]).toBe(7);
  });
});
