/** Server tunables. Units are in the names; the reason for each number is beside it. */
import { MAX_MESSAGE_BYTES } from '../protocol/limits';

export const DEFAULT_HOST = '127.0.0.1'; // safe default: reachable from this machine only until the operator opts in
export const DEFAULT_PORT = 4455;
export const DEFAULT_DATA_DIR = './data';

/** How long shutdown waits for sockets to close before it stops waiting. */
export const SHUTDOWN_TIMEOUT_MS = 5_000;

/**
 * Node's own limits on receiving a request, as a net under every route: the headers within
 * 20 s (slowloris), the whole request within 30 s. Node's defaults are 60 s and 300 s.
 */
export const HEADERS_TIMEOUT_MS = 20_000;
export const REQUEST_TIMEOUT_MS = 30_000;

/** A peer that has not answered this many pings in a row is dead and is terminated. */
export const MAX_MISSED_PONGS = 2;

/** Limits a server enforces; every one can be overridden (tests use small ones). */
export interface ServerLimits {
  /** A room stays loaded this long after its last client leaves. */
  roomUnloadGraceMs: number;
  /** Interval between WebSocket ping frames. */
  pingIntervalMs: number;
  /** Peers whose unsent data passes this are dropped. */
  maxBufferedBytes: number;
  /** Largest single message. */
  maxMessageBytes: number;
  /** Sustained messages per second per connection. */
  messagesPerSecond: number;
  /** Messages a connection may send in a burst above the sustained rate. */
  messageBurst: number;
  /** Largest memory cost of one room's document (update-cost.ts), which bounds its stored size too. */
  maxRoomBytes: number;
  /** Memory the loaded rooms may hold together before joins to unloaded rooms are refused. */
  maxMemoryBytes: number;
  /** Log entries after which a loaded room's log is compacted into its snapshot. */
  compactAfterUpdates: number;
  /** Bytes of early updates a connection may send before its sync step 2. */
  maxHeldBytes: number;
  /** How long a connection may keep early updates waiting for its sync step 2. */
  maxHeldMs: number;
  /** Bytes of early updates all connections together may keep waiting. */
  maxHeldBytesTotal: number;
  /** Bytes the storage may hold for all boards; past it, new boards and new changes are refused. */
  maxDataBytes: number;
  /** Boards one client address may create per hour when the server has no creation key. */
  newBoardsPerHour: number;
  /** Boards one client address may create at once, above that rate. */
  newBoardsBurst: number;
  /** Silence after which a client that sends app-level pings is taken for dead. */
  pingingClientSilenceMs: number;
  /** Stored size (or, for a new room, first write) from which a room's document lives in a pool thread. */
  roomThreadBytes: number;
  /** A room API request body must arrive whole within this long. */
  requestBodyTimeoutMs: number;
  /**
   * When a connection announces a presence id another connection owns, the owner is pinged:
   * no pong within this long means it is dead, and the newcomer takes the id over.
   */
  presenceProbeMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  // A reload or a flaky network reconnects to a warm room instead of reloading it from storage.
  roomUnloadGraceMs: 10_000,
  // Reverse proxies commonly cut idle connections after 60 s (nginx's proxy_read_timeout); a ping
  // every 15 s keeps a quiet connection well inside that, and finds a dead one within 45 s.
  pingIntervalMs: 15_000,
  // Holding a slow reader's backlog would grow memory without bound and delay the room.
  maxBufferedBytes: 8 * 1024 * 1024,
  // A whole board's first sync travels in one message.
  maxMessageBytes: MAX_MESSAGE_BYTES,
  // A pen at 120 Hz plus cursor updates at 30 Hz is well under 200 messages a second.
  messagesPerSecond: 200,
  // Reconnecting clients flush queued edits at once.
  messageBurst: 1_000,
  // Memory, not bytes on the wire: a board costs ~8× its encoded size once decoded (10,000 pen
  // strokes are ~10 MB encoded and ~79 MB estimated, bench/server/experiments/update-cost.ts),
  // so this admits boards of ~30 MB, far beyond any hand-drawn one, and no more.
  maxRoomBytes: 256 * 1024 * 1024,
  // Four of the largest boards at once, on a small machine: the estimate runs ~1.1× the real
  // heap for boards, and Node itself needs ~100 MB more.
  maxMemoryBytes: 1024 * 1024 * 1024,
  // Loading replays the log: keep it short so a room loads in one read of one snapshot.
  compactAfterUpdates: 500,
  // A few seconds of drawing while the reconnect handshake completes.
  maxHeldBytes: 1024 * 1024,
  // The handshake takes one round trip; 30 s leaves room for a large step 2 on a slow uplink.
  maxHeldMs: 30_000,
  // 64 connections at their own limit at once: far more than reconnect at the same moment on a
  // small server, and a bound on what connections that never finish their sync can keep.
  maxHeldBytesTotal: 64 * 1024 * 1024,
  // Our clients ping every 5 s: after two and a half missed pings the connection is dead, and
  // dropping it now removes that person's cursor for everyone, long before WebSocket pings
  // (every pingIntervalMs, two misses) or awareness timeouts (30 s) would.
  pingingClientSilenceMs: 12_000,
  // Applying a board costs ~5.5 ms per 100 KB here, encoding one for a join ~1.3 ms: at 128 KiB
  // no room stalls the others for more than ~7 ms; larger ones live in the pool threads.
  roomThreadBytes: 128 * 1024,
  // The body is a few bytes of JSON: a body trickled a byte at a time would otherwise hold its
  // socket for as long as the client likes (Node's own request timeout is minutes).
  requestBodyTimeoutMs: 10_000,
  // A small server's disk is tens of GB; the limit keeps the rest of it for the system, logs
  // and backups, far above what a team's boards take (a busy board is a few MB).
  maxDataBytes: 10 * 1024 ** 3,
  // A person opens a few new boards a day; a script opening hundreds is filling the disk.
  newBoardsPerHour: 30,
  newBoardsBurst: 10,
  // The same client back on a new connection (a network change) waits this long for its
  // presence at most; a live owner answers a ping within a round trip, even from a background tab.
  presenceProbeMs: 5_000,
};

/**
 * Presence flushes wait this long per peer in the room since the previous flush. A flush writes
 * to every peer, so this caps a room's presence sends at 1 / 0.05 ms = 20,000 per second however
 * many cursors move (a 50-person cursor storm: -35% server CPU, bench/server), while a room of
 * ten waits at most half a millisecond, far below a frame.
 */
export const PRESENCE_FLUSH_MS_PER_PEER = 0.05;
/** However large the room, a cursor is never held back for more than half a frame. */
export const PRESENCE_FLUSH_MAX_MS = 8;

/**
 * Largest room (snapshot plus log, bytes) whose compaction builds the document to encode its
 * snapshot (storage/snapshot-encoding.ts). Building it takes about seven times the encoded
 * size for a moment (a 10.5 MB board: +70 MB RSS in the storage thread); larger rooms have
 * their bytes merged instead.
 */
export const SNAPSHOT_ENCODE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Updates a cached whole-board answer may trail before the next joiner gets them merged into
 * one frame (full-state.ts): each trailing update is a frame of its own on the wire, and
 * merging a few dozen small ones costs tens of microseconds, against ~1 ms to encode a 100 KB
 * board again.
 */
export const FULL_STATE_TAIL_MERGE_UPDATES = 32;

/**
 * The trailing updates of a cached whole-board answer, as a share of the board's size, past
 * which the board is encoded afresh: merging them costs about twice what encoding as many
 * bytes of board does, and every joiner is sent them on top of the board.
 */
export const FULL_STATE_TAIL_MAX_SHARE = 1 / 8;

/** The longest delay a Node timer takes: past 2^31 − 1 ms (~24.8 days) it fires at once. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * The glibc malloc setting every launcher we ship starts the server with (deploy/docker,
 * deploy/systemd, the desktop app's built-in server, the bench): allocations of 96 KiB or more
 * get a mapping of their own, handed back to the system when freed. By default glibc serves
 * them from its heap, where a freed board-sized buffer (a ~100 KB step 2 and its encoder's
 * chunks) below longer-lived small allocations stays resident: with it, an idle connection
 * costs 10.4–12.7 KB of RSS instead of 19.4–23.2, and churn leaves 7.4–7.6 MB behind instead
 * of 12.8–14.4 (bench/server, 2 pairs). Node's 64 KiB socket read buffers stay below it, so
 * reads do not pay a mapping each. glibc reads it once, at process start, so it cannot be set
 * from inside; other C libraries ignore it.
 */
export const MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: String(96 * 1024) } as const;

/**
 * Largest presence (awareness) state of one client, as JSON. Ours is a name, a colour, a cursor,
 * a viewport and up to 200 focused shape ids (~5 KB at most); every joiner is sent every state,
 * and every change goes to every peer, so a larger one is only ever a flood.
 */
export const PRESENCE_MAX_ENTRY_BYTES = 8 * 1024;
/**
 * Presence ids one connection may announce. A client announces one (its document's client id);
 * a few leave room for tools that share a connection. Each is kept until the connection goes.
 */
export const PRESENCE_MAX_IDS_PER_CONNECTION = 4;
/**
 * How far a presence clock may move past the one the room knows. A client adds one per change;
 * 2^24 is over a week of cursor moves at 20 a second, while 2^53 − 1 (which pins an entry, since
 * y-protocols ignores every clock after it) is refused.
 */
export const PRESENCE_MAX_CLOCK_STEP = 2 ** 24;

/**
 * Threads for the documents of large rooms (engine/engine-pool.ts): all cores but the serving
 * thread's, and at least one. Each holds its rooms' documents; more would only compete for the
 * same cores.
 */
export function poolThreadCount(cores: number): number {
  return Math.max(1, cores - 1);
}
