/** Server tunables. Units are in the names; the reason for each number is beside it. */

export const DEFAULT_HOST = '127.0.0.1'; // safe default: reachable from this machine only until the operator opts in
export const DEFAULT_PORT = 4455;
export const DEFAULT_DATA_DIR = './data';

/** A room stays loaded this long after its last client leaves: a reload or a flaky network
 * reconnects to a warm room instead of reloading it from storage. */
export const ROOM_UNLOAD_GRACE_MS = 10_000;

/** Peers whose unsent data passes this are too slow for the room and are dropped (close 1013):
 * holding their backlog would grow memory without bound and delay everyone. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** How long shutdown waits for sockets to close before it stops waiting. */
export const SHUTDOWN_TIMEOUT_MS = 5_000;

/** WebSocket ping interval. Reverse proxies commonly cut idle connections after 60 s (nginx's
 * proxy_read_timeout); a ping every 15 s keeps a quiet connection well inside that. */
export const PING_INTERVAL_MS = 15_000;

/** A peer that has not answered this many pings in a row is dead and is terminated. */
export const MAX_MISSED_PONGS = 2;
