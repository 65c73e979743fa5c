/**
 * Background threads (compaction, large rooms) run at a lower scheduling priority than the
 * thread that serves every room. The server may be pinned to one core (`taskset`, a small VM),
 * where a worker merging a large board would otherwise take the core in time slices of several
 * milliseconds while cursor and pen updates of every other room wait behind it. On Linux a
 * thread's niceness is its own: setpriority() on the thread id (found through
 * /proc/thread-self) lowers only the calling thread. Elsewhere this does nothing.
 */
import fs from 'node:fs';
import os from 'node:os';

/** Niceness 0 (normal) to 19 (lowest); returns whether it was applied. */
export function lowerThisThreadPriority(niceness: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const threadId = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(threadId) || threadId <= 0) return false;
    os.setPriority(threadId, niceness);
    return true;
  } catch {
    // Not permitted or not available: the thread keeps running at normal priority.
    return false;
  }
}
