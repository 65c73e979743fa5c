/**
 * Test helper: the server's thread entries (storage/sqlite-thread.ts, engine/engine-thread.ts)
 * compiled the way `npm run build:server` does, so tests run them in real threads. Built once
 * per test process into a temporary directory whose `node_modules` points at the project's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const built = new Map<string, Promise<URL>>();

export type ThreadEntry = 'storage/sqlite-thread.ts' | 'engine/engine-thread.ts' | 'history/history-thread.ts' | 'cluster/merge-thread.ts';

export function threadUrl(entry: ThreadEntry): Promise<URL> {
  let url = built.get(entry);
  if (!url) {
    url = (async () => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-thread-'));
      process.once('exit', () => fs.rmSync(outdir, { recursive: true, force: true }));
      const outfile = path.join(outdir, `${path.basename(entry, '.ts')}.mjs`);
      await build({
        entryPoints: [path.join(REPO_ROOT, 'sync-server', entry)],
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
    built.set(entry, url);
  }
  return url;
}

/** A thread's niceness (thread-priority.ts): the 19th field of /proc/self/task/<id>/stat. */
export function threadNiceness(threadId: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${threadId}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  } catch {
    return null;
  }
}
