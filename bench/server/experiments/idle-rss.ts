/**
 * Where does an idle connection's RSS go? Scenario 4 measures it in rooms that hold a ~100 KB
 * board, so each connection's figure includes what the allocator keeps after sending it that
 * board. This opens the same 900 idle connections (100 rooms, each opened by one seeder) twice
 * per server: with empty rooms (the connection alone) and with ~100 KB boards (scenario 4).
 * Prints RSS and JS heap + external per connection after a full GC, once the RSS has settled
 * (as in scenario 4).
 *
 * Run: tsx bench/server/experiments/idle-rss.ts [rounds=2] (SERVERS=ours,y-websocket by default;
 * the servers are pinned to core 0 like in the bench).
 */
import { BenchClient, closeAll, openClients, sleep } from '../client';
import { boardUpdate } from '../boards';
import { settledStats } from '../scenarios/memory';
import { SERVER_NAMES, startServer, type ServerName, type ServerStats } from '../servers';

const ROOMS = 100;
const CONNECTIONS = 900;
const BOARD_BYTES = 100_000;
const KB = 1024;

const rounds = Number(process.argv[2] ?? 2);
const servers = (process.env.SERVERS ?? 'ours,y-websocket').split(',') as ServerName[];
for (const name of servers) if (!SERVER_NAMES.includes(name)) throw new Error(`unknown server ${name}`);
const boards = Array.from({ length: ROOMS }, (_, r) => boardUpdate(BOARD_BYTES, r + 1));

async function measure(name: ServerName, withBoards: boolean): Promise<{ rss: number; heap: number }> {
  const server = await startServer(name);
  try {
    const seeders = await openClients(ROOMS, (r) => new BenchClient(server, `idle-${r}`, withBoards ? { fixedState: boards[r] } : {}), 20);
    await sleep(1_500);
    const before = await settledStats(server);
    const readers = await openClients(CONNECTIONS, (i) =>
      new BenchClient(server, `idle-${i % ROOMS}`, { presence: JSON.stringify({ user: { name: `idle ${i}`, color: '#1971c2' }, cursor: null }) }),
    );
    await sleep(1_500);
    const after = await settledStats(server);
    await closeAll([...seeders, ...readers]);
    const heap = (s: ServerStats): number => s.heapUsed + s.external;
    return { rss: (after.rss - before.rss) / CONNECTIONS / KB, heap: (heap(after) - heap(before)) / CONNECTIONS / KB };
  } finally {
    await server.stop();
  }
}

for (let round = 1; round <= rounds; round++) {
  for (const withBoards of [false, true]) {
    for (const name of servers) {
      const { rss, heap } = await measure(name, withBoards);
      console.log(`round ${round}, ${withBoards ? '~100 KB boards' : 'empty rooms   '}, ${name.padEnd(19)} RSS ${rss.toFixed(2)} KB, JS heap + external ${heap.toFixed(2)} KB per idle connection`);
    }
  }
}
process.exit(0);
