/**
 * Messages from an app to a sync server it started as its own child process: the desktop app's
 * "Host on this computer" runs the server in an Electron utility process and talks to it on the
 * process's parent port (`process.parentPort` in the server; Node's `child_process.fork` IPC
 * channel works the same way). Structured-cloned objects, discriminated by `type`; the server
 * ignores anything else it receives there.
 *
 * - `stop`: shut down as on SIGTERM (close every connection with 1001, store every room, close
 *   the storage) and exit with code 0. A signal cannot do this from Electron: its
 *   `UtilityProcess.kill()` ends the process at once on Windows, and on POSIX follows SIGTERM
 *   with SIGKILL two seconds later, before a shutdown that waits for its clients is done.
 */
export const ServerControlType = {
  Stop: 'stop',
} as const;
export type ServerControlType = (typeof ServerControlType)[keyof typeof ServerControlType];

export type ServerControlMessage = { type: typeof ServerControlType.Stop };

export const STOP_MESSAGE: ServerControlMessage = { type: ServerControlType.Stop };

export function isServerControlMessage(value: unknown): value is ServerControlMessage {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === ServerControlType.Stop;
}
