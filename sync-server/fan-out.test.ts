/**
 * Two servers in one process sharing one storage and one in-process fan-out behave as one
 * server to their clients: the shape a cluster has, with Redis and PostgreSQL in their place.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { InProcessFanOut } from './fan-out';
import { MemoryStorage } from './testing/memory-storage';
import { closeAfterEach } from './testing/cleanups';
import { eventually, startTestServer } from './testing/harness';
import { connectRaw } from './testing/ws-client';

const { track } = closeAfterEach();

describe('rooms shared through the fan-out', () => {
  it('carry edits and presence between the clients of two servers, and store each change once', async () => {
    const storage = new MemoryStorage();
    const fanOut = new InProcessFanOut();
    const first = track(await startTestServer({ storage, fanOut }));
    const second = track(await startTestServer({ storage, fanOut }));
    const a = track(await connectRaw(first, 'shared', { presence: { name: 'Ada' } }));
    const b = track(await connectRaw(second, 'shared', { presence: { name: 'Bo' } }));
    a.doc.getMap('m').set('from', 'first');
    b.doc.getMap('m').set('also', 'second');
    await eventually(() => b.doc.getMap('m').get('from') === 'first' && a.doc.getMap('m').get('also') === 'second', 5_000, 'edits across servers');
    await eventually(() => a.awareness.getStates().has(b.doc.clientID) && b.awareness.getStates().has(a.doc.clientID), 5_000, 'presence across servers');
    const stored = new Y.Doc();
    for (const update of await storage.loadRoom('shared')) Y.applyUpdate(stored, update);
    expect(stored.getMap('m').toJSON()).toEqual({ from: 'first', also: 'second' });
    expect(await storage.loadRoom('shared')).toHaveLength(2);
    // A person's presence goes everywhere when they leave.
    const aId = a.doc.clientID;
    await a.close();
    await eventually(() => !b.awareness.getStates().has(aId), 5_000, 'presence gone across servers');
  });
});
