/**
 * Access across the instances of a cluster (real Redis and PostgreSQL, instances in one process): a viewer's write is
 * refused whichever instance it reaches; revoking a room's links on one instance closes their holders on the others
 * (4403), and an instance that had the old generation cached refuses the old link from then on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../protocol/close-code';
import { Role } from '../../protocol/role';
import type { RoomLinksResponse } from '../../protocol/room-api';
import { parseInviteLink } from '../../protocol/invite-link';
import { closeAfterEach } from '../testing/cleanups';
import { startClusterInstance, type Services } from '../testing/cluster';
import { eventually, tokenFor, wsUrl } from '../testing/harness';
import { startPostgres, type RunningPostgres } from '../testing/postgres';
import { startRedis, type RunningRedis } from '../testing/redis';
import { connectRaw, upgradeStatus } from '../testing/ws-client';

const { track } = closeAfterEach();
let redis: RunningRedis;
let postgres: RunningPostgres;
let services: Services;

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  services = { redisUrl: redis.url, databaseUrl: postgres.url };
}, 120_000);

afterAll(async () => {
  await Promise.all([redis?.destroy(), postgres?.destroy()]);
});

describe('access across instances', () => {
  it('refuses a viewer\'s write on every instance', async () => {
    const nodes = [track(await startClusterInstance(services)), track(await startClusterInstance(services))];
    const editor = track(await connectRaw(nodes[0]!.server, 'viewed'));
    for (const node of nodes) {
      const viewer = track(await connectRaw(node.server, 'viewed', { role: Role.Viewer }));
      viewer.doc.getMap('m').set('sneaky', 1);
      expect((await viewer.waitClosed(10_000)).code).toBe(CloseCode.PolicyViolation);
    }
    editor.doc.getMap('m').set('fine', 1);
    const check = track(await connectRaw(nodes[1]!.server, 'viewed'));
    await eventually(() => check.doc.getMap('m').get('fine') === 1, 10_000, 'the editor\'s write');
    expect(check.doc.getMap('m').has('sneaky')).toBe(false);
  });

  it('closes the holders of revoked links on the other instances, and refuses those links there', async () => {
    const [first, second, third] = [track(await startClusterInstance(services)), track(await startClusterInstance(services)), track(await startClusterInstance(services))];
    const room = 'revoked-room';
    const onSecond = track(await connectRaw(second.server, room));
    const onThird = track(await connectRaw(third.server, room, { role: Role.Viewer }));
    // The second instance has admitted the old link, so it knows the room's old generation.
    expect(await upgradeStatus(`${wsUrl(second.server)}/${room}?token=${tokenFor(room)}`)).toBe(101);

    const response = await fetch(`${first.server.url}/api/rooms/${room}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${tokenFor(room)}` } });
    expect(response.status).toBe(200);
    const links = ((await response.json()) as RoomLinksResponse).links;
    for (const holder of [onSecond, onThird]) expect((await holder.waitClosed(10_000)).code).toBe(CloseCode.LinkRevoked);
    for (const node of [first, second, third]) expect(await upgradeStatus(`${wsUrl(node.server)}/${room}?token=${tokenFor(room)}`)).toBe(403);
    // The new link works everywhere.
    const fresh = parseInviteLink(links.editor?.web ?? '');
    if (!fresh.ok) throw new Error(fresh.error);
    for (const node of [first, second, third]) expect(await upgradeStatus(`${wsUrl(node.server)}/${room}?token=${fresh.invite.token}`)).toBe(101);
  });
});
