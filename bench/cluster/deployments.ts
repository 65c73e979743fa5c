/**
 * The deployments `bench:cluster` compares, each started fresh for every scenario, on the same machine:
 * - single: one embedded instance of ours (SQLite), as bench:server runs it;
 * - cluster: three instances of ours sharing rooms through Redis and PostgreSQL (fsync on, as in production);
 * - hocuspocus-redis: three @hocuspocus/server 3.4.4 instances with @hocuspocus/extension-redis 3.4.4, on the same
 *   kind of Redis (Hocuspocus keeps documents in memory: no storage extension);
 * - relay-floor: not a server people run but the floor of relaying through Redis, three bare `ws` relays sharing rooms
 *   through Redis Pub/Sub and doing nothing else (servers/relay-floor.mjs), for the loads where it means something
 *   (FLOOR_SCENARIOS in run.ts).
 * Every server process, Redis and PostgreSQL included, runs on core 0 and the driver on core 1 (taskset), as in
 * bench:server. CPU time is read from /proc for every process of a deployment.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres, type RunningPostgres } from '../../sync-server/testing/postgres';
import { startRedis, type RunningRedis } from '../../sync-server/testing/redis';
import { BUILD_DIR, OURS_ENV, SECRET_TEXT, SERVER_CORE, buildOurs, freePort, hasTaskset, spawnServer, type ServerHandle } from '../server/servers';

export type DeploymentName = 'single' | 'cluster' | 'hocuspocus-redis' | 'relay-floor';
export const DEPLOYMENTS: readonly DeploymentName[] = ['single', 'cluster', 'hocuspocus-redis', 'relay-floor'];
/** The relay floor: a reference for the cluster, not a peer. */
export const FLOOR: DeploymentName = 'relay-floor';

export interface Deployment {
  readonly name: DeploymentName;
  readonly instances: ServerHandle[];
  readonly redisUrl: string | null;
  /** The instances' and Redis' CPU milliseconds so far (what the CPU figures count). */
  cpuMs(): number;
  /** PostgreSQL's CPU milliseconds so far (reported, not counted: the issue counts instances and Redis). */
  databaseCpuMs(): number;
  stop(): Promise<void>;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TICKS_PER_SECOND = 100;

/** CPU milliseconds of one process (all its threads), or 0 if it is gone. */
function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** A process and its children (PostgreSQL's backends), including those that already exited, as far as /proc knows. */
function treeCpuMs(pid: number): number {
  let total = processCpuMs(pid);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) total += processCpuMs(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  // Children that exited are counted in the parent's cutime/cstime.
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    total += ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
  } catch {
    // gone
  }
  return total;
}

function pin(pid: number): void {
  if (hasTaskset) spawnSync('taskset', ['-a', '-cp', String(SERVER_CORE), String(pid)]);
}

async function ours(dataDir: string, args: string[] = []): Promise<ServerHandle> {
  await buildOurs();
  const port = await freePort();
  const script = [path.join(BUILD_DIR, 'cli.js'), '--host', '127.0.0.1', '--port', String(port), '--data', dataDir, '--log-level', 'warn', ...args];
  return spawnServer('ours', port, script, { ...process.env, WHITEBOARD_SECRET: SECRET_TEXT, ...OURS_ENV }, 'plain', dataDir);
}

async function hocuspocus(redis: RunningRedis): Promise<ServerHandle> {
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), REDIS_PORT: String(redis.port) };
  return spawnServer('hocuspocus', port, [path.join(HERE, 'servers/hocuspocus-redis.mjs')], env, 'hocuspocus', null);
}

async function relayFloor(redis: RunningRedis, instance: number): Promise<ServerHandle> {
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), REDIS_PORT: String(redis.port), INSTANCE: String(instance) };
  return spawnServer('send-floor', port, [path.join(HERE, 'servers/relay-floor.mjs')], env, 'plain', null);
}

export async function startDeployment(name: DeploymentName): Promise<Deployment> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'whiteboard-bench-cluster-'));
  let redis: RunningRedis | null = null;
  let postgres: RunningPostgres | null = null;
  let instances: ServerHandle[];
  if (name === 'single') {
    instances = [await ours(path.join(dir, 'data'))];
  } else {
    redis = await startRedis();
    pin(redis.pid());
    if (name === 'cluster') {
      postgres = await startPostgres({ durable: true });
      pin(postgres.pid());
      const args = ['--redis-url', redis.url, '--database-url', postgres.url];
      instances = await Promise.all([0, 1, 2].map((i) => ours(path.join(dir, `instance-${i}`), args)));
    } else {
      const started = redis;
      instances = await Promise.all([0, 1, 2].map((i) => (name === FLOOR ? relayFloor(started, i) : hocuspocus(started))));
    }
  }
  return {
    name,
    instances,
    redisUrl: redis?.url ?? null,
    cpuMs: () => instances.reduce((sum, instance) => sum + processCpuMs(instance.pid), 0) + (redis ? processCpuMs(redis.pid()) : 0),
    databaseCpuMs: () => (postgres ? treeCpuMs(postgres.pid()) : 0),
    stop: async () => {
      await Promise.all(instances.map((instance) => instance.stop()));
      await redis?.destroy();
      await postgres?.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
