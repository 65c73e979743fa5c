import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  MAX_OUTPUT_LINE_CHARS,
  ReadyLineReader,
  buildServerArgs,
  isAddressInUse,
  lanAddresses,
  readyPort,
  runningStatus,
  serverEnvironment,
  startFailure,
} from './hosting-plan';

function ipv4(address: string, internal = false): NetworkInterfaceInfo {
  return { address, netmask: '255.255.255.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal, cidr: `${address}/24` };
}

const interfaces: Record<string, NetworkInterfaceInfo[]> = {
  lo: [ipv4('127.0.0.1', true)],
  eth0: [ipv4('192.168.1.20'), { ...ipv4('fe80::1'), family: 'IPv6', scopeid: 2 }],
  wlan0: [ipv4('10.0.0.7'), ipv4('169.254.3.4')],
  docker0: [ipv4('192.168.1.20')],
};

describe('buildServerArgs', () => {
  it('listens on this computer only unless the network was allowed', () => {
    expect(buildServerArgs({ lan: false, dataDir: '/data', port: 4455 })).toEqual(['--host', '127.0.0.1', '--port', '4455', '--data', '/data', '--log-level', 'warn']);
    expect(buildServerArgs({ lan: true, dataDir: '/data', port: 0 }).slice(0, 4)).toEqual(['--host', '0.0.0.0', '--port', '0']);
  });

  it('keeps a data path with spaces as one argument', () => {
    const args = buildServerArgs({ lan: false, dataDir: 'C:\\Users\\Ada Lovelace\\AppData\\Whiteboard\\server', port: 0 });
    expect(args[args.indexOf('--data') + 1]).toBe('C:\\Users\\Ada Lovelace\\AppData\\Whiteboard\\server');
  });
});

describe('serverEnvironment', () => {
  it('drops the settings of a server the user runs themselves', () => {
    expect(serverEnvironment({ PATH: '/bin', WHITEBOARD_CREATE_KEY: 'k', WHITEBOARD_PORT: '80', LOG_LEVEL: 'trace', HOME: '/home/ada', GONE: undefined })).toEqual({
      PATH: '/bin',
      HOME: '/home/ada',
      MALLOC_MMAP_THRESHOLD_: '98304',
    });
  });

  // sync-server/malloc-env.test.ts holds the server's constant and the deploy files to the same value.
  it('starts the server with the malloc setting every launcher uses, unless the user set their own', () => {
    expect(serverEnvironment({}).MALLOC_MMAP_THRESHOLD_).toBe('98304');
    expect(serverEnvironment({ MALLOC_MMAP_THRESHOLD_: '65536' }).MALLOC_MMAP_THRESHOLD_).toBe('65536');
  });

  it('names the SQLite build for Electron that the app chose, never one from the user’s environment', () => {
    expect(serverEnvironment({ WHITEBOARD_SQLITE_BINDING: '/tmp/other.node' }).WHITEBOARD_SQLITE_BINDING).toBeUndefined();
    expect(serverEnvironment({ WHITEBOARD_SQLITE_BINDING: '/tmp/other.node' }, '/opt/Whiteboard/resources/native/better_sqlite3.node').WHITEBOARD_SQLITE_BINDING).toBe(
      '/opt/Whiteboard/resources/native/better_sqlite3.node',
    );
  });
});

describe('readyPort', () => {
  it('reads the port from the ready line', () => {
    expect(readyPort('Whiteboard sync server ready at http://127.0.0.1:4455')).toBe(4455);
    expect(readyPort('Whiteboard sync server ready at http://0.0.0.0:39001/\r')).toBe(39001);
    expect(readyPort('Whiteboard sync server ready at http://[::1]:8080')).toBe(8080);
  });

  it('ignores every other line', () => {
    expect(readyPort('{"level":30,"msg":"listening","url":"http://127.0.0.1:4455"}')).toBeNull();
    expect(readyPort('  new board: open http://127.0.0.1:4455/ in a browser')).toBeNull();
    expect(readyPort('Whiteboard sync server ready at http://127.0.0.1')).toBeNull();
    expect(readyPort('Whiteboard sync server ready at http://127.0.0.1:99999')).toBeNull();
    // The built-in server never serves TLS; an https line means it is not the server we started.
    expect(readyPort('Whiteboard sync server ready at https://127.0.0.1:4455')).toBeNull();
  });
});

describe('ReadyLineReader', () => {
  it('finds the line split across chunks, after log lines', () => {
    const reader = new ReadyLineReader();
    expect(reader.push('{"level":40,"msg":"x"}\nWhiteboard sync server re')).toBeNull();
    expect(reader.push('ady at http://127.0.0.1:44')).toBeNull();
    expect(reader.push('55\n  new board: …\n')).toBe(4455);
  });

  it('does not buffer an endless line', () => {
    const reader = new ReadyLineReader();
    reader.push('x'.repeat(MAX_OUTPUT_LINE_CHARS * 10));
    expect((reader as unknown as { pending: string }).pending.length).toBeLessThanOrEqual(MAX_OUTPUT_LINE_CHARS);
    expect(reader.push('\nWhiteboard sync server ready at http://127.0.0.1:1234\n')).toBe(1234);
  });
});

describe('lanAddresses', () => {
  it('lists reachable IPv4 addresses once each', () => {
    expect(lanAddresses(interfaces)).toEqual(['192.168.1.20', '10.0.0.7']);
    expect(lanAddresses({})).toEqual([]);
  });
});

describe('runningStatus', () => {
  it('gives this computer loopback addresses and the network its own', () => {
    expect(runningStatus(4455, true, interfaces)).toEqual({
      state: 'running',
      serverUrl: 'ws://127.0.0.1:4455',
      httpUrl: 'http://127.0.0.1:4455',
      lanUrls: ['http://192.168.1.20:4455', 'http://10.0.0.7:4455'],
    });
    expect(runningStatus(4455, false, interfaces)).toMatchObject({ lanUrls: [] });
  });
});

describe('start failures', () => {
  it('recognises a port in use', () => {
    expect(isAddressInUse('whiteboard-server: listen EADDRINUSE: address already in use 127.0.0.1:4455')).toBe(true);
    expect(isAddressInUse('whiteboard-server: EACCES: permission denied')).toBe(false);
  });

  it('explains a failure from the last line of stderr', () => {
    expect(startFailure(1, 'noise\nwhiteboard-server: EACCES: permission denied, mkdir /x\n')).toBe('The built-in server could not start: EACCES: permission denied, mkdir /x');
    expect(startFailure(3, '')).toBe('The built-in server stopped before it was ready (exit code 3).');
  });
});
