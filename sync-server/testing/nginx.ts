/**
 * Test helper: Debian's nginx running the sample site (deploy/nginx/whiteboard.conf) on loopback,
 * in the foreground as the test's own child process with its own prefix, config, logs and pid
 * file in a temporary directory, so it never touches a system nginx. The sample's host-specific
 * values (ports, certificate paths, timeouts) are substituted; every substitution must match, so
 * an edit to the sample that this helper no longer understands fails the test instead of
 * quietly testing something else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SAMPLE_SITE = fileURLToPath(new URL('../../deploy/nginx/whiteboard.conf', import.meta.url));
/** The sample for a cluster: three instances behind one upstream. */
export const CLUSTER_SITE = fileURLToPath(new URL('../../deploy/nginx/whiteboard-cluster.conf', import.meta.url));
/** Debian's nginx; the tests need the `nginx` package (see .ci/run). */
const NGINX_BINARY = '/usr/sbin/nginx';
/** nginx is listening within milliseconds; this only guards against a hang. */
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
/** A free port found by binding port 0 can be taken by someone else before nginx binds it. */
const START_ATTEMPTS = 3;

export interface NginxOptions {
  /** Directory for the config, logs, pid and temp files; the caller removes it. */
  dir: string;
  /** Port of the sync server nginx forwards to, on 127.0.0.1. */
  upstreamPort: number;
  /** With the cluster sample (CLUSTER_SITE): the ports of its instances, on 127.0.0.1, instead. */
  upstreamPorts?: number[];
  certFile: string;
  keyFile: string;
  /** proxy_read_timeout / proxy_send_timeout, in seconds. */
  proxyTimeoutSeconds: number;
  /** Local address nginx connects to the server from (`proxy_bind`), to tell it from clients. */
  proxyBindAddress: string;
}

export interface RunningNginx {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  errorLog(): string;
  /** The site's access log (the sample's token-free format). */
  accessLog(): string;
  stop(): Promise<void>;
}

function substitute(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`the sample nginx site no longer contains ${pattern}; update sync-server/testing/nginx.ts`);
  return text.replace(pattern, replacement);
}

/** The sample site with the test's addresses, certificate and timeout. */
export function renderSampleSite(options: NginxOptions & { httpsPort: number; httpPort: number }): string {
  let site = fs.readFileSync(options.upstreamPorts ? CLUSTER_SITE : SAMPLE_SITE, 'utf8');
  site = substitute(site, /^\s*listen \[::\]:\d+( ssl)?;\n/gm, ''); // loopback IPv4 only in tests
  site = substitute(site, /listen 443 ssl;/, `listen 127.0.0.1:${options.httpsPort} ssl;`);
  site = substitute(site, /listen 80;/, `listen 127.0.0.1:${options.httpPort};`);
  site = substitute(site, /ssl_certificate +\S+;/, `ssl_certificate ${options.certFile};`);
  site = substitute(site, /ssl_certificate_key +\S+;/, `ssl_certificate_key ${options.keyFile};`);
  if (options.upstreamPorts) {
    const instances = options.upstreamPorts.map((port) => `server 127.0.0.1:${port}$1;`).join('\n    ');
    site = substitute(site, /server 10\.0\.0\.11:4455([^;]*);\n\s*server 10\.0\.0\.12:4455[^;]*;\n\s*server 10\.0\.0\.13:4455[^;]*;/, instances);
    site = substitute(site, /proxy_pass http:\/\/whiteboard_instances;/, `proxy_pass http://whiteboard_instances;\n        proxy_bind ${options.proxyBindAddress};`);
  } else {
    site = substitute(site, /proxy_pass http:\/\/127\.0\.0\.1:4455;/, `proxy_pass http://127.0.0.1:${options.upstreamPort};\n        proxy_bind ${options.proxyBindAddress};`);
  }
  site = substitute(site, /access_log \S+ whiteboard_no_query;/, `access_log ${path.join(options.dir, 'whiteboard.access.log')} whiteboard_no_query;`);
  site = substitute(site, /proxy_read_timeout \d+s;/, `proxy_read_timeout ${options.proxyTimeoutSeconds}s;`);
  site = substitute(site, /proxy_send_timeout \d+s;/, `proxy_send_timeout ${options.proxyTimeoutSeconds}s;`);
  return site;
}

function mainConfig(dir: string, site: string): string {
  const temp = (name: string): string => path.join(dir, name);
  return [
    'daemon off;',
    'worker_processes 1;',
    `pid ${temp('nginx.pid')};`,
    `error_log ${temp('error.log')} info;`,
    'events { worker_connections 64; }',
    'http {',
    `  access_log ${temp('access.log')};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${temp(`${kind}_temp`)};`),
    site,
    '}',
    '',
  ].join('\n');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function startOnce(options: NginxOptions): Promise<RunningNginx> {
  const [httpsPort, httpPort] = [await freePort(), await freePort()];
  const configFile = path.join(options.dir, 'nginx.conf');
  fs.writeFileSync(configFile, mainConfig(options.dir, renderSampleSite({ ...options, httpsPort, httpPort })));
  const errorLogFile = path.join(options.dir, 'error.log');
  const errorLog = (): string => (fs.existsSync(errorLogFile) ? fs.readFileSync(errorLogFile, 'utf8') : '');
  // -e: the log for messages before the config is read (the default under /var/log needs root).
  const child: ChildProcess = spawn(NGINX_BINARY, ['-p', options.dir, '-c', configFile, '-e', errorLogFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (error) => (output += `${error.message}\n`));

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await canConnect(httpsPort))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`nginx did not start:\n${output}\n${errorLog()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    url: `https://127.0.0.1:${httpsPort}`,
    port: httpsPort,
    errorLog,
    accessLog: () => {
      const file = path.join(options.dir, 'whiteboard.access.log');
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM'); // fast shutdown: the master stops its workers and exits
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Starts nginx with the sample site in front of the server on `upstreamPort`. */
export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (attempt >= START_ATTEMPTS || !/Address already in use/.test((error as Error).message)) throw error;
    }
  }
}
