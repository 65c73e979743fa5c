/**
 * The messages between the main thread and a room's worker thread (room-worker.ts), and the
 * rules both sides follow.
 *
 * The main thread owns the sockets; the worker owns the room (the real `Room` class, with its
 * own SQLite connection on the same database file). A worker starts with `WorkerInit` as its
 * workerData: the room to load and, when a live room is promoted, the peers it takes over with
 * their state and the room's presence. It answers `loaded` (or `load-failed`).
 *
 * Main → worker: `ops` carries, in order, what connections did: a peer joined (`add`), sent a
 * binary message (`message`), left (`remove`), or the room's links were revoked (`revoke`).
 * Worker → main: `out` carries, in order, what the room did: bytes for one or more peers
 * (`send`: one copy of the bytes and the ids of every recipient, so a broadcast is one entry),
 * a peer to close or drop (`close`, `terminate`), a log line, a refused update, a storage
 * timing. Both sides batch what one event-loop turn produces into one postMessage, and transfer
 * large buffers instead of copying them.
 *
 * `flush` / `flushed`: the worker answers once everything accepted so far is stored and every
 * resulting `out` was posted before the answer. `compact` / `compacted`: the worker asks the
 * main thread to compact the room, so compaction stays in the server's one compaction worker.
 * `close` / `closed`: the worker flushes, closes its database connection, and says so; the main
 * thread then ends it.
 *
 * Peers are numbered by the main thread, per room. The slow-reader rule (send buffer over the
 * limit → 1013) is enforced on the main thread, where the socket's buffer is; the worker sees a
 * peer go when the main thread sends `remove` for it.
 */
import type { Role } from '../protocol/role';
import type { RoomContext } from './room';
import type { SharedBudgetData } from './shared-budget';

export interface PeerInfo {
  role: Role;
  generation: number;
  remoteAddress: string;
  wantsAcks: boolean;
}

/** A peer moved from an in-thread room to a worker, with everything the room knew of it. */
export interface PeerTransfer extends PeerInfo {
  id: number;
  synced: boolean;
  held: Uint8Array[];
  heldBytes: number;
  writesAccepted: number;
  awarenessClients: number[];
}

/** The room's limits, and the server's data limit (each thread measures the storage itself). */
export type WorkerLimits = RoomContext['limits'] & { maxDataBytes: number | null };

export interface WorkerInit {
  room: string;
  databaseFile: string;
  limits: WorkerLimits;
  /** The server-wide budget for held updates, shared with the main thread; null: none. */
  heldBudget: SharedBudgetData | null;
  logLevel: string;
  /** For a promoted room: the peers it takes over, and its presence (an awareness update). */
  adopt: { peers: PeerTransfer[]; awareness: Uint8Array | null } | null;
}

export type RoomOp =
  | { type: 'add'; peer: number; info: PeerInfo }
  | { type: 'message'; peer: number; data: Uint8Array }
  | { type: 'remove'; peer: number }
  | { type: 'revoke'; generation: number };

export type ToWorker =
  | { type: 'ops'; ops: RoomOp[] }
  | { type: 'flush'; id: number }
  | { type: 'compacted'; id: number; error: string | null }
  /** The answer to a `probe`: whether the peer's client answered a ping in time. */
  | { type: 'probed'; id: number; alive: boolean }
  | { type: 'close' };

export type OutOp =
  | { type: 'send'; peers: number[]; data: Uint8Array }
  | { type: 'close'; peer: number; code: number; reason: string }
  | { type: 'terminate'; peer: number; code: number; reason: string }
  /** One pino JSON line from the worker's logger. */
  | { type: 'log'; line: string }
  | { type: 'refused'; reason: string }
  | { type: 'protocol-close'; code: string }
  /** The room's estimated memory cost changed (update-cost.ts); the last one of a batch counts. */
  | { type: 'cost'; bytes: number }
  /** Ping a peer's client (the main thread owns its socket) and answer with `probed`. */
  | { type: 'probe'; peer: number; id: number; timeoutMs: number }
  | { type: 'storage'; operation: string; seconds: number };

export type FromWorker =
  | { type: 'loaded' }
  | { type: 'load-failed'; error: string }
  | { type: 'out'; ops: OutOp[] }
  | { type: 'flushed'; id: number }
  | { type: 'compact'; id: number }
  | { type: 'closed' };

/**
 * Below this, copying a buffer into the message is cheaper than transferring it (a transfer
 * detaches the buffer, and the other side gets a new one).
 */
const TRANSFER_MIN_BYTES = 64 * 1024;

/**
 * Bytes that can cross to the other thread: a postMessage clones the whole ArrayBuffer behind a
 * view, and `ws` hands out views into larger read buffers, so a partial view is copied first.
 */
export function portable(data: Uint8Array): Uint8Array {
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  return whole ? data : data.slice();
}

/** The buffers of `sends` worth transferring; each appears once. */
export function transferList(datas: Iterable<Uint8Array>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const data of datas) {
    if (data.byteLength >= TRANSFER_MIN_BYTES && data.buffer instanceof ArrayBuffer) buffers.add(data.buffer);
  }
  return [...buffers];
}
