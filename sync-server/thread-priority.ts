/**
 * Background threads (compaction, large rooms) run at a lower scheduling priority than the
 * thread that serves every room. The server may be pinned to one core (`taskset`, a small VM),
 * where a worker merging a large board would otherwise take the core in time slices of several
 * milliseconds while cursor and pen updates of every other room wait behind it. On Linux a
 * thread's niceness is its own: setpriority() on the thread id (found through
 * /proc/thread-self) lowers only the calling thread. Elsewhere this does nothing.
 *
 * A thread can only lower itself once its own code runs, and a worker's first line runs after
 * Node's start-up and every module it imports: ~130 ms of CPU for a room worker, at the serving
 * thread's priority, right when a large board arrives. `startThreadAtPriority` lowers the new
 * thread from outside instead, the moment it exists.
 */
import fs from 'node:fs';
import os from 'node:os';

function threadIds(): Set<number> | null {
  try {
    return new Set(fs.readdirSync('/proc/self/task').map(Number));
  } catch {
    return null;
  }
}

/**
 * Runs `start` (which creates one thread, e.g. `new Worker(...)`) and gives the thread that
 * appeared meanwhile the niceness, before it has done much of its start-up. Leaves things as
 * they are unless exactly one thread appeared (or off Linux); the thread can still lower itself.
 */
export function startThreadAtPriority<T>(niceness: number, start: () => T): T {
  if (process.platform !== 'linux') return start();
  const before = threadIds();
  const started = start();
  const after = threadIds();
  const fresh = before && after ? [...after].filter((id) => !before.has(id)) : [];
  // If that is not permitted, the thread still lowers itself once its code runs.
  if (fresh.length === 1) setThreadNiceness(fresh[0]!, niceness);
  return started;
}

function setThreadNiceness(threadId: number, niceness: number): boolean {
  try {
    os.setPriority(threadId, niceness);
    return true;
  } catch {
    return false;
  }
}

/** Niceness 0 (normal) to 19 (lowest); returns whether it was applied. */
export function lowerThisThreadPriority(niceness: number): boolean {
  if (process.platform !== 'linux') return false;
  let threadId: number;
  try {
    threadId = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return false;
  }
  // Not permitted or not available: the thread keeps running at normal priority.
  return Number.isInteger(threadId) && threadId > 0 && setThreadNiceness(threadId, niceness);
}
