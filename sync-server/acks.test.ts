import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readAck } from '../protocol/ack';
import { MessageType } from '../protocol/message-type';
import type { SyncServer } from './server';
import { MemoryStorage } from './testing/memory-storage';
import { eventually, startTestServer } from './testing/harness';
import { RawClient, wsRoomUrl } from './testing/ws-client';
import { closeAfterEach } from './testing/cleanups';

const { cleanups } = closeAfterEach();

async function open(server: SyncServer, room: string, acks: boolean): Promise<{ client: RawClient; acks: number[] }> {
  const client = new RawClient(`${wsRoomUrl(server, room)}${acks ? '&acks=1' : ''}`);
  cleanups.push(() => client.close());
  const received: number[] = [];
  client.ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) === MessageType.Ack) received.push(readAck(decoder));
  });
  await client.opened;
  await eventually(() => client.synced, 5_000, 'sync');
  return { client, acks: received };
}

describe('save acknowledgements', () => {
  it('count the writes of a client that asked, once what they caused is stored, deletions included', async () => {
    const storage = new MemoryStorage();
    const server = await startTestServer({ storage });
    cleanups.push(() => server.close());
    const { client, acks } = await open(server, 'acked', true);
    // The raw client's own step 2 (its reply to the server's step 1) is its first write.
    await eventually(() => acks.length === 1, 5_000, 'the step 2 ack');
    expect(acks).toEqual([1]);
    client.doc.getText('t').insert(0, 'hello'); // the raw client sends its own edits
    await eventually(() => acks.length === 2, 5_000, 'an ack');
    expect(acks[1]).toBe(2);
    const stored = await storage.loadRoom('acked');
    const restored = new Y.Doc();
    for (const update of stored) Y.applyUpdate(restored, update);
    expect(restored.getText('t').toString()).toBe('hello');
    // A change that only deletes advances no clock, and is acknowledged all the same.
    client.doc.getText('t').delete(0, 5);
    await eventually(() => acks.length === 3, 5_000, 'the deletion ack');
    expect(acks[2]).toBe(3);
  });

  it('are not sent to clients that did not ask (official clients would not know them)', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const { client } = await open(server, 'quiet', false);
    const observer = await open(server, 'quiet', false);
    client.doc.getText('t').insert(0, 'hi');
    await eventually(() => observer.client.doc.getText('t').toString() === 'hi', 5_000, 'relay');
    expect(client.received.get(MessageType.Ack)).toBeUndefined();
  });
});
