/**
 * Test helper: the room worker (room-worker.ts) compiled the way `npm run build:server` does, so
 * that tests run large rooms in real worker threads. Built once per test process into a
 * temporary directory whose `node_modules` points at the project's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
let built: Promise<URL> | null = null;

export function roomWorkerUrl(): Promise<URL> {
  built ??= (async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-room-worker-'));
    process.once('exit', () => fs.rmSync(outdir, { recursive: true, force: true }));
    const outfile = path.join(outdir, 'room-worker.mjs');
    await build({
      entryPoints: [path.join(REPO_ROOT, 'sync-server/room-worker.ts')],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      absWorkingDir: REPO_ROOT,
      logLevel: 'silent',
    });
    // Resolve its bare imports (yjs, better-sqlite3, pino) from the project.
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(outdir, 'node_modules'));
    return pathToFileURL(outfile);
  })();
  return built;
}
