/**
 * Stopping the built-in server without losing what it holds. `UtilityProcess.kill()` cannot ask
 * politely: on Windows it ends the process at once, and on POSIX it sends SIGTERM and, two
 * seconds later, SIGKILL (Chromium's EnsureProcessTerminated), while the server's own shutdown
 * waits up to 5 s for its clients to close before it stores the rooms. So the app sends the stop
 * message on the parent port (protocol/server-control.ts); the server shuts down as on SIGTERM
 * and exits by itself. Only a server still running after SERVER_STOP_TIMEOUT_MS is killed. Plain
 * code over a small interface, so the timing is tested under Node with the real server.
 */
import { STOP_MESSAGE, type ServerControlMessage } from '../protocol/server-control';

/**
 * The server's shutdown waits up to 5 s for clients to answer the close (sync-server
 * SHUTDOWN_TIMEOUT_MS), then stores every room and closes the database; a large room takes a
 * few seconds more to write. Three times the wait leaves room for that on a slow disk, and
 * still ends a stuck server before the user gives up on quitting.
 */
export const SERVER_STOP_TIMEOUT_MS = 15_000;
/** After kill(): Electron sends SIGKILL 2 s after SIGTERM on POSIX; this only bounds the wait. */
export const SERVER_KILL_WAIT_MS = 5_000;

/** What stopServer needs of the process: Electron's UtilityProcess has exactly these. */
export interface StoppableServer {
  postMessage(message: ServerControlMessage): void;
  kill(): boolean;
}

export const StopOutcome = {
  /** It stored its rooms and exited when asked. */
  Stopped: 'stopped',
  /** It did not exit in time and was killed: only what it had acknowledged is known to be stored. */
  Killed: 'killed',
} as const;
export type StopOutcome = (typeof StopOutcome)[keyof typeof StopOutcome];

function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

/**
 * Asks the server to stop and waits for `exited` (which the caller created before, from the
 * process's 'exit' event); kills it only when it has not exited within `timeoutMs`.
 */
export async function stopServer(server: StoppableServer, exited: Promise<unknown>, timeoutMs = SERVER_STOP_TIMEOUT_MS): Promise<StopOutcome> {
  try {
    server.postMessage(STOP_MESSAGE);
  } catch {
    // The port is already closed: the process is exiting or gone; `exited` says which.
  }
  if (await within(exited, timeoutMs)) return StopOutcome.Stopped;
  server.kill();
  await within(exited, SERVER_KILL_WAIT_MS);
  return StopOutcome.Killed;
}
