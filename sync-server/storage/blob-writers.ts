/**
 * Who is writing a chunked blob (blob-chunks.ts), so that a sweep frees what a crashed process
 * left half-written but never what another thread or process is still writing (a room worker
 * opening the database while another room's worker stores a large update).
 *
 * A writer is `pid:start`, the process id and its start time in clock ticks since boot
 * (/proc/<pid>/stat, field 22): the same in every thread of a process, and different for a later
 * process that got the same pid (a container's server is often pid 1 after every restart). Where
 * /proc is missing, the start is empty and only the pid is checked; the sweep's staleness rule
 * covers a reused pid there.
 */
import fs from 'node:fs';

const HAS_PROC = fs.existsSync('/proc/self/stat');

/** The process's start time, or null if no such process runs; '' where it cannot be known. */
function startOf(pid: number | 'self'): string | null {
  if (!HAS_PROC) return '';
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after the parenthesised name start at field 3; the start time is field 22.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
}

/** How a running process is recorded in the blobs it writes; null if it does not run. */
export function writerOf(pid: number): string | null {
  const start = startOf(pid);
  return start === null ? null : `${pid}:${start}`;
}

/** This process. */
export const WRITER = `${process.pid}:${startOf('self') ?? ''}`;

/** Whether the process that recorded `writer` still runs. */
export function writerIsAlive(writer: string): boolean {
  const separator = writer.indexOf(':');
  const pid = Number(writer.slice(0, separator));
  const start = writer.slice(separator + 1);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (writer === WRITER) return true;
  if (HAS_PROC) return startOf(pid) === start;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it runs, as another user
  }
}
