/**
 * `npm test` needs programs from the system, not from npm: Debian's Chromium (the end-to-end
 * tests), nginx and openssl (the self-hosting tests), redis-server and PostgreSQL 15 (the cluster
 * tests start their own). Without them the tests would time out one by one long after starting;
 * this says at once, in one line, what to install.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

interface Program {
  /** The Debian package that has it, and the program's name on PATH. */
  name: string;
  /** Where Debian puts it, when that is not on every PATH (nginx is in /usr/sbin). */
  paths: readonly string[];
}

export const NEEDED: readonly Program[] = [
  { name: 'chromium', paths: ['/usr/bin/chromium'] },
  { name: 'nginx', paths: ['/usr/sbin/nginx'] },
  { name: 'openssl', paths: [] },
  { name: 'redis-server', paths: [process.env.WHITEBOARD_REDIS_SERVER ?? '/usr/bin/redis-server'] },
  // Debian keeps a PostgreSQL's server programs off PATH, by major version (testing/postgres.ts).
  { name: 'postgresql-15', paths: [`${process.env.WHITEBOARD_PG_BIN ?? '/usr/lib/postgresql/15/bin'}/postgres`] },
];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The programs of `needed` found neither where Debian puts them nor on `searchPath`. */
export function missingPrograms(needed: readonly Program[], searchPath: string, executable: (file: string) => boolean = isExecutable): string[] {
  const onPath = (name: string): boolean => searchPath.split(path.delimiter).some((dir) => dir !== '' && executable(path.join(dir, name)));
  return needed.filter(({ name, paths }) => !paths.some(executable) && !onPath(name)).map(({ name }) => name);
}

/** The one line that says what to do, or null when nothing is missing. */
export function preflightMessage(missing: readonly string[]): string | null {
  if (missing.length === 0) return null;
  return `npm test needs ${missing.join(', ')}: install with \`sudo apt-get install -y ${missing.join(' ')}\` (or run \`bash .ci/run\`, which installs them and runs the tests)`;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const message = preflightMessage(missingPrograms(NEEDED, process.env.PATH ?? ''));
  if (message) {
    console.error(message);
    process.exit(1);
  }
}
