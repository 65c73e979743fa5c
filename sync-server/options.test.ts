import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_LIMITS, DEFAULT_PORT } from './constants';
import { OptionError, backupHelpText, helpText, parseCommand } from './options';

describe('parseCommand', () => {
  it('has safe defaults', () => {
    expect(parseCommand([], {})).toEqual({
      type: 'run',
      options: {
        host: DEFAULT_HOST,
        port: DEFAULT_PORT,
        dataDir: DEFAULT_DATA_DIR,
        pingIntervalMs: DEFAULT_LIMITS.pingIntervalMs,
        maxRoomMb: 256,
        maxMemoryMb: 1024,
        maxDataGb: 10,
        maxNewBoardsPerHour: 30,
        historyDays: null,
        redisUrl: null,
        databaseUrl: null,
        maxHistoryMb: 128,
        logLevel: 'info',
        secret: null,
        createKey: null,
        allowedOrigins: null,
        publicUrl: null,
        tlsCert: null,
        tlsKey: null,
        trustProxy: null,
      },
    });
  });

  it('reads flags, in both --flag value and --flag=value forms', () => {
    expect(parseCommand(['--host', '0.0.0.0', '--port=0', '--data', '/srv/wb', '--ping-interval', '20000', '--max-room-mb=8', '--log-level', 'debug'], {})).toEqual({
      type: 'run',
      options: { host: '0.0.0.0', port: 0, dataDir: '/srv/wb', pingIntervalMs: 20_000, maxRoomMb: 8, maxMemoryMb: 1024, maxDataGb: 10, maxNewBoardsPerHour: 30, historyDays: null, maxHistoryMb: 128, logLevel: 'debug', secret: null, createKey: null, allowedOrigins: null, publicUrl: null, tlsCert: null, tlsKey: null, trustProxy: null, redisUrl: null, databaseUrl: null },
    });
  });

  it('reads the access options', () => {
    const env = { WHITEBOARD_SECRET: 's'.repeat(40), WHITEBOARD_ALLOWED_ORIGINS: 'https://a.example, http://b.example:8080, app://whiteboard' };
    expect(parseCommand(['--create-key', 'k3y', '--public-url', 'https://boards.example.org/'], env)).toMatchObject({
      options: { secret: 's'.repeat(40), createKey: 'k3y', allowedOrigins: ['https://a.example', 'http://b.example:8080', 'app://whiteboard'], publicUrl: 'https://boards.example.org' },
    });
  });

  it('reads the history limits', () => {
    expect(parseCommand(['--history-days', '30', '--max-history-mb=64'], {})).toMatchObject({ options: { historyDays: 30, maxHistoryMb: 64 } });
    expect(parseCommand([], { WHITEBOARD_HISTORY_DAYS: '7' })).toMatchObject({ options: { historyDays: 7 } });
    expect(() => parseCommand(['--history-days', '0'], {})).toThrow(/--history-days: invalid number of days "0": expected 1–36500/);
    expect(() => parseCommand(['--max-history-mb', 'lots'], {})).toThrow(/--max-history-mb: invalid size/);
  });

  it('reads the environment, and flags win over it', () => {
    const env = { WHITEBOARD_HOST: '::', WHITEBOARD_PORT: '9000', WHITEBOARD_DATA: '/env/data' };
    expect(parseCommand([], env)).toMatchObject({ options: { host: '::', port: 9000, dataDir: '/env/data' } });
    expect(parseCommand(['--port', '9001'], env)).toMatchObject({ options: { port: 9001 } });
  });

  it.each([
    [['--port', 'http'], /--port: invalid port/],
    [['--port', '70000'], /--port: invalid port/],
    [['--port', '-1'], /--port: invalid port/],
    [['--port'], /--port needs a value/],
    [['--prot', '1'], /unknown option "--prot"/],
    [['--data', ' '], /--data: expected a non-empty value/],
    [['--ping-interval', '10'], /--ping-interval: invalid interval/],
    [['--max-room-mb', '0'], /--max-room-mb: invalid size/],
    [['--log-level', 'loud'], /--log-level: invalid log level/],
    [['--secret', 'short'], /--secret: expected at least 32 characters/],
    [['--allowed-origin', 'boards.example.org'], /not an origin/],
    [['--allowed-origin', 'https://a.example/path'], /not an origin/],
    [['--public-url', 'boards.example.org'], /--public-url: expected a base URL/],
    [['--tls-cert', '/etc/cert.pem'], /--tls-cert and --tls-key go together/],
    [['--tls-key', '/etc/key.pem'], /--tls-cert and --tls-key go together/],
    [['--trust-proxy', 'nginx.local'], /--trust-proxy: "nginx.local" is not an IP address, a CIDR range/],
    [['--trust-proxy', '10.0.0.0/33'], /--trust-proxy: "10.0.0.0\/33" has an invalid prefix length: expected 0–32/],
    [['--trust-proxy', ' , '], /--trust-proxy: expected one or more addresses/],
    [['backup'], /backup: --out <dir> is required/],
    [['backup', '--out'], /backup: --out needs a value <dir>/],
    [['backup', '--out', 'x', '--data='], /backup: --data: expected a non-empty value/],
    [['backup', '--out', 'x', '--port', '1'], /backup: unknown option "--port"/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseCommand(argv, {})).toThrow(OptionError);
    expect(() => parseCommand(argv, {})).toThrow(message);
  });

  it('reads the TLS and proxy options', () => {
    const env = { WHITEBOARD_TLS_KEY: '/etc/wb/privkey.pem', WHITEBOARD_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,loopback,fd00::/8' };
    expect(parseCommand(['--tls-cert=/etc/wb/fullchain.pem'], env)).toMatchObject({
      options: { tlsCert: '/etc/wb/fullchain.pem', tlsKey: '/etc/wb/privkey.pem', trustProxy: { entries: ['127.0.0.1', '10.0.0.0/8', 'loopback', 'fd00::/8'] } },
    });
  });

  it('reads the backup command, with the data directory from the environment like the server', () => {
    expect(parseCommand(['backup', '--out', '/backups/today'], {})).toEqual({ type: 'backup', options: { dataDir: DEFAULT_DATA_DIR, outDir: '/backups/today' } });
    expect(parseCommand(['backup', '--out=/b', '--data', '/srv/wb'], { WHITEBOARD_DATA: '/env' })).toEqual({ type: 'backup', options: { dataDir: '/srv/wb', outDir: '/b' } });
    expect(parseCommand(['backup', '--out', '/b'], { WHITEBOARD_DATA: '/env' })).toMatchObject({ options: { dataDir: '/env' } });
    expect(parseCommand(['backup', '--help'], {})).toEqual({ type: 'help', topic: 'backup' });
    expect(() => parseCommand(['backup', '--out', '/b'], { WHITEBOARD_DATA: ' ' })).toThrow(/backup: WHITEBOARD_DATA: expected a non-empty value/);
    expect(backupHelpText()).toContain('--out <dir>');
  });

  it('names the variable when the environment is wrong', () => {
    expect(() => parseCommand([], { WHITEBOARD_PORT: 'x' })).toThrow(/WHITEBOARD_PORT/);
  });

  it('answers --help and --version', () => {
    expect(parseCommand(['--help'], {})).toEqual({ type: 'help' });
    expect(parseCommand(['-v'], {})).toEqual({ type: 'version' });
    for (const word of ['--host', '--port', '--data', '--ping-interval', '--max-room-mb', '--log-level', '--secret', '--create-key', '--allowed-origin', '--public-url', '--tls-cert', '--tls-key', '--trust-proxy', 'backup', 'WHITEBOARD_PORT']) {
      expect(helpText()).toContain(word);
    }
  });
});
