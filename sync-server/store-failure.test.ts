import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../protocol/close-code';
import { MemoryStorage } from './storage/memory-storage';
import { closeAfterEach } from './testing/cleanups';
import { eventually, startTestServer } from './testing/harness';
import { connectRaw } from './testing/ws-client';

const { cleanups } = closeAfterEach();

/** Storage that fails every append while `full` is set: on its immediate path or its queued one. */
class FillingStorage extends MemoryStorage {
  full = false;

  constructor(private readonly failsOn: 'immediate' | 'queued') {
    super();
  }

  override appendNow(room: string, update: Uint8Array): boolean {
    if (this.full && this.failsOn === 'immediate') throw new Error('disk full');
    if (this.full) return false;
    return super.appendNow(room, update);
  }

  override async appendUpdate(room: string, update: Uint8Array): Promise<void> {
    if (this.full) throw new Error('disk full');
    await super.appendUpdate(room, update);
  }
}

describe.each(['immediate', 'queued'] as const)('an update storage refuses (%s path)', (failsOn) => {
  it('reaches nobody: its sender is closed with 1011, the room goes on without it', async () => {
    const storage = new FillingStorage(failsOn);
    // The refused edit is the third update, which starts a compaction: it must not store it.
    const server = await startTestServer({ storage, limits: { compactAfterUpdates: 3 } });
    cleanups.push(() => server.close());
    const writer = await connectRaw(server, 'full');
    const reader = await connectRaw(server, 'full');
    cleanups.push(() => writer.close(), () => reader.close());
    await eventually(() => writer.synced && reader.synced, 5_000, 'both synced');

    writer.doc.getText('t').insert(0, 'ke');
    await eventually(() => reader.doc.getText('t').toString() === 'ke', 5_000, 'the first edit relayed');
    writer.doc.getText('t').insert(2, 'pt ');
    await eventually(() => reader.doc.getText('t').toString() === 'kept ', 5_000, 'the stored edit relayed');

    storage.full = true;
    writer.doc.getText('t').insert(5, 'lost');
    const closed = await writer.closed;
    expect(closed.code).toBe(CloseCode.InternalError);
    expect(closed.reason).toBe('the server could not store this change');

    // The room is rebuilt from storage; a joiner and the reader see only what was stored.
    storage.full = false;
    const joiner = await connectRaw(server, 'full');
    cleanups.push(() => joiner.close());
    await eventually(() => joiner.synced && joiner.doc.getText('t').toString() === 'kept ', 5_000, 'the joiner synced');
    reader.doc.getText('t').insert(5, 'after');
    await eventually(() => joiner.doc.getText('t').toString() === 'kept after', 5_000, 'a later edit relayed');
    expect(reader.doc.getText('t').toString()).toBe('kept after');
    const stored = new Y.Doc();
    for (const update of await storage.loadRoom('full')) Y.applyUpdate(stored, update);
    expect(stored.getText('t').toString()).toBe('kept after');
  });
});
