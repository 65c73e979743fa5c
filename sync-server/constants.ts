/** Server tunables. Units are in the names; the reason for each number is beside it. */
import { MAX_MESSAGE_BYTES } from '../protocol/limits';

export const DEFAULT_HOST = '127.0.0.1'; // reachable from this machine only until the operator opts in
export const DEFAULT_PORT = 4455;
export const DEFAULT_DATA_DIR = './data';

/** How long shutdown waits for sockets to close before it stops waiting. */
export const SHUTDOWN_TIMEOUT_MS = 5_000;
/** Node's own limits on receiving a request, lower than its 60 s and 300 s: slow clients hold sockets for less. */
export const HEADERS_TIMEOUT_MS = 20_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/** A peer that has not answered this many pings in a row is dead and is terminated. */
export const MAX_MISSED_PONGS = 2;

/** Limits a server enforces; every one can be overridden (tests use small ones). docs/PROTOCOL.md §17 lists them. */
export const DEFAULT_LIMITS = {
  // A reload or a flaky network reconnects to a warm room instead of reloading it from storage.
  roomUnloadGraceMs: 10_000,
  // WebSocket pings: inside the common 60 s proxy idle timeout, and a dead peer is found within 45 s.
  pingIntervalMs: 15_000,
  // A peer with more unsent than this is dropped: a slow reader must not hold the room's memory.
  maxBufferedBytes: 8 * 1024 * 1024,
  // A whole board's first sync travels in one message.
  maxMessageBytes: MAX_MESSAGE_BYTES,
  // Per connection: a pen at 120 Hz plus cursors at 30 Hz is well under 200/s; reconnecting clients flush edits in a burst.
  messagesPerSecond: 200,
  messageBurst: 1_000,
  // The room cap, in memory (update-cost.ts): ~8x a board's encoded size (10,000 strokes: 10 MB, ~79 MB), so ~30 MB boards.
  maxRoomBytes: 256 * 1024 * 1024,
  // What loaded rooms may cost together before no other is loaded: four of the largest boards on a small machine.
  maxMemoryBytes: 1024 * 1024 * 1024,
  // Loading replays the log: keep it short so a room loads in one read of one snapshot.
  compactAfterUpdates: 500,
  // Updates held for a step 2 (held-updates.ts): seconds of drawing during the handshake, within 30 s (a large step 2 on a
  // slow uplink), and for all connections 64 of them at their limit.
  maxHeldBytes: 1024 * 1024,
  maxHeldMs: 30_000,
  maxHeldBytesTotal: 64 * 1024 * 1024,
  // Our clients ping every 5 s: past two and a half missed pings the connection is dead, and its cursor goes at once.
  pingingClientSilenceMs: 12_000,
  // Applying a board costs ~5.5 ms per 100 KB, encoding it ~1.3 ms: below this no room stalls the others over ~7 ms;
  // larger ones live in the pool threads (engine/engine-pool.ts).
  roomThreadBytes: 128 * 1024,
  // A room API body is a few bytes of JSON; trickled, it would hold its socket for minutes.
  requestBodyTimeoutMs: 10_000,
  // All boards' stored data: a small server's disk is tens of GB, a busy board a few MB; the rest is for the system.
  maxDataBytes: 10 * 1024 ** 3,
  // Without a creation key, per client address: a person opens a few boards a day; a script opening hundreds fills the disk.
  newBoardsPerHour: 30,
  newBoardsBurst: 10,
  // How long the owner of a claimed presence id has to answer a ping: a round trip, even from a background tab.
  presenceProbeMs: 5_000,
};

export type ServerLimits = { [K in keyof typeof DEFAULT_LIMITS]: number };

/**
 * Presence flushes wait this long per peer in the room since the previous one: a flush writes to every peer, so presence
 * sends stay under 20,000/s however many cursors move (50-person cursor storm: -35% CPU, bench/server), at most half a frame.
 */
export const PRESENCE_FLUSH_MS_PER_PEER = 0.05;
export const PRESENCE_FLUSH_MAX_MS = 8;

/** One client's largest presence state, as JSON: both sides agree on it (protocol/limits.ts). */
export { PRESENCE_MAX_ENTRY_BYTES } from '../protocol/limits';
/** Presence ids one connection may announce: a client announces one; each is kept until it goes. */
export const PRESENCE_MAX_IDS_PER_CONNECTION = 4;
/** How far a presence clock may jump: over a week of cursor moves, while 2^53 − 1 would pin an entry. */
export const PRESENCE_MAX_CLOCK_STEP = 2 ** 24;

/** Largest room whose snapshot is encoded from a built document (snapshot-encoding.ts), which takes ~7x its size. */
export const SNAPSHOT_ENCODE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * A cached whole board (engine/full-state.ts) trails at most this many updates, merged for the next joiner (tens of µs,
 * against ~1 ms to encode 100 KB), and this share of its size, past which a fresh encode is cheaper than merging.
 */
export const FULL_STATE_TAIL_MERGE_UPDATES = 32;
export const FULL_STATE_TAIL_MAX_SHARE = 1 / 8;

/** The longest delay a Node timer takes: past 2^31 − 1 ms (~24.8 days) it fires at once. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * The glibc malloc setting our launchers start the server with: allocations of 96 KiB or more get their own mapping,
 * returned when freed (an idle connection 10.4–12.7 KB of RSS instead of 19.4–23.2; churn leaves 7.4–7.6 MB instead of
 * 12.8–14.4, bench/server). glibc reads it at process start.
 */
export const MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: String(96 * 1024) } as const;
