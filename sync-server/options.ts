/**
 * Command-line and environment options of the sync server. Every option is a flag or an environment variable (flags
 * win), so the same binary works from a shell, a systemd unit or a container.
 */
import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_LIMITS, DEFAULT_PORT } from './constants';
import { DEFAULT_MAX_HISTORY_BYTES } from './history/history-service';
import { TrustedProxies } from './trusted-proxy';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type OptionValue = string | number | string[] | TrustedProxies | null;

interface OptionSpec {
  flag: string;
  /** The environment variable that gives it too, if any. */
  env?: string;
  key: string;
  arg: string;
  help: string;
  parse: (raw: string) => OptionValue;
  default: OptionValue;
}

/** A number from `min` to `max`: whole, or with `decimals`, maybe not. */
function numberIn(what: string, min: number, max: number, decimals = false, hint = ''): (raw: string) => number {
  return (raw) => {
    const value = Number(raw);
    if (!(decimals ? /^\d+(\.\d+)?$/ : /^\d+$/).test(raw) || value < min || value > max) {
      throw new OptionError(`invalid ${what} ${JSON.stringify(raw)}: expected ${min}–${max}${hint}`);
    }
    return value;
  };
}

/** A parser taking `raw` as it is if `ok`, else refusing it with `why`. */
function accept(ok: (raw: string) => boolean, why: (raw: string) => string): (raw: string) => string {
  return (raw) => {
    if (!ok(raw)) throw new OptionError(why(raw));
    return raw;
  };
}

const parseLogLevel = accept(
  (raw) => LOG_LEVELS.includes(raw),
  (raw) => `invalid log level ${JSON.stringify(raw)}: expected one of ${LOG_LEVELS.join(', ')}`,
);
const parseSecret = accept((raw) => raw.length >= 32, () => 'expected at least 32 characters (generate one with `openssl rand -base64 32`)');
const parseNonEmpty = accept((raw) => raw.trim() !== '', () => 'expected a non-empty value');
const parseUrl = (schemes: string[]): ((raw: string) => string) => accept((raw) => schemes.some((scheme) => raw.startsWith(`${scheme}://`)), () => `expected a ${schemes[0]}:// URL`);

function parseOrigins(raw: string): string[] {
  const origins = raw.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  for (const origin of origins) {
    // app://whiteboard is the desktop app's own origin: allow-lists that should admit it name it.
    if (!/^(https?|app):\/\/[^/\s]+$/.test(origin)) throw new OptionError(`${JSON.stringify(origin)} is not an origin like https://boards.example.org or app://whiteboard`);
  }
  if (origins.length === 0) throw new OptionError('expected one or more origins, separated by commas');
  return origins;
}

function parsePublicUrl(raw: string): string {
  if (!/^https?:\/\/[^/\s?#]+$/.test(raw.replace(/\/$/, ''))) throw new OptionError(`expected a base URL like https://boards.example.org, not ${JSON.stringify(raw)}`);
  return raw.replace(/\/$/, '');
}

const DATA_DIR = { flag: '--data', env: 'WHITEBOARD_DATA', key: 'dataDir', arg: '<dir>', help: 'directory for the room database', parse: parseNonEmpty, default: DEFAULT_DATA_DIR } as const;

const SPECS = [
  { flag: '--host', env: 'WHITEBOARD_HOST', key: 'host', arg: '<address>', help: 'address to listen on; 0.0.0.0 for every interface', parse: parseNonEmpty, default: DEFAULT_HOST },
  { flag: '--port', env: 'WHITEBOARD_PORT', key: 'port', arg: '<number>', help: 'port to listen on; 0 picks any free port', parse: numberIn('port', 0, 65_535, false, ' (0 picks any free port)'), default: DEFAULT_PORT },
  DATA_DIR,
  { flag: '--ping-interval', env: 'WHITEBOARD_PING_INTERVAL_MS', key: 'pingIntervalMs', arg: '<ms>', help: 'WebSocket ping interval; keep it under your proxy\'s idle timeout', parse: numberIn('interval', 1_000, 3_600_000), default: DEFAULT_LIMITS.pingIntervalMs },
  { flag: '--max-room-mb', env: 'WHITEBOARD_MAX_ROOM_MB', key: 'maxRoomMb', arg: '<MB>', help: 'largest board, in memory once loaded (about 8x its size on disk)', parse: numberIn('size', 1, 65_536), default: DEFAULT_LIMITS.maxRoomBytes / (1024 * 1024) },
  { flag: '--max-memory-mb', env: 'WHITEBOARD_MAX_MEMORY_MB', key: 'maxMemoryMb', arg: '<MB>', help: 'memory the loaded boards may use together; past it, opening another board is refused with 1013 (try later)', parse: numberIn('size', 16, 1_048_576), default: DEFAULT_LIMITS.maxMemoryBytes / (1024 * 1024) },
  { flag: '--max-data-gb', env: 'WHITEBOARD_MAX_DATA_GB', key: 'maxDataGb', arg: '<GB>', help: 'stored data for all boards; past it, new boards and new changes are refused', parse: numberIn('size', 0.001, 1_000_000, true), default: DEFAULT_LIMITS.maxDataBytes / 1024 ** 3 },
  { flag: '--max-new-boards-per-hour', env: 'WHITEBOARD_MAX_NEW_BOARDS_PER_HOUR', key: 'maxNewBoardsPerHour', arg: '<n>', help: 'boards one client address may create per hour when there is no --create-key', parse: numberIn('rate', 1, 1_000_000), default: DEFAULT_LIMITS.newBoardsPerHour },
  { flag: '--history-days', env: 'WHITEBOARD_HISTORY_DAYS', key: 'historyDays', arg: '<days>', help: 'forget board versions older than this; none: keep every version', parse: numberIn('number of days', 1, 36_500), default: null },
  { flag: '--max-history-mb', env: 'WHITEBOARD_MAX_HISTORY_MB', key: 'maxHistoryMb', arg: '<MB>', help: "one board's history; past it, its oldest versions are forgotten", parse: numberIn('size', 1, 1_048_576), default: DEFAULT_MAX_HISTORY_BYTES / (1024 * 1024) },
  { flag: '--log-level', env: 'LOG_LEVEL', key: 'logLevel', arg: '<level>', help: `log verbosity: ${LOG_LEVELS.join(', ')}`, parse: parseLogLevel, default: 'info' },
  { flag: '--public-url', env: 'WHITEBOARD_PUBLIC_URL', key: 'publicUrl', arg: '<url>', help: 'base URL put in invite links, e.g. https://boards.example.org', parse: parsePublicUrl, default: null },
  { flag: '--create-key', env: 'WHITEBOARD_CREATE_KEY', key: 'createKey', arg: '<key>', help: 'require this bearer key to create rooms (prefer the environment variable)', parse: parseNonEmpty, default: null },
  { flag: '--allowed-origin', env: 'WHITEBOARD_ALLOWED_ORIGINS', key: 'allowedOrigins', arg: '<origins>', help: 'comma-separated browser origins allowed to connect', parse: parseOrigins, default: null },
  { flag: '--secret', env: 'WHITEBOARD_SECRET', key: 'secret', arg: '<secret>', help: 'invite-link signing secret, 32+ characters (prefer the environment variable)', parse: parseSecret, default: null },
  { flag: '--tls-cert', env: 'WHITEBOARD_TLS_CERT', key: 'tlsCert', arg: '<file>', help: 'PEM certificate chain (e.g. fullchain.pem): serve https and wss; needs --tls-key', parse: parseNonEmpty, default: null },
  { flag: '--tls-key', env: 'WHITEBOARD_TLS_KEY', key: 'tlsKey', arg: '<file>', help: 'PEM private key of --tls-cert (e.g. privkey.pem)', parse: parseNonEmpty, default: null },
  { flag: '--trust-proxy', env: 'WHITEBOARD_TRUST_PROXY', key: 'trustProxy', arg: '<list>', help: 'comma-separated proxy addresses or CIDRs (or "loopback") whose X-Forwarded-For/-Proto/-Host headers are believed', parse: TrustedProxies.parse, default: null },
  { flag: '--redis-url', env: 'WHITEBOARD_REDIS_URL', key: 'redisUrl', arg: '<url>', help: 'one instance of a cluster: Redis relays changes between instances; needs --database-url', parse: parseUrl(['redis', 'rediss']), default: null },
  { flag: '--database-url', env: 'WHITEBOARD_DATABASE_URL', key: 'databaseUrl', arg: '<url>', help: 'one instance of a cluster: PostgreSQL stores the boards (not --data); needs --redis-url', parse: parseUrl(['postgres', 'postgresql']), default: null },
] as const satisfies readonly OptionSpec[];

/** `whiteboard-server backup`: a consistent copy of the data directory while the server runs. */
const BACKUP_SPECS = [DATA_DIR, { flag: '--out', key: 'outDir', arg: '<dir>', help: 'where to write the backup', parse: parseNonEmpty, default: null }] as const satisfies readonly OptionSpec[];

/** The server's options, as SPECS reads them (a spec with no default is null when not given). */
export type ServerOptions = { -readonly [S in (typeof SPECS)[number] as S['key']]: ReturnType<S['parse']> | S['default'] };

export interface BackupOptions { dataDir: string; outDir: string }

export class OptionError extends Error {}

export type ParsedCommand =
  | { type: 'run'; options: ServerOptions }
  | { type: 'backup'; options: BackupOptions }
  | { type: 'help'; topic?: 'backup' }
  | { type: 'version' };

export function backupHelpText(): string {
  return [
    'Usage: whiteboard-server backup --out <dir> [--data <dir>]',
    '',
    'Copies the data directory into <dir> (which must not exist yet, or be empty) while the server',
    'keeps running: a consistent snapshot of the room database (SQLite\'s online backup) and the',
    'signing secret (secret.key). The result is itself a data directory: restore it by stopping',
    'the server and starting it with --data pointing at a copy of it.',
    '',
    'Options:',
    '  --data <dir>              the server\'s data directory (default ./data; env WHITEBOARD_DATA)',
    '  --out <dir>               where to write the backup',
  ].join('\n');
}

export function helpText(): string {
  const row = (left: string, right: string): string => `  ${left.padEnd(26)}${right}`;
  const describe = (value: OptionValue): string => (value === null ? 'none' : String(value));
  const lines = SPECS.map((spec) => row(`${spec.flag} ${spec.arg}`, `${spec.help} (default ${describe(spec.default)}; env ${spec.env})`));
  return [
    'Usage: whiteboard-server [options]',
    '',
    'The Whiteboard sync server: relays board edits between clients over WebSocket and serves',
    'the web client at http://HOST:PORT/r/<room>.',
    '',
    'Boards are private: POST /api/rooms creates one and answers with its editor and viewer',
    'invite links, signed with the secret (generated into the data directory on first start).',
    '',
    'Options:',
    ...lines,
    row('-h, --help', 'show this help'),
    row('-v, --version', 'show the version'),
    '',
    'Commands:',
    row('backup --out <dir>', 'copy the data directory consistently while the server runs (backup --help)'),
    row('migrate --from <dir> …', "move a data directory's boards and links into a cluster's PostgreSQL (migrate --help)"),
  ].join('\n');
}

/** Reads the server's options, or the backup command's (`backup` first), from `env`, then `argv`: flags win. */
export function parseCommand(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParsedCommand {
  const backup = argv[0] === 'backup';
  const specs: readonly OptionSpec[] = backup ? BACKUP_SPECS : SPECS;
  const prefix = backup ? 'backup: ' : '';
  const flags = backup ? argv.slice(1) : argv;
  const options = Object.fromEntries(specs.map((spec) => [spec.key, spec.default]));
  for (const spec of specs) {
    const fromEnv = spec.env && env[spec.env];
    if (fromEnv) options[spec.key] = parseWith(spec, fromEnv, `${prefix}${spec.env}`);
  }
  for (let i = 0; i < flags.length; i++) {
    const token = flags[i] as string;
    if (token === '-h' || token === '--help') return backup ? { type: 'help', topic: 'backup' } : { type: 'help' };
    if (token === '-v' || token === '--version') return { type: 'version' };
    const [name, inline] = token.includes('=') ? [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)] : [token, undefined];
    const spec = specs.find((s) => s.flag === name);
    if (!spec) throw new OptionError(`${prefix}unknown option ${JSON.stringify(token)}; see ${backup ? 'backup ' : ''}--help`);
    const raw = inline ?? flags[++i];
    if (raw === undefined) throw new OptionError(`${prefix}${spec.flag} needs a value ${spec.arg}`);
    options[spec.key] = parseWith(spec, raw, `${prefix}${spec.flag}`);
  }
  if (backup && options.outDir === null) throw new OptionError('backup: --out <dir> is required (where to write the backup)');
  if (backup) return { type: 'backup', options: options as unknown as BackupOptions };
  if ((options.tlsCert === null) !== (options.tlsKey === null)) {
    throw new OptionError('--tls-cert and --tls-key go together: give both (https/wss) or neither (http/ws, e.g. behind a TLS proxy)');
  }
  if ((options.redisUrl === null) !== (options.databaseUrl === null)) {
    throw new OptionError(`${options.redisUrl ? '--database-url' : '--redis-url'} is missing: a cluster instance needs both --redis-url and --database-url; one server alone needs neither`);
  }
  return { type: 'run', options: options as unknown as ServerOptions };
}

function parseWith(spec: OptionSpec, raw: string, source: string): OptionValue {
  try {
    return spec.parse(raw);
  } catch (error) {
    throw new OptionError(`${source}: ${(error as Error).message}`);
  }
}
