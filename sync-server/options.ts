/**
 * Command-line and environment options of the sync server. Every option can be given as a flag
 * or as an environment variable (flags win), so the same binary works from a shell, a systemd
 * unit or a container.
 */
import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_LIMITS, DEFAULT_PORT } from './constants';

export interface ServerOptions {
  host: string;
  port: number;
  dataDir: string;
  pingIntervalMs: number;
  maxRoomMb: number;
  logLevel: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

interface OptionSpec {
  flag: string;
  env: string;
  key: keyof ServerOptions;
  arg: string;
  help: string;
  parse: (raw: string) => string | number;
  default: string | number;
}

function parsePort(raw: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new OptionError(`invalid port ${JSON.stringify(raw)}: expected 0–65535 (0 picks any free port)`);
  }
  return port;
}

function positiveInteger(what: string, min: number, max: number): (raw: string) => number {
  return (raw) => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) throw new OptionError(`invalid ${what} ${JSON.stringify(raw)}: expected ${min}–${max}`);
    return value;
  };
}

function parseLogLevel(raw: string): string {
  if (!LOG_LEVELS.includes(raw)) throw new OptionError(`invalid log level ${JSON.stringify(raw)}: expected one of ${LOG_LEVELS.join(', ')}`);
  return raw;
}

function parseNonEmpty(raw: string): string {
  if (raw.trim() === '') throw new OptionError('expected a non-empty value');
  return raw;
}

const SPECS: readonly OptionSpec[] = [
  { flag: '--host', env: 'WHITEBOARD_HOST', key: 'host', arg: '<address>', help: 'address to listen on; 0.0.0.0 for every interface', parse: parseNonEmpty, default: DEFAULT_HOST },
  { flag: '--port', env: 'WHITEBOARD_PORT', key: 'port', arg: '<number>', help: 'port to listen on; 0 picks any free port', parse: parsePort, default: DEFAULT_PORT },
  { flag: '--data', env: 'WHITEBOARD_DATA', key: 'dataDir', arg: '<dir>', help: 'directory for the room database', parse: parseNonEmpty, default: DEFAULT_DATA_DIR },
  { flag: '--ping-interval', env: 'WHITEBOARD_PING_INTERVAL_MS', key: 'pingIntervalMs', arg: '<ms>', help: 'WebSocket ping interval; keep it under your proxy\'s idle timeout', parse: positiveInteger('interval', 1_000, 3_600_000), default: DEFAULT_LIMITS.pingIntervalMs },
  { flag: '--max-room-mb', env: 'WHITEBOARD_MAX_ROOM_MB', key: 'maxRoomMb', arg: '<MB>', help: 'largest stored size of one board', parse: positiveInteger('size', 1, 4096), default: DEFAULT_LIMITS.maxRoomBytes / (1024 * 1024) },
  { flag: '--log-level', env: 'LOG_LEVEL', key: 'logLevel', arg: '<level>', help: `log verbosity: ${LOG_LEVELS.join(', ')}`, parse: parseLogLevel, default: 'info' },
];

export class OptionError extends Error {}

export type ParsedCommand = { type: 'run'; options: ServerOptions } | { type: 'help' } | { type: 'version' };

export function helpText(): string {
  const row = (left: string, right: string): string => `  ${left.padEnd(24)}${right}`;
  const lines = SPECS.map((spec) => row(`${spec.flag} ${spec.arg}`, `${spec.help} (default ${spec.default}; env ${spec.env})`));
  return [
    'Usage: whiteboard-server [options]',
    '',
    'The Whiteboard sync server: relays board edits between clients over WebSocket and serves',
    'the web client at http://HOST:PORT/r/<room>.',
    '',
    'Options:',
    ...lines,
    row('-h, --help', 'show this help'),
    row('-v, --version', 'show the version'),
  ].join('\n');
}

export function parseCommand(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParsedCommand {
  const values = new Map<keyof ServerOptions, string | number>();
  for (const spec of SPECS) {
    const fromEnv = env[spec.env];
    if (fromEnv !== undefined && fromEnv !== '') values.set(spec.key, parseWith(spec, fromEnv, spec.env));
  }
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '-h' || token === '--help') return { type: 'help' };
    if (token === '-v' || token === '--version') return { type: 'version' };
    const [name, inline] = token.includes('=') ? [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)] : [token, undefined];
    const spec = SPECS.find((s) => s.flag === name);
    if (!spec) throw new OptionError(`unknown option ${JSON.stringify(token)}; see --help`);
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new OptionError(`${spec.flag} needs a value ${spec.arg}`);
    values.set(spec.key, parseWith(spec, raw, spec.flag));
  }
  const options = Object.fromEntries(SPECS.map((spec) => [spec.key, values.get(spec.key) ?? spec.default]));
  return { type: 'run', options: options as unknown as ServerOptions };
}

function parseWith(spec: OptionSpec, raw: string, source: string): string | number {
  try {
    return spec.parse(raw);
  } catch (error) {
    throw new OptionError(`${source}: ${(error as Error).message}`);
  }
}
