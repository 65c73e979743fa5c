/**
 * Storage that fails: the relay may run ahead of storage, so a change other clients were already
 * sent may fail to be stored. Then every connection of the room is closed (1011), the failed
 * change is never acknowledged, and once storage works again the clients' reconnects bring it
 * back: nothing is lost.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../protocol/close-code';
import { MemoryStorage } from './testing/memory-storage';
import { closeAfterEach } from './testing/cleanups';
import { eventually, startTestServer } from './testing/harness';
import { connectRaw } from './testing/ws-client';

const { cleanups, track } = closeAfterEach();

/** Storage that fails every append while `full` is set. */
class FillingStorage extends MemoryStorage {
  full = false;

  override async appendUpdate(room: string, update: Uint8Array): Promise<void> {
    if (this.full) throw new Error('disk full');
    await super.appendUpdate(room, update);
  }
}

describe('an update storage refuses', () => {
  it('closes the room\'s connections with 1011, is never acknowledged, and comes back with their reconnects', async () => {
    const storage = new FillingStorage();
    const server = track(await startTestServer({ storage, limits: { compactAfterUpdates: 3 } }));
    const writer = track(await connectRaw(server, 'full', { acks: true }));
    const reader = track(await connectRaw(server, 'full'));
    await eventually(() => writer.synced && reader.synced, 5_000, 'both synced');

    writer.doc.getText('t').insert(0, 'kept ');
    await eventually(() => reader.doc.getText('t').toString() === 'kept ' && writer.acked >= 1, 5_000, 'the first edit relayed and acknowledged');
    const ackedBefore = writer.acked;

    storage.full = true;
    writer.doc.getText('t').insert(5, 'lost?');
    const [writerClosed, readerClosed] = await Promise.all([writer.closed, reader.closed]);
    expect(writerClosed).toEqual({ code: CloseCode.InternalError, reason: 'the server could not store a change; reconnect' });
    expect(readerClosed.code).toBe(CloseCode.InternalError);
    expect(writer.acked).toBe(ackedBefore);

    // Storage works again; the writer comes back with what it has, and the server takes it.
    storage.full = false;
    const back = track(await connectRaw(server, 'full', { doc: writer.doc }));
    await eventually(() => back.synced, 5_000, 'the writer back');
    const joiner = track(await connectRaw(server, 'full'));
    await eventually(() => joiner.doc.getText('t').toString() === 'kept lost?', 5_000, 'the change back in the room');
    const stored = new Y.Doc();
    await eventually(() => {
      void storage.loadRoom('full').then((updates) => updates.forEach((update) => Y.applyUpdate(stored, update)));
      return stored.getText('t').toString() === 'kept lost?';
    }, 5_000, 'the change stored');
  });
});
