/**
 * The server as the child of an app that started it (the desktop app's "Host on this computer"): a stop message on the
 * parent port (protocol/server-control.ts) shuts it down as SIGTERM does. Electron gives a utility process
 * `process.parentPort`, whose 'message' events carry the message as `data`; Node's `child_process.fork` gives an IPC
 * channel (`process.send`, 'message' events with the message itself), as the tests use.
 */
import { isServerControlMessage, ServerControlType } from '../protocol/server-control';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

function isParentPort(value: unknown): value is ParentPort {
  return typeof value === 'object' && value !== null && typeof (value as { on?: unknown }).on === 'function';
}

/** Calls `stop` when the parent asks; returns whether there is a parent to ask. */
export function listenForStopMessage(stop: () => void): boolean {
  const onMessage = (message: unknown): void => {
    if (isServerControlMessage(message) && message.type === ServerControlType.Stop) stop();
  };
  // Electron adds parentPort to `process` in a utility process; Node's types do not know it.
  const parentPort: unknown = Reflect.get(process, 'parentPort');
  if (isParentPort(parentPort)) {
    parentPort.on('message', (event) => onMessage(event.data));
    return true;
  }
  if (typeof process.send === 'function') {
    process.on('message', onMessage);
    return true;
  }
  return false;
}
