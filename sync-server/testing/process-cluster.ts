/**
 * Test helper: a whole cluster as a person would deploy it. Real Redis and PostgreSQL (redis.ts, postgres.ts), three
 * instances of the built server (`dist/sync-server/cli.js --redis-url … --database-url …`) as child processes that can be
 * killed and started again on their ports, and Debian's nginx running the cluster sample
 * (deploy/nginx/whiteboard-cluster.conf) in front of them with a self-signed certificate, round-robin. Everything lives
 * in one temporary folder and is stopped by `stop`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startNginx, type RunningNginx } from './nginx';
import { startPostgres, type RunningPostgres } from './postgres';
import { startRedis, type RunningRedis } from './redis';
import { makeSelfSignedCert, type SelfSigned } from './self-signed';
import { ensureServerBuilt, startServerProcess, type ServerProcess } from './server-process';

/** nginx's address towards the instances (proxy_bind), which they trust for X-Forwarded-*. */
const PROXY_ADDRESS = '127.0.0.3';

export interface ProcessCluster {
  readonly redis: RunningRedis;
  readonly postgres: RunningPostgres;
  readonly nginx: RunningNginx;
  readonly cert: SelfSigned;
  /** The running instances, by index (an index keeps its port across restarts). */
  readonly instances: ServerProcess[];
  /** wss://127.0.0.1:PORT: nginx. */
  readonly wssUrl: string;
  /** SIGKILL, no shutdown, no flush. */
  kill(index: number): Promise<void>;
  /** Starts a killed instance again on its port. */
  restart(index: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startProcessCluster(options: { instances?: number; logLevel?: string } = {}): Promise<ProcessCluster> {
  ensureServerBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-cluster-'));
  const cert = makeSelfSignedCert(dir);
  const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  const args = ['--redis-url', redis.url, '--database-url', postgres.url, '--trust-proxy', PROXY_ADDRESS, '--ping-interval', '5000'];
  const start = (index: number, port = 0): Promise<ServerProcess> =>
    startServerProcess({ dataDir: path.join(dir, `instance-${index}`), port, args, logLevel: options.logLevel ?? 'warn' });
  const instances = await Promise.all(Array.from({ length: options.instances ?? 3 }, (_, index) => start(index)));
  const ports = instances.map((instance) => instance.port);
  const nginxDir = path.join(dir, 'nginx');
  fs.mkdirSync(nginxDir);
  const nginx = await startNginx({
    dir: nginxDir,
    upstreamPort: 0,
    upstreamPorts: ports,
    certFile: cert.certFile,
    keyFile: cert.keyFile,
    proxyTimeoutSeconds: 60,
    proxyBindAddress: PROXY_ADDRESS,
  });
  return {
    redis,
    postgres,
    nginx,
    cert,
    instances,
    wssUrl: nginx.url.replace(/^https/, 'wss'),
    kill: (index) => (instances[index] as ServerProcess).kill(),
    restart: async (index) => {
      instances[index] = await start(index, ports[index]);
    },
    stop: async () => {
      await nginx.stop();
      await Promise.all(instances.map((instance) => instance.stop()));
      await Promise.all([redis.destroy(), postgres.destroy()]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
