/**
 * Version history, end to end against the real sync server: a deletion undone by restoring the version before it
 * (and the restore undone), one person's scribbles reverted for everyone and still reverted after a restart, what a
 * viewer may do, and a replay saved as a video.
 */
import type { Browser, Page } from '@playwright/test';
import { connectionState, shapeIds, strokeAt } from './collab-helpers';
import { chooseTool, drag, drawPolyline, expect, openLink, openNewRoom, test } from './fixtures';
import { startServerProcess } from './sync-server-process';

const COLORS = { Alice: '#e03131', Bob: '#1971c2', Carol: '#2f9e44' } as const;

/** A page whose person has this name (the app keeps its identity in local storage). */
async function person(browser: Browser, name: keyof typeof COLORS): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript(([who, color]) => localStorage.setItem('whiteboard.identity', JSON.stringify({ name: who, color })), [name, COLORS[name]]);
  return context.newPage();
}

async function saved(page: Page): Promise<void> {
  await expect(page.locator('.status-badge')).toHaveAttribute('data-unconfirmed', '0');
}

/**
 * When each frame of a WebM is shown, in ms: the SimpleBlocks (ID 0xA3) and the Blocks (0xA1) of BlockGroups (0xA0) in
 * the Clusters (0x1F43B675) of its Segment (0x18538067), each at its Cluster's Timecode (0xE7) plus its own signed
 * 16-bit offset (MediaRecorder writes a timecode scale of 1 ms). Elements are walked by their EBML sizes; a Segment
 * or a Cluster of unknown size (all ones) runs to the end of its parent, or a Cluster to the next one.
 */
function frameTimesMs(bytes: Uint8Array): number[] {
  const SEGMENT = 0x18538067;
  const CLUSTER = 0x1f43b675;
  const vint = (at: number, keepMarker: boolean): { value: number; length: number; unknown: boolean } => {
    const first = bytes[at] as number;
    let length = 1;
    while (length < 8 && !(first & (0x80 >> (length - 1)))) length++;
    let value = keepMarker ? first : first & (0xff >> length);
    for (let i = 1; i < length; i++) value = value * 256 + (bytes[at + i] as number);
    return { value, length, unknown: !keepMarker && value === 2 ** (7 * length) - 1 };
  };
  const children = function* (from: number, to: number): Generator<{ id: number; body: number; end: number }> {
    let at = from;
    while (at < to) {
      const id = vint(at, true);
      const size = vint(at + id.length, false);
      const body = at + id.length + size.length;
      const end = size.unknown ? to : Math.min(to, body + size.value);
      yield { id: id.value, body, end };
      if (size.unknown && id.value === CLUSTER) {
        let next = body;
        for (const child of children(body, to)) {
          if (child.id === CLUSTER) break;
          next = child.end;
        }
        at = next;
      } else at = end;
    }
  };
  const blockOffset = (body: number): number => {
    const track = vint(body, false);
    const offset = ((bytes[body + track.length] as number) << 8) | (bytes[body + track.length + 1] as number);
    return offset >= 0x8000 ? offset - 0x10000 : offset;
  };
  const times: number[] = [];
  for (const top of children(0, bytes.length)) {
    if (top.id !== SEGMENT) continue;
    for (const element of children(top.body, top.end)) {
      if (element.id !== CLUSTER) continue;
      let clusterTime = 0;
      for (const child of children(element.body, element.end)) {
        if (child.id === CLUSTER) break;
        if (child.id === 0xe7) clusterTime = [...bytes.subarray(child.body, child.end)].reduce((sum, byte) => sum * 256 + byte, 0);
        if (child.id === 0xa3) times.push(clusterTime + blockOffset(child.body));
        if (child.id === 0xa0) {
          for (const part of children(child.body, child.end)) if (part.id === 0xa1) times.push(clusterTime + blockOffset(part.body));
        }
      }
    }
  }
  return times;
}

async function openHistory(page: Page): Promise<void> {
  await page.keyboard.press('Control+Shift+H');
  await expect(page.locator('.history-panel')).toBeVisible();
}

test('A draws, B deletes everything; A restores the version before, both see it all back, and A\u2019s undo takes the restore out', async ({ browser, server }) => {
  const alice = await person(browser, 'Alice');
  const bob = await person(browser, 'Bob');
  const room = await openNewRoom(server.url, alice, bob);
  await drawPolyline(alice, strokeAt(0, 0));
  await drawPolyline(alice, strokeAt(1, 1));
  await chooseTool(alice, 'rect');
  await drag(alice, [700, 420], [860, 520]);
  await saved(alice);
  const drawn = await shapeIds(alice);
  expect(drawn).toHaveLength(3);
  await expect.poll(() => shapeIds(bob)).toEqual(drawn);

  // A moment later Bob deletes everything: the server keeps the board as it was before someone else came in.
  await bob.waitForTimeout(2_500);
  await bob.keyboard.press('Control+a');
  await bob.keyboard.press('Delete');
  await expect.poll(() => shapeIds(alice)).toEqual([]);
  await saved(bob);

  await openHistory(alice);
  const version = alice.locator('.history-item[data-version]:not([data-version="current"])').first();
  await expect(version).toBeVisible();
  await expect(version.locator('.history-author')).toHaveText(['Alice']);
  await expect(version.locator('img.history-thumb')).toHaveAttribute('data-drawn', 'true');
  await version.click();
  await expect(alice.locator('.history-preview')).toBeVisible();
  await expect(alice.locator('.legend-chip[data-kind="removed"]')).toHaveText('3 removed since');
  await alice.screenshot({ path: 'test-results/history-preview.png' });

  // A viewer sees the same history, and no Restore.
  const viewer = await person(browser, 'Carol');
  await openLink(viewer, room.links.viewer.web);
  await openHistory(viewer);
  await viewer.locator('.history-item[data-version]:not([data-version="current"])').first().click();
  await expect(viewer.locator('.legend-chip[data-kind="removed"]')).toHaveText('3 removed since');
  await expect(viewer.locator('[data-action="restore"]')).toBeHidden();
  await expect(viewer.locator('[data-action="name"]')).toBeHidden();

  await alice.locator('[data-action="restore"]').click();
  await expect(alice.locator('.history-preview')).toHaveCount(0);
  await expect.poll(() => shapeIds(alice)).toEqual(drawn);
  await expect.poll(() => shapeIds(bob)).toEqual(drawn);
  await saved(alice);
  await alice.screenshot({ path: 'test-results/history-restored.png' });

  // The restore is Alice's own change: her undo takes it back out, for both.
  await alice.keyboard.press('Control+z');
  await expect.poll(() => shapeIds(alice)).toEqual([]);
  await expect.poll(() => shapeIds(bob)).toEqual([]);
});

test('A, B and C draw; C scribbles over everything; A undoes C\u2019s work since a version, on every screen and after a restart', async ({ browser, server }) => {
  // Three browsers and a server restart: 29 s on a quiet CI run, over a minute with the machine shared.
  test.setTimeout(150_000);
  const alice = await person(browser, 'Alice');
  const bob = await person(browser, 'Bob');
  const carol = await person(browser, 'Carol');
  const room = await openNewRoom(server.url, alice, bob, carol);
  await drawPolyline(alice, strokeAt(0, 0));
  await drawPolyline(alice, strokeAt(0, 1));
  await drawPolyline(bob, strokeAt(2, 0));
  await drawPolyline(bob, strokeAt(2, 1));
  await saved(alice);
  await saved(bob);
  await expect.poll(() => shapeIds(carol).then((ids) => ids.length)).toBe(4);
  const kept = await shapeIds(carol);

  // Alice names the board as it is.
  await openHistory(alice);
  await alice.locator('[data-action="name"]').click();
  await alice.locator('.history-naming input').fill('Before the workshop');
  await alice.locator('.history-naming button[type="submit"]').click();
  await expect(alice.locator('.history-title.named')).toHaveText(['Before the workshop']);

  // Carol scribbles over everything.
  for (let i = 0; i < 4; i++) await drawPolyline(carol, [[300, 180 + i * 60], [600, 380 - i * 40], [900, 200 + i * 70], [1000, 500]]);
  await saved(carol);
  await expect.poll(() => shapeIds(alice).then((ids) => ids.length)).toBe(8);

  // From the people list: right-click Carol, undo her changes since the named version.
  const carolAvatar = alice.locator('.avatar[aria-label="Carol"]');
  await carolAvatar.click({ button: 'right' });
  await alice.locator('.person-menu [data-action="undo-person"]').click();
  const dialog = alice.locator('.revert-dialog');
  await expect(dialog.locator('#revert-person')).toHaveValue('Carol');
  await expect(dialog.locator('#revert-since option:checked')).toContainText('Before the workshop');
  await alice.screenshot({ path: 'test-results/history-revert-dialog.png' });
  await dialog.locator('[data-action="confirm-revert"]').click();
  await expect(dialog).toHaveCount(0);
  for (const page of [alice, bob, carol]) await expect.poll(() => shapeIds(page)).toEqual(kept);
  await alice.screenshot({ path: 'test-results/history-reverted.png' });

  // After a restart, the board is still without Carol's scribbles, for everyone and for a newcomer.
  const port = Number(new URL(server.url).port);
  await server.stop();
  const restarted = await startServerProcess({ dataDir: server.dataDir, port });
  try {
    for (const page of [alice, bob, carol]) await expect(page.locator('.status-badge')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
    const dan = await (await browser.newContext()).newPage();
    await openLink(dan, room.links.editor?.web ?? '');
    for (const page of [alice, bob, carol, dan]) await expect.poll(() => shapeIds(page)).toEqual(kept);
    expect((await connectionState(alice)).unconfirmed).toBe(0);
  } finally {
    await restarted.stop();
  }
});

test('the board\u2019s history replays as a timelapse and is saved as a WebM video', async ({ browser, server }) => {
  const alice = await person(browser, 'Alice');
  await openNewRoom(server.url, alice);
  await drawPolyline(alice, strokeAt(0, 0));
  await saved(alice);
  await openHistory(alice);
  await alice.locator('[data-action="name"]').click();
  await alice.locator('.history-naming input').fill('One');
  await alice.keyboard.press('Enter');
  await expect(alice.locator('.history-title.named')).toHaveText(['One']);
  await drawPolyline(alice, strokeAt(1, 2));
  await saved(alice);
  await alice.locator('[data-action="name"]').click();
  await alice.locator('.history-naming input').fill('Two');
  await alice.keyboard.press('Enter');
  await expect(alice.locator('.history-title.named')).toHaveText(['Two', 'One']);

  await alice.locator('[data-action="replay"]').click();
  await expect(alice.locator('[data-testid="replay"]')).toBeVisible();
  await alice.locator('.replay-bar select').selectOption('64');
  await alice.screenshot({ path: 'test-results/history-replay.png' });
  const download = alice.waitForEvent('download');
  await alice.locator('[data-action="record"]').click();
  const video = await download;
  expect(video.suggestedFilename()).toBe('whiteboard-replay.webm');
  const bytes = await (await import('node:fs/promises')).readFile((await video.path()) as string);
  expect([...bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]); // the EBML header every WebM starts with
  // Frames, not just a header, and the finished board held for its 1.5 s at the end (however few frames a busy
  // machine paints in that time).
  const times = frameTimesMs(bytes);
  expect(times.length).toBeGreaterThan(2);
  expect(Math.max(...times)).toBeGreaterThan(1_400);
});
