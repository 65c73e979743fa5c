/**
 * Threads doing heavy one-off work (storage, large rooms' documents) run below the serving thread's priority. On one
 * core (`taskset`, a small VM), a thread applying a 10 MB board would otherwise take it in multi-millisecond slices while
 * every other room waits: bench/server, large join (quick), busy rooms p99 during the cold join 45 ms at normal priority,
 * 4.5 ms at niceness 10. A Linux thread could lower only itself, after Node's start-up (~130 ms of CPU), so it is
 * lowered from outside the moment it exists: the one that appeared in /proc/self/task. Once a large room's document is
 * in the pool, the runtime's own helper threads (V8's platform workers) are lowered too: they collect its garbage, and at
 * normal priority the serving thread waited behind them for whole scheduler ticks (large join, four alternating pairs:
 * busy rooms p99 during the warm join 30–37 ms, lowered 1.9–3.7). Not before: they also compile the serving thread's
 * code, and lowered from start-up the fan-out's CPU per delivered message rose 2–14% in three pairs (a shared machine).
 */
import fs from 'node:fs';
import os from 'node:os';
import { orNull } from './or-null';

/** Below the serving thread (0), above the lowest (19): a low thread holding a lock still gets a turn. */
const BACKGROUND_NICENESS = 10;

function threadIds(): Set<number> | null {
  return orNull(() => new Set(fs.readdirSync('/proc/self/task').map(Number)));
}

/** Runs `start` (which creates one thread, e.g. `new Worker(...)`) and lowers that thread's priority. */
export function startBackgroundThread<T>(start: () => T): T {
  if (process.platform !== 'linux') return start();
  const before = threadIds();
  const started = start();
  const after = threadIds();
  const fresh = before && after ? [...after].filter((id) => !before.has(id)) : [];
  try {
    if (fresh.length === 1) os.setPriority(fresh[0] as number, BACKGROUND_NICENESS);
  } catch {
    // Not permitted: the thread runs at normal priority.
  }
  return started;
}

/** Lowers every thread of this process but its main one (the serving thread). */
export function lowerRuntimeThreads(): void {
  for (const id of process.platform === 'linux' ? (threadIds() ?? []) : []) {
    try {
      if (id !== process.pid) os.setPriority(id, BACKGROUND_NICENESS);
    } catch {
      // Not permitted: it runs at normal priority.
    }
  }
}
