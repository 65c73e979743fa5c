/**
 * (4) Memory: 100 rooms each holding a ~100 KB board, then 1,000 idle connections over them (10
 * per room, each announcing a presence state like a real app). The server's RSS (after a full
 * GC, asked through the probe) at three points: empty, with the rooms loaded (one seeding
 * connection each), and with all connections. Per room = (rooms − empty − connections × per
 * connection) / rooms; per connection = (all − rooms) / the connections added.
 *
 * Each reading waits until the RSS has settled: a server that stores (ours, y-websocket with
 * LevelDB) is still writing and compacting what the seeders sent for a few seconds, and memory
 * its storage frees during the readers' phase would otherwise be taken off their cost (one run
 * put LevelDB's at 0.7 KB per connection, the next at 15).
 */
import { BenchClient, closeAll, openClients, sleep } from '../client';
import type { ServerHandle, ServerStats } from '../servers';
import { boardUpdate } from '../boards';
import type { Metric, Scenario } from './common';

const SETTLE_POLL_MS = 1_000;
/** RSS moving less than this between two readings a second apart counts as settled. */
const SETTLED_BYTES = 256 * 1024;
const SETTLE_MAX_MS = 15_000;

/** Stats after a full GC, once two readings a second apart agree (or after SETTLE_MAX_MS). */
export async function settledStats(server: ServerHandle): Promise<ServerStats> {
  let previous = await server.stats(true);
  for (let waited = 0; waited < SETTLE_MAX_MS; waited += SETTLE_POLL_MS) {
    await sleep(SETTLE_POLL_MS);
    const current = await server.stats(true);
    if (Math.abs(current.rss - previous.rss) < SETTLED_BYTES) return current;
    previous = current;
  }
  return previous;
}

const KB = 1024;

export const memory: Scenario = {
  id: 'memory',
  title: '(4) memory: 1,000 idle connections over 100 rooms of ~100 KB',
  rounds: true,
  async run(ctx) {
    const rooms = ctx.quick ? 20 : 100;
    const perRoom = 10;
    const boardBytes = 100_000;
    const boards = Array.from({ length: rooms }, (_, r) => boardUpdate(boardBytes, r + 1));
    await sleep(500);
    const empty = await ctx.server.stats(true);
    const seeders = await openClients(rooms, (r) => new BenchClient(ctx.server, `mem-${r}`, { fixedState: boards[r] }), 20);
    await sleep(1_500);
    const loaded = await settledStats(ctx.server);
    const readers = await openClients(rooms * (perRoom - 1), (i) =>
      new BenchClient(ctx.server, `mem-${i % rooms}`, { presence: JSON.stringify({ user: { name: `idle ${i}`, color: '#1971c2' }, cursor: null }) }),
    );
    await sleep(1_500);
    const full = await settledStats(ctx.server);
    // Every reader must have been sent its room's board: proves the seeders' boards arrived.
    const boardReceived = readers.reduce((sum, reader) => sum + reader.receivedBytes, 0) / readers.length;
    await closeAll([...seeders, ...readers]);
    const connections = readers.length;
    const perConnection = (full.rss - loaded.rss) / connections;
    const perConnectionHeap = (full.heapUsed + full.external - loaded.heapUsed - loaded.external) / connections;
    const perRoomRss = (loaded.rss - empty.rss - rooms * perConnection) / rooms;
    const perRoomHeap = (loaded.heapUsed + loaded.external - empty.heapUsed - empty.external - rooms * perConnectionHeap) / rooms;
    return [
      { key: 'memory.conn', label: 'RSS per idle connection', unit: 'KB', value: perConnection / KB },
      { key: 'memory.room', label: 'RSS per ~100 KB room', unit: 'KB', value: perRoomRss / KB },
      { key: 'memory.connHeap', label: 'JS heap + external per idle connection', unit: 'KB', value: perConnectionHeap / KB },
      { key: 'memory.roomHeap', label: 'JS heap + external per ~100 KB room', unit: 'KB', value: perRoomHeap / KB },
      { key: 'memory.total', label: `RSS with ${rooms * perRoom} connections`, unit: 'MB', value: full.rss / KB / KB },
      { key: 'memory.base', label: 'RSS empty (after start)', unit: 'MB', value: empty.rss / KB / KB, info: true },
      { key: 'memory.board', label: 'bytes each reader was sent on join', unit: 'KB', value: boardReceived / KB, info: true },
    ] satisfies Metric[];
  },
};
