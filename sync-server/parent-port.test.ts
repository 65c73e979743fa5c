/**
 * The stop message as Electron's utility process delivers it: `process.parentPort` emits
 * 'message' events whose `data` is the message. (The Node IPC path, and what the server does on
 * the message, are tested against the real server process in main/server-stop.test.ts.)
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { STOP_MESSAGE } from '../protocol/server-control';
import { listenForStopMessage } from './parent-port';

afterEach(() => {
  Reflect.deleteProperty(process, 'parentPort');
});

describe('listenForStopMessage', () => {
  it('stops on the stop message from an Electron parent port, and on nothing else', () => {
    const parentPort = new EventEmitter();
    Reflect.set(process, 'parentPort', parentPort);
    let stops = 0;
    listenForStopMessage(() => stops++);
    expect(parentPort.listenerCount('message')).toBe(1);
    parentPort.emit('message', { data: { type: 'restart' } });
    parentPort.emit('message', { data: 'stop' });
    parentPort.emit('message', { data: null });
    parentPort.emit('message', STOP_MESSAGE);
    expect(stops).toBe(0);
    parentPort.emit('message', { data: STOP_MESSAGE });
    expect(stops).toBe(1);
  });

  it('does nothing for a server nobody started as a child', () => {
    // vitest's fork pool gives this process an IPC channel: hide it, as a plain `node cli.js` has none.
    const send = process.send;
    process.send = undefined;
    const listeners = process.listenerCount('message');
    try {
      listenForStopMessage(() => {});
      expect(process.listenerCount('message')).toBe(listeners);
    } finally {
      process.send = send;
    }
  });
});
