/**
 * Threads doing heavy one-off work (storage, large rooms' documents) run below the serving thread's priority. On one
 * core (`taskset`, a small VM), a thread applying a 10 MB board would otherwise take it in multi-millisecond slices while
 * every other room waits (bench/server, large join, cold join p99 45 ms at normal priority, 4.5 ms at niceness 10). A
 * thread is lowered from outside the moment it exists (the one that appeared in /proc/self/task): lowering itself would
 * come after Node's start-up, ~130 ms of CPU. Once a large room is in the pool, V8's platform workers are lowered too:
 * they collect its garbage, and the serving thread waited behind them (warm join p99 30–37 ms; lowered 1.9–3.7). Not
 * from start-up: they compile the serving thread's code (fan-out CPU per delivered message 3–30% higher, bench/NOTES.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import { orNull } from './or-null';

/** Below the serving thread (0), above the lowest (19): a low thread holding a lock still gets a turn. */
const BACKGROUND_NICENESS = 10;

function threadIds(): Set<number> | null {
  return orNull(() => new Set(fs.readdirSync('/proc/self/task').map(Number)));
}

function lower(id: number): void {
  orNull(() => os.setPriority(id, BACKGROUND_NICENESS)); // not permitted: it runs at normal priority
}

/** Runs `start` (which creates one thread, e.g. `new Worker(...)`) and lowers that thread's priority. */
export function startBackgroundThread<T>(start: () => T): T {
  if (process.platform !== 'linux') return start();
  const before = threadIds();
  const started = start();
  const fresh = [...(threadIds() ?? [])].filter((id) => before && !before.has(id));
  if (fresh.length === 1) lower(fresh[0] as number);
  return started;
}

/** Lowers every thread of this process but its main one (the serving thread). */
export function lowerRuntimeThreads(): void {
  if (process.platform === 'linux') for (const id of threadIds() ?? []) if (id !== process.pid) lower(id);
}
