/** The history thread gives what the calling thread would; a large room's document, in a pool thread, takes the change. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryChangeResponse, VersionInfo } from '../../protocol/history';
import { SqliteStorage } from '../storage/sqlite-storage';
import { connectClient, eventually, serverDoc, startTestServer, synced, tokenFor } from '../testing/harness';
import { threadUrl } from '../testing/threads';
import { decodeShares } from './attribution';
import { INLINE_WORK, ThreadWork } from './history-work';
import { foldLog, type LogEntry } from './segments';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A board whose changes after its first version are Carol's: the parts, and what she created and deleted. */
function history(): { parts: Uint8Array[]; created: Uint8Array; deleted: Uint8Array } {
  const doc = new Y.Doc();
  const log: LogEntry[] = [];
  let author = { name: 'Alice', color: '#e03131' };
  doc.on('update', (update: Uint8Array) => log.push({ seq: log.length + 1, data: update, author }));
  doc.getMap('shapes').set('kept', 1);
  const version = log.length;
  author = { name: 'Carol', color: '#2f9e44' };
  doc.getMap('shapes').set('scribble', 2);
  doc.getMap('shapes').delete('kept');
  const segments = foldLog(log, [version]);
  const [carol] = decodeShares((segments[1] as { shares: Uint8Array }).shares);
  return { parts: segments.map((s) => s.data), created: carol?.created as Uint8Array, deleted: carol?.deleted as Uint8Array };
}

function board(parts: Uint8Array[], change: Uint8Array | null): unknown {
  const doc = new Y.Doc();
  for (const part of [...parts, ...(change ? [change] : [])]) Y.applyUpdate(doc, part);
  return doc.getMap('shapes').toJSON();
}

describe('the history thread', () => {
  it('encodes a version and undoes changes as the calling thread does', async () => {
    const work = new ThreadWork(await threadUrl('history/history-thread.ts'));
    cleanups.push(() => work.close());
    const { parts, created, deleted } = history();
    expect(board([await work.state(parts)], null)).toEqual({ scribble: 2 });
    expect(await work.state(parts)).toEqual(await INLINE_WORK.state(parts));
    const undone = await work.undo(parts, created, deleted);
    expect(board(parts, undone)).toEqual({ kept: 1 });
    expect(board(parts, await INLINE_WORK.undo(parts, created, deleted))).toEqual({ kept: 1 });
  });

  it('restores a version of a large room, whose document lives in a pool thread', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-history-pool-'));
    const server = await startTestServer({
      storage: new SqliteStorage(dir),
      engineThreads: { url: await threadUrl('engine/engine-thread.ts'), threads: 1 },
      history: { thread: await threadUrl('history/history-thread.ts'), policy: { quietMs: 3_600_000, handoffMs: 3_600_000, maxIntervalMs: 3_600_000 } },
      limits: { roomThreadBytes: 1 },
    });
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }), () => server.close());
    const client = connectClient(server, 'big');
    cleanups.push(() => client.destroy());
    await synced(client);
    client.doc.getMap('shapes').set('a', 1);
    await eventually(() => server.rooms.loaded('big')?.inPool === true, 5_000, 'the room in the pool');
    await serverDoc(server, 'big');
    const auth = { authorization: `Bearer ${tokenFor('big')}` };
    const named = await fetch(`${server.url}/api/rooms/big/history`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'One' }) });
    const version = (await named.json()) as VersionInfo;
    client.doc.getMap('shapes').delete('a');
    for (let tries = 0; (await serverDoc(server, 'big')).getMap('shapes').has('a'); tries++) {
      if (tries > 100) throw new Error('the deletion never reached the server');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const restored = await fetch(`${server.url}/api/rooms/big/history/${version.id}/restore`, { method: 'POST', headers: auth });
    expect(((await restored.json()) as HistoryChangeResponse).changed).toBe(true);
    await eventually(() => client.doc.getMap('shapes').get('a') === 1, 5_000, 'the restore reaching the client');
    expect((await serverDoc(server, 'big')).getMap('shapes').toJSON()).toEqual({ a: 1 });
  });
});
