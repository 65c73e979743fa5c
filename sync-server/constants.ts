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
