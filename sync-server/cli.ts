/**
 * `whiteboard-server`: starts the sync server with SQLite storage under the data directory, or as one instance of a
 * cluster (cluster/), prints where it listens, shuts down gracefully on SIGTERM/SIGINT (or a stop message from the app
 * that started it, parent-port.ts), and re-reads its TLS certificate on SIGHUP. `whiteboard-server backup` copies the
 * data directory consistently while a server runs; `migrate` moves it into a cluster's PostgreSQL.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { loadOrCreateSecret } from './auth/secret';
import { BackupError, backupDataDir } from './backup';
import { safeUrl, startCluster } from './cluster/cluster';
import { runMigrate } from './cluster/migrate';
import { OptionError, backupHelpText, helpText, parseCommand, type BackupOptions } from './options';
import { listenForStopMessage } from './parent-port';
import { startSyncServer } from './server';
import { SqliteStorage } from './storage/sqlite-storage';
import { TlsConfigError, loadTlsCredentials, type TlsFiles } from './tls';

declare const __APP_VERSION__: string;

async function backup(options: BackupOptions): Promise<void> {
  const result = await backupDataDir(path.resolve(options.dataDir), options.outDir);
  process.stdout.write(`Backed up ${result.rooms} room(s), ${result.databaseBytes} bytes, to ${result.outDir}\n`);
  const note = 'Note: the data directory has no secret.key, so this server takes its secret from --secret or\n';
  const keep = 'WHITEBOARD_SECRET. Keep that secret with the backup: without it every invite link stops working.\n';
  if (!result.secretCopied) process.stdout.write(note + keep);
}

async function openSqlite(dataDir: string): Promise<SqliteStorage> {
  const storage = new SqliteStorage(dataDir, new URL('./sqlite-thread.js', import.meta.url));
  await storage.opened; // the database opens before the server says it is ready (or start-up fails here)
  return storage;
}

async function main(): Promise<void> {
  if (process.argv[2] === 'migrate') return runMigrate(process.argv.slice(3), process.env);
  const command = parseCommand(process.argv.slice(2), process.env);
  if (command.type === 'backup') return backup(command.options);
  if (command.type !== 'run') {
    process.stdout.write(`${command.type === 'version' ? __APP_VERSION__ : command.topic === 'backup' ? backupHelpText() : helpText()}\n`);
    return;
  }
  const { options } = command;
  // Structured logs, JSON lines on stdout, so they can be shipped and queried as they are.
  const logger = pino({ level: options.logLevel, base: { service: 'whiteboard-sync' } });
  const tlsFiles: TlsFiles | null = options.tlsCert && options.tlsKey ? { certFile: options.tlsCert, keyFile: options.tlsKey } : null;
  const tls = tlsFiles ? loadTlsCredentials(tlsFiles) : null;
  const { dataDir, redisUrl, databaseUrl } = { ...options, dataDir: path.resolve(options.dataDir) };
  const mergeThread = new URL('./merge-thread.js', import.meta.url);
  const cluster = redisUrl && databaseUrl ? await startCluster({ redisUrl, databaseUrl, dataDir, secret: options.secret, mergeThread }, logger) : null;
  // The built threads sit beside this file: storage in one of its own (SQLite) or compaction's, large rooms' documents in a
  // pool of every core but the serving thread's.
  const engineThreads = { url: new URL('./engine-thread.js', import.meta.url), threads: Math.max(1, os.availableParallelism() - 1) };
  const secret = cluster?.secret ?? loadOrCreateSecret(dataDir, options.secret);
  const server = await startSyncServer({
    host: options.host,
    port: options.port,
    storage: cluster?.serverHooks.storage ?? (await openSqlite(dataDir)),
    logger,
    // The built client sits beside the built server: dist/renderer next to dist/sync-server.
    staticDir: fileURLToPath(new URL('../renderer/', import.meta.url)),
    access: { secret, createKey: options.createKey, allowedOrigins: options.allowedOrigins },
    publicUrl: options.publicUrl,
    limits: {
      pingIntervalMs: options.pingIntervalMs,
      maxRoomBytes: options.maxRoomMb * 1024 * 1024,
      maxMemoryBytes: options.maxMemoryMb * 1024 * 1024,
      maxDataBytes: Math.round(options.maxDataGb * 1024 ** 3),
      newBoardsPerHour: options.maxNewBoardsPerHour,
    },
    tls,
    trustedProxies: options.trustProxy ?? undefined,
    engineThreads,
    history: { keepDays: options.historyDays, maxBytes: options.maxHistoryMb * 1024 * 1024, thread: new URL('./history-thread.js', import.meta.url) },
    ...cluster?.serverHooks,
  });
  cluster?.attach(server);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(() => cluster?.close()).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(signal));
  // An app that started this server (the desktop app) asks it to stop on its parent port.
  listenForStopMessage(() => stop('stop message'));
  process.on('SIGHUP', () => {
    if (!tlsFiles) return;
    try {
      server.setTlsCredentials(loadTlsCredentials(tlsFiles));
      logger.info({ cert: tlsFiles.certFile }, 'TLS certificate reloaded');
    } catch (error) {
      // Keep serving with the old certificate rather than stopping.
      logger.error({ err: (error as Error).message }, 'reloading the TLS certificate failed');
    }
  });
  // Only now: whoever waits for this line may stop the server at once.
  logger.info({ url: server.url, dataDir, tls: tls !== null, trustProxy: options.trustProxy?.entries ?? null }, 'listening');
  const where = cluster && redisUrl && databaseUrl ? `cluster instance ${cluster.instance}: ${safeUrl(redisUrl)}, ${safeUrl(databaseUrl)}` : `data: ${dataDir}`;
  process.stdout.write(
    `Whiteboard sync server ready at ${server.url}\n` +
      `  new board: open ${options.publicUrl ?? server.url}/ in a browser${options.createKey ? ' (needs the creation key)' : ''}\n` +
      `  ${where}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`whiteboard-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof OptionError || error instanceof TlsConfigError || error instanceof BackupError ? 2 : 1);
});
