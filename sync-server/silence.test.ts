/**
 * A client that sends app-level pings promises to speak every few seconds; when it falls
 * silent (a laptop lid closed, a network switched) the server drops it and its presence at
 * once, instead of waiting for WebSocket ping timeouts. Clients that never ping are not judged.
 */
import { describe, expect, it } from 'vitest';
import type { SyncServer } from './server';
import { connectClient, eventually, startTestServer, synced, type TestClient } from './testing/harness';
import { connectRaw, type RawClient } from './testing/ws-client';
import { closeAfterEach } from './testing/cleanups';

const SILENCE_MS = 400;
const { cleanups, track } = closeAfterEach();

async function server(): Promise<SyncServer> {
  const started = await startTestServer({ limits: { pingingClientSilenceMs: SILENCE_MS } });
  cleanups.push(() => started.close());
  return started;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a pinging client that falls silent', () => {
  it('is dropped, and its cursor disappears for everyone, within the silence limit', async () => {
    const srv = await server();
    const watcher = track(connectClient(srv, 'room'));
    await synced(watcher);
    const sleeper = track(await connectRaw(srv, 'room', { presence: { name: 'Sleeper' } }));
    await eventually(() => [...watcher.provider.awareness.getStates().values()].some((s) => s.name === 'Sleeper'), 5_000, 'presence');
    await sleeper.ping(1);
    // It keeps answering WebSocket pings (the TCP connection looks fine), but says nothing.
    const closed = await sleeper.waitClosed(SILENCE_MS * 10);
    expect(closed.code).toBe(1006);
    await eventually(() => ![...watcher.provider.awareness.getStates().values()].some((s) => s.name === 'Sleeper'), 2_000, 'presence gone');
    expect(watcher.provider.wsconnected).toBe(true);
  });

  it('is not dropped while it keeps pinging, nor is a client that never pings', async () => {
    const srv = await server();
    const pinger = track(await connectRaw(srv, 'room'));
    const quiet = track(connectClient(srv, 'room'));
    await synced(quiet);
    for (let i = 0; i < 8; i++) {
      await pinger.ping(i);
      await sleep(SILENCE_MS / 2);
    }
    expect(pinger.isOpen).toBe(true);
    expect(quiet.provider.wsconnected).toBe(true);
    expect(srv.connectionCount()).toBe(2);
  });
});
