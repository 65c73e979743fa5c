/**
 * `whiteboard-server`: starts the sync server with SQLite storage under the data directory,
 * prints where it listens, and shuts down gracefully on SIGTERM/SIGINT.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOrCreateSecret } from './auth/secret';
import { createLogger } from './log';
import { OptionError, helpText, parseCommand } from './options';
import { startSyncServer } from './server';
import { SqliteStorage } from './storage/sqlite-storage';

declare const __APP_VERSION__: string;

async function main(): Promise<void> {
  let command;
  try {
    command = parseCommand(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof OptionError)) throw error;
    process.stderr.write(`whiteboard-server: ${error.message}\n`);
    process.exit(2);
  }
  if (command.type === 'help') {
    process.stdout.write(`${helpText()}\n`);
    return;
  }
  if (command.type === 'version') {
    process.stdout.write(`${__APP_VERSION__}\n`);
    return;
  }
  const { options } = command;
  const logger = createLogger(options.logLevel);
  const dataDir = path.resolve(options.dataDir);
  // The built client sits beside the built server: dist/renderer next to dist/sync-server.
  const staticDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  const storage = new SqliteStorage(dataDir, { compactionWorker: new URL('./compaction-worker.js', import.meta.url) });
  const secret = loadOrCreateSecret(dataDir, options.secret);
  const server = await startSyncServer({
    host: options.host,
    port: options.port,
    storage,
    logger,
    staticDir,
    access: { secret, createKey: options.createKey, allowedOrigins: options.allowedOrigins },
    publicUrl: options.publicUrl,
    limits: { pingIntervalMs: options.pingIntervalMs, maxRoomBytes: options.maxRoomMb * 1024 * 1024 },
  });
  logger.info({ url: server.url, dataDir }, 'listening');
  process.stdout.write(
    `Whiteboard sync server ready at ${server.url}\n` +
      `  new board: open ${options.publicUrl ?? server.url}/ in a browser${options.createKey ? ' (needs the creation key)' : ''}\n` +
      `  data: ${dataDir}\n`,
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`whiteboard-server: ${message}\n`);
  process.exit(1);
});
