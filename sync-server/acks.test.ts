import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { readAck } from '../protocol/ack';
import { MessageType } from '../protocol/message-type';
import type { SyncServer } from './server';
import { MemoryStorage } from './storage/memory-storage';
import { eventually, startTestServer } from './testing/harness';
import { RawClient, wsRoomUrl } from './testing/ws-client';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(server: SyncServer, room: string, acks: boolean): Promise<{ client: RawClient; acks: Array<Map<number, number>> }> {
  const client = new RawClient(`${wsRoomUrl(server, room)}${acks ? '&acks=1' : ''}`);
  cleanups.push(() => client.close());
  const received: Array<Map<number, number>> = [];
  client.ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) === MessageType.Ack) received.push(readAck(decoder));
  });
  await client.opened;
  await eventually(() => client.synced, 5_000, 'sync');
  return { client, acks: received };
}

function sendEdit(client: RawClient, edit: (doc: Y.Doc) => void): Uint8Array {
  let update: Uint8Array = new Uint8Array();
  const capture = (u: Uint8Array): void => {
    update = u;
  };
  client.doc.on('update', capture);
  edit(client.doc);
  client.doc.off('update', capture);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeUpdate(encoder, update);
  client.send(encoding.toUint8Array(encoder));
  return update;
}

describe('save acknowledgements', () => {
  it('tell a client that asked, once its update is stored, how far it reached', async () => {
    const storage = new MemoryStorage();
    const server = await startTestServer({ storage });
    cleanups.push(() => server.close());
    const { client, acks } = await open(server, 'acked', true);
    sendEdit(client, (doc) => doc.getText('t').insert(0, 'hello'));
    await eventually(() => acks.length === 1, 5_000, 'an ack');
    expect(acks[0]?.get(client.doc.clientID)).toBe(5);
    expect((await storage.loadRoom('acked')).length).toBeGreaterThan(0);
    sendEdit(client, (doc) => doc.getText('t').insert(5, '!'));
    await eventually(() => acks.length === 2, 5_000, 'a second ack');
    expect(acks[1]?.get(client.doc.clientID)).toBe(6);
  });

  it('are not sent to clients that did not ask (official clients would not know them)', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const { client } = await open(server, 'quiet', false);
    const observer = await open(server, 'quiet', false);
    sendEdit(client, (doc) => doc.getText('t').insert(0, 'hi'));
    await eventually(() => observer.client.doc.getText('t').toString() === 'hi', 5_000, 'relay');
    expect(client.received.get(MessageType.Ack)).toBeUndefined();
  });
});
