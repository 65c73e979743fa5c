/**
 * One instance of a cluster (`--redis-url` and `--database-url`): several instances of the same server behind an
 * ordinary load balancer share rooms through PostgreSQL (pg-storage.ts: the log, snapshots, revocations, room metadata,
 * the secret's fingerprint) and Redis (redis-fan-out.ts: changes and presence; revocations.ts). At start it applies the
 * schema's migrations, checks that its signing secret is the one the cluster uses, and connects to Redis; any failure
 * stops the start with what went wrong. While PostgreSQL is unreachable, writes are refused (1013, data-limit.ts) and
 * /healthz answers 503 naming the service; likewise while Redis is.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { SECRET_FILE_NAME, loadOrCreateSecret } from '../auth/secret';
import type { SyncServer, SyncServerConfig } from '../server';
import { ClusterMetrics } from './cluster-metrics';
import { migrateSchema } from './pg-schema';
import { PgStorage } from './pg-storage';
import { Reachability } from './reachability';
import { RedisFanOut } from './redis-fan-out';
import { RedisLink } from './redis-link';
import { REVOCATIONS_KEYS, Revocations } from './revocations';
import { SnapshotMerger } from './snapshot-merger';

/** Connections per instance: one append in flight, loads and compactions beside it; ten instances stay under 100. */
const POOL_SIZE = 8;
const CONNECT_TIMEOUT_MS = 5_000;

export class ClusterStartError extends Error {}

export interface ClusterOptions {
  redisUrl: string;
  databaseUrl: string;
  /** Where `secret.key` may be, when `secret` is null. */
  dataDir: string;
  secret: string | null;
  /** The built merge-thread.js; absent: compaction merges on the serving thread. */
  mergeThread?: URL;
}

/** A URL for logs and messages: without its password. */
export function safeUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

/** The secret every instance shares: given, or the data directory's (one instance must not make its own). */
function clusterSecret(options: ClusterOptions): Buffer {
  if (options.secret !== null || fs.existsSync(path.join(options.dataDir, SECRET_FILE_NAME))) return loadOrCreateSecret(options.dataDir, options.secret);
  throw new ClusterStartError(
    `a cluster instance needs the signing secret all instances share: --secret or WHITEBOARD_SECRET, or ${SECRET_FILE_NAME} in --data ${options.dataDir}`,
  );
}

/** A fingerprint of the secret (never the secret): an HMAC of a fixed label. */
export function secretFingerprint(secret: Buffer): string {
  return createHmac('sha256', secret).update('whiteboard secret fingerprint').digest('base64url').slice(0, 22);
}

/** Records the secret's fingerprint if the database has none; refuses if it holds another. */
export async function checkSecret(pool: pg.Pool, secret: Buffer): Promise<void> {
  const fingerprint = secretFingerprint(secret);
  await pool.query("INSERT INTO server_settings (name, value) VALUES ('secret_fingerprint', $1) ON CONFLICT (name) DO NOTHING", [fingerprint]);
  const { rows } = await pool.query<{ value: string }>("SELECT value FROM server_settings WHERE name = 'secret_fingerprint'");
  if (rows[0]?.value !== fingerprint) {
    throw new ClusterStartError('this signing secret is not the one the cluster uses: give every instance the same --secret (or secret.key), or no invite link would work everywhere');
  }
}

export function openPool(url: string): pg.Pool {
  return new pg.Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true });
}

export async function startCluster(options: ClusterOptions, log: Logger) {
  const secret = clusterSecret(options);
  const metrics = new ClusterMetrics();
  const pgReachability = new Reachability('PostgreSQL', log);
  const redisReachability = new Reachability('Redis', log);
  const pool = openPool(options.databaseUrl);
  pool.on('error', () => undefined); // until the storage listens: an idle connection's error must not end the process
  const link = new RedisLink(options.redisUrl);
  const step = async (what: string, run: () => Promise<unknown>): Promise<void> => {
    try {
      await run();
    } catch (error) {
      link.close();
      await pool.end();
      throw error instanceof ClusterStartError ? error : new ClusterStartError(`${what}: ${(error as Error).message}`);
    }
  };
  await step(`cannot set up PostgreSQL at ${safeUrl(options.databaseUrl)}`, () => migrateSchema(pool));
  await step('cannot check the signing secret', () => checkSecret(pool, secret));
  await step(`cannot reach Redis at ${safeUrl(options.redisUrl)}`, () => link.connect());
  for (const connection of [link.commands, link.subscriber]) {
    connection.on('error', (error: Error) => redisReachability.set(false, error));
    connection.on('ready', () => redisReachability.set(true));
  }
  const storage = new PgStorage(pool, pgReachability, new SnapshotMerger(options.mergeThread ?? null));
  const fanOut = new RedisFanOut({ link, storage, redisReachability, log, metrics });
  storage.onAppendFailed = (room) => fanOut.storeFailed(room);
  const revocations = new Revocations(link, fanOut.instance, storage, () => fanOut.roomIds(), log);
  fanOut.reader.watch(REVOCATIONS_KEYS[0], revocations);
  const retry = setInterval(() => revocations.retry(), 1_000).unref();
  log.info({ instance: fanOut.instance, redis: safeUrl(options.redisUrl), postgres: safeUrl(options.databaseUrl) }, 'joined the cluster');

  const health = () => {
    const [redis, postgres] = [redisReachability.report(), pgReachability.report()];
    return { status: redis.ok && postgres.ok ? 'ok' : 'unavailable', instance: fanOut.instance, roomsRead: fanOut.roomIds().length, redis, postgres };
  };
  const serverHooks = {
    storage,
    fanOut,
    onRevoked: (room: string, generation: number) => revocations.revoked(room, generation),
    health,
  } satisfies Partial<SyncServerConfig>;
  return {
    secret,
    instance: fanOut.instance,
    serverHooks,
    /** Wires the running server in: its metrics, its write refusals while PostgreSQL is away, revocations from elsewhere. */
    attach(server: SyncServer): void {
      metrics.register(server.metrics.registry, {
        whiteboard_cluster_rooms_read: ['Rooms whose stream this instance reads (the rooms its clients are in)', () => fanOut.roomIds().length],
        whiteboard_cluster_redis_up: ['1 while Redis answers', () => Number(redisReachability.up)],
        whiteboard_cluster_postgres_up: ['1 while PostgreSQL answers', () => Number(pgReachability.up)],
      });
      server.dataLimit.setReachable(pgReachability.up);
      pgReachability.onChange((up) => server.dataLimit.setReachable(up));
      revocations.attach(server);
    },
    /** After the server closed (and with it the storage). */
    async close(): Promise<void> {
      clearInterval(retry);
      fanOut.close();
      link.close();
    },
  };
}

export type Cluster = Awaited<ReturnType<typeof startCluster>>;
