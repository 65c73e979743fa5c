/**
 * Presence belongs to the connection that announced it. A viewer and an editor each try to
 * rename, remove and pin (clock 2^53 − 1) another person's presence: every attempt closes the
 * forger with 1008, the victim's state on a third client is unchanged, and nothing forged is
 * left behind. The same client back on a new connection, while its old one is dead but not yet
 * noticed, does get its presence back.
 */
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { MessageType } from '../protocol/message-type';
import { Role } from '../protocol/role';
import { PRESENCE_MAX_ENTRY_BYTES } from '../protocol/limits';
import { PRESENCE_MAX_IDS_PER_CONNECTION } from './presence-rights';
import { closeAfterEach } from './testing/cleanups';
import { connectClient, eventually, startTestServer, synced, type TestClient } from './testing/harness';
import { RawClient, connectRaw, fetchMetrics, metricValue } from './testing/ws-client';
import type { SyncServer } from './server';

const { track } = closeAfterEach();

/** An awareness message setting `clientId`'s state at `clock`, as any client could craft it. */
function presenceMessage(entries: Array<{ clientId: number; clock: number; state: Record<string, unknown> | null }>): Uint8Array {
  const scratch = new Awareness(new Y.Doc());
  for (const { clientId, clock, state } of entries) {
    if (state !== null) scratch.states.set(clientId, state);
    scratch.meta.set(clientId, { clock, lastUpdated: 0 });
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(scratch, entries.map((entry) => entry.clientId)));
  scratch.destroy();
  return encoding.toUint8Array(encoder);
}

async function room(server: SyncServer): Promise<{ victim: RawClient; observer: TestClient; victimState: () => unknown }> {
  const victim = track(await connectRaw(server, 'board', { presence: { name: 'Victim' } }));
  // The observer is an official y-websocket client: it echoes every presence change it hears
  // back to the server, other people's included, and must never be taken for a forger.
  const observer = track(connectClient(server, 'board'));
  observer.provider.awareness.setLocalStateField('name', 'Observer');
  await synced(observer);
  const victimState = (): unknown => observer.provider.awareness.getStates().get(victim.doc.clientID);
  await eventually(() => victimState() !== undefined, 5_000, 'the victim seen by the observer');
  return { victim, observer, victimState };
}

describe('presence ownership', () => {
  it('closes a viewer and an editor that rename, remove or pin someone else, and keeps the victim as they were', async () => {
    const server = track(await startTestServer({ limits: { presenceProbeMs: 1_000 } }));
    const { victim, observer, victimState } = await room(server);
    const id = victim.doc.clientID;
    const clock = (): number => victim.awareness.meta.get(id)?.clock ?? 0;
    const attempts: Array<[string, () => Uint8Array]> = [
      ['rename', () => presenceMessage([{ clientId: id, clock: clock() + 1, state: { name: 'Mallory' } }])],
      ['remove', () => presenceMessage([{ clientId: id, clock: clock() + 1, state: null }])],
      ['pin', () => presenceMessage([{ clientId: id, clock: Number.MAX_SAFE_INTEGER, state: { name: 'Pinned' } }])],
      // Hidden among the forger's own entry.
      ['rename beside its own', () => presenceMessage([{ clientId: 424242, clock: 1, state: { name: 'Me' } }, { clientId: id, clock: clock() + 5, state: { name: 'Mallory' } }])],
    ];
    for (const role of [Role.Viewer, Role.Editor]) {
      for (const [name, message] of attempts) {
        const forger = track(await connectRaw(server, 'board', { role }));
        forger.send(message());
        const closed = await forger.waitClosed(5_000);
        expect(closed.code, `${role} ${name}`).toBe(1008);
        expect(victimState(), `${role} ${name}`).toEqual({ name: 'Victim' });
      }
    }

    // The victim is not pinned: its own next change shows.
    victim.awareness.setLocalState({ name: 'Victim, renamed by themself' });
    await eventually(() => (victimState() as { name?: string } | undefined)?.name === 'Victim, renamed by themself', 5_000, "the victim's own change");
    // Nothing forged remains, for those here and for a late joiner.
    const late = track(await connectRaw(server, 'board'));
    await eventually(() => late.awareness.getStates().has(id), 5_000, 'presence sent to the late joiner');
    const names = [...late.awareness.getStates().values()].map((state) => (state as { name?: string }).name).sort();
    expect(names).toEqual(['Observer', 'Victim, renamed by themself']);
    expect(observer.provider.wsconnected).toBe(true);
    expect(victim.isOpen).toBe(true);
    expect(metricValue(await fetchMetrics(server), 'whiteboard_protocol_closes_total', { code: '1008' })).toBe(8);
    expect(metricValue(await fetchMetrics(server), 'whiteboard_updates_refused_total', { reason: '1008' })).toBeUndefined();
  });

  it("hands a client's presence to its new connection when the old one no longer answers", async () => {
    const server = track(await startTestServer({ limits: { presenceProbeMs: 300 } }));
    const observer = track(connectClient(server, 'board'));
    await synced(observer);
    // The old connection: its client moved to another network, so it never answers again.
    const doc = new Y.Doc();
    const old = track(await connectRaw(server, 'board', { doc, autoPong: false, presence: { name: 'Ada', device: 'wifi' } }));
    const state = (): unknown => observer.provider.awareness.getStates().get(doc.clientID);
    await eventually(() => state() !== undefined, 5_000, 'the old presence');
    const clock = old.awareness.meta.get(doc.clientID)?.clock ?? 0;

    const again = new Y.Doc();
    again.clientID = doc.clientID;
    const back = track(await connectRaw(server, 'board', { doc: again }));
    back.send(presenceMessage([{ clientId: doc.clientID, clock: clock + 1, state: { name: 'Ada', device: 'ethernet' } }]));
    await eventually(() => (state() as { device?: string } | undefined)?.device === 'ethernet', 5_000, 'the presence on the new connection');
    await eventually(() => old.closeInfo !== null, 5_000, 'the dead connection dropped');
    expect(back.isOpen).toBe(true);
    // And it is the new connection's now: when it goes, the presence goes.
    await back.close();
    await eventually(() => state() === undefined, 5_000, 'presence gone with its connection');
  });

  it('refuses a presence entry over the size limit, and more ids than a connection may own', async () => {
    const server = track(await startTestServer());
    const { victimState } = await room(server);
    const big = track(await connectRaw(server, 'board'));
    big.send(presenceMessage([{ clientId: 777, clock: 1, state: { name: 'x'.repeat(PRESENCE_MAX_ENTRY_BYTES) } }]));
    expect((await big.waitClosed()).code).toBe(1008);

    const many = track(await connectRaw(server, 'board'));
    for (let i = 0; i <= PRESENCE_MAX_IDS_PER_CONNECTION; i++) many.send(presenceMessage([{ clientId: 9000 + i, clock: 1, state: { name: `clone ${i}` } }]));
    const closed = await many.waitClosed();
    expect(closed.code).toBe(1008);
    expect(closed.reason).toContain('at most');
    expect(victimState()).toEqual({ name: 'Victim' });
  });
});
