/**
 * A cluster as deployed (sync-server/testing/process-cluster.ts): three instances of the built server sharing boards
 * through real Redis and PostgreSQL, behind Debian's nginx running deploy/nginx/whiteboard-cluster.conf (round-robin,
 * TLS). Six people in one room, spread over the instances: three in the app (Chromium pages) and three official
 * y-websocket clients (Node). Their edits converge, their cursors cross instances, a viewer cannot write, and revoking
 * the links from one page closes the holders of the old link on every instance.
 */
import { WebsocketProvider } from 'y-websocket';
import type { Page } from '@playwright/test';
import type { RoomLinksResponse } from '../protocol/room-api';
import { parseInviteLink } from '../protocol/invite-link';
import { postJson } from '../sync-server/testing/https-post';
import { startProcessCluster, type ProcessCluster } from '../sync-server/testing/process-cluster';
import { connectWssClient } from '../sync-server/testing/wss-client';
import type { TestClient } from '../sync-server/testing/harness';
import { metricValue } from '../sync-server/testing/ws-client';
import { shapeIds, strokeAt } from './collab-helpers';
import { drawPolyline, expect, openLink, test } from './fixtures';

/** Presence colours the app accepts (renderer/collab/identity.ts). */
const COLORS = ['#e03131', '#2f9e44', '#1971c2'];

let cluster: ProcessCluster;
const clients: TestClient[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  cluster = await startProcessCluster();
});

test.afterAll(async () => {
  for (const client of clients) client.destroy();
  await cluster?.stop();
});

function tokenOf(link: string): { room: string; token: string } {
  const parsed = parseInviteLink(link);
  if (!parsed.ok) throw new Error(parsed.error);
  return { room: parsed.invite.room, token: parsed.invite.token };
}

function nodeClient(link: string, name: string, color: string): TestClient & { closes: number[] } {
  const { room, token } = tokenOf(link);
  const client = connectWssClient(cluster.wssUrl, room, { ca: cluster.cert.cert, token });
  clients.push(client);
  const closes: number[] = [];
  client.provider.on('connection-close', (event: { code: number } | null) => event && closes.push(event.code));
  client.provider.awareness.setLocalState({ user: { name, color }, cursor: { x: 300 + 150 * clients.length, y: 520 } });
  return { ...client, closes };
}

const notesOf = (page: Page): Promise<string[]> =>
  page.evaluate(() => Object.keys((window as unknown as { whiteboardDebug: { doc: { getMap(name: string): { toJSON(): object } } } }).whiteboardDebug.doc.getMap('notes').toJSON()).sort());

function isSynced(provider: WebsocketProvider): boolean { return provider.wsconnected && provider.synced; }

test('six people over three instances behind nginx converge, see each other, and share the rules of the room', async ({ browser }) => {
  test.setTimeout(240_000);
  const created = await postJson(`${cluster.nginx.url}/api/rooms`, cluster.cert.cert);
  expect(created.status).toBe(201);
  const links = (created.body as RoomLinksResponse).links;
  const editorLink = links.editor?.web ?? '';
  const pages = await Promise.all([0, 1, 2].map(async () => (await browser.newContext({ ignoreHTTPSErrors: true })).newPage()));
  for (const page of pages) await openLink(page, editorLink);
  // Three upgrades in a row after the pages have loaded: round-robin gives one to each instance.
  const people = [0, 1, 2].map((i) => nodeClient(editorLink, `Node ${i}`, COLORS[i] as string));
  await expect.poll(() => people.every((person) => isSynced(person.provider)), { timeout: 30_000 }).toBe(true);
  const held = await Promise.all(cluster.instances.map(async (instance) => metricValue(await (await fetch(`${instance.url}/metrics`)).text(), 'whiteboard_connections')));
  expect(held.every((count) => (count ?? 0) > 0)).toBe(true);

  // Everyone writes; everyone gets everything.
  for (const [i, page] of pages.entries()) await drawPolyline(page, strokeAt(i, i));
  for (const [i, person] of people.entries()) person.doc.getMap('notes').set(`node-${i}`, i);
  await expect.poll(() => shapeIds(pages[0] as Page).then((ids) => ids.length), { timeout: 30_000 }).toBe(3);
  const shapes = await shapeIds(pages[0] as Page);
  for (const page of pages) {
    await expect.poll(() => shapeIds(page), { timeout: 30_000 }).toEqual(shapes);
    await expect.poll(() => notesOf(page), { timeout: 30_000 }).toEqual(['node-0', 'node-1', 'node-2']);
  }
  for (const person of people) {
    await expect.poll(() => [...person.doc.getMap('shapes').keys()].sort(), { timeout: 30_000 }).toEqual(shapes);
    await expect.poll(() => [...person.doc.getMap('notes').keys()].sort(), { timeout: 30_000 }).toEqual(['node-0', 'node-1', 'node-2']);
  }

  // Cursors cross instances: the Node clients sit on three different ones, and every page shows all three.
  for (const page of pages) {
    await expect(page.locator('.avatar')).toHaveCount(6, { timeout: 30_000 });
    for (let i = 0; i < 3; i++) await expect(page.locator('.cursor .cursor-name', { hasText: `Node ${i}` })).toHaveCount(1, { timeout: 30_000 });
  }
  await pages[0]?.screenshot({ path: 'test-results/cluster-six-people.png' });

  // A viewer cannot write, whichever instance it reached.
  const viewerPage = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
  await openLink(viewerPage, links.viewer.web);
  await expect(viewerPage.locator('.view-only')).toBeVisible();
  await expect.poll(() => shapeIds(viewerPage), { timeout: 30_000 }).toEqual(shapes);
  const viewer = nodeClient(links.viewer.web, 'Viewer', COLORS[0] as string);
  await expect.poll(() => isSynced(viewer.provider), { timeout: 30_000 }).toBe(true);
  viewer.doc.getMap('notes').set('viewer', 1);
  await expect.poll(() => viewer.closes, { timeout: 30_000 }).toContain(1008);
  for (const person of people) expect(person.doc.getMap('notes').has('viewer')).toBe(false);

  // Revoking from one page: every holder of the old links is closed, on every instance.
  const revoker = pages[0] as Page;
  await revoker.getByRole('button', { name: 'Share' }).click();
  revoker.once('dialog', (confirm) => void confirm.accept());
  await revoker.getByRole('button', { name: 'Revoke all links…' }).click();
  await expect(revoker.getByRole('dialog').locator('[data-link="editor"] input')).not.toHaveValue(editorLink);
  await revoker.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  for (const page of [...pages.slice(1), viewerPage]) {
    await expect(page.getByRole('heading', { name: 'You cannot open this board' })).toBeVisible({ timeout: 30_000 });
  }
  for (const person of people) await expect.poll(() => person.closes, { timeout: 30_000 }).toContain(4403);
  const revokedOn = cluster.instances.filter((instance) => instance.logRecords().some((record) => record.msg === 'closing connection' && record.code === 4403));
  expect(revokedOn).toHaveLength(3);
  await expect(revoker.locator('.status-badge')).toHaveAttribute('data-status', 'connected');
  await pages[1]?.screenshot({ path: 'test-results/cluster-revoked.png' });
});
