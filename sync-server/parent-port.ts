/**
 * A stop message from the app that started the server (protocol/server-control.ts) shuts it down as SIGTERM does:
 * Electron's `process.parentPort` carries it as `data`, a Node fork's IPC channel (the tests) as the message itself.
 */
import { isServerControlMessage, ServerControlType } from '../protocol/server-control';

interface ParentPort { on(event: 'message', listener: (event: { data: unknown }) => void): unknown }

export function listenForStopMessage(stop: () => void): void {
  const onMessage = (message: unknown): void => {
    if (isServerControlMessage(message) && message.type === ServerControlType.Stop) stop();
  };
  // Electron adds parentPort to `process` in a utility process; Node's types do not know it.
  const parentPort = Reflect.get(process, 'parentPort') as ParentPort | undefined;
  if (parentPort) parentPort.on('message', (event) => onMessage(event.data));
  else if (typeof process.send === 'function') process.on('message', onMessage);
}
