/**
 * Worker thread entry: one large room, served by the same `Room` class as in-thread rooms, so
 * that applying, storing and encoding megabytes never blocks the main thread's event loop (the
 * other rooms). Talks to the main thread as described in room-worker-protocol.ts. It runs at a
 * lower priority than the main thread (thread-priority.ts): on a busy core the large room waits,
 * not the many small ones.
 */
import path from 'node:path';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { applyAwarenessUpdate } from 'y-protocols/awareness';
import { Peer } from './peer';
import { Room } from './room';
import { encodeAwarenessMessage } from './room-protocol';
import { Outbox, ProbeRelay, ProxySocket, WorkerStorage, forwardingLogger, forwardingMetrics } from './room-worker-link';
import type { FromWorker, PeerInfo, PeerTransfer, RoomOp, ToWorker, WorkerInit } from './room-worker-protocol';
import { ROOM_WORKER_THREAD_NICENESS } from './constants';
import { DATABASE_FILE_NAME, SqliteStorage } from './storage/sqlite-storage';
import { lowerThisThreadPriority } from './thread-priority';
import { SharedBudget } from './shared-budget';
import { DataLimit } from './data-limit';

/** Transaction origin of the presence a promoted room brings along. */
const ADOPTED = Symbol('adopted');

lowerThisThreadPriority(ROOM_WORKER_THREAD_NICENESS);

const init = workerData as WorkerInit;
const port = parentPort as MessagePort;
const outbox = new Outbox(port);
const log = forwardingLogger(outbox, init.logLevel, init.room);
if (path.basename(init.databaseFile) !== DATABASE_FILE_NAME) throw new Error(`unexpected database file ${init.databaseFile}`);
const storage = new WorkerStorage(new SqliteStorage(path.dirname(init.databaseFile)), port);
const room = new Room(init.room, {
  storage,
  log,
  metrics: forwardingMetrics(outbox),
  limits: init.limits,
  onCost: (bytes) => outbox.setCost(bytes),
  ...(init.heldBudget ? { heldBudget: new SharedBudget(init.heldBudget) } : {}),
  ...(init.limits.maxDataBytes !== null ? { dataLimit: new DataLimit(storage, init.limits.maxDataBytes, log) } : {}),
});
const peers = new Map<number, Peer>();
const probes = new ProbeRelay(outbox);
/** Messages that came before the room was loaded, handled after it. */
let early: ToWorker[] | null = [];

function post(message: FromWorker): void {
  port.postMessage(message);
}

function makePeer(id: number, info: PeerInfo): Peer {
  const socket = new ProxySocket(outbox, id);
  const peer = new Peer(socket, info.role, info.generation, info.remoteAddress, info.wantsAcks, socket.onPeerClose, (timeoutMs) => probes.probe(id, timeoutMs));
  peers.set(id, peer);
  return peer;
}

/** Takes over a promoted room's peers as they were, and its presence with them. */
function adopt(transfers: PeerTransfer[], awareness: Uint8Array | null): void {
  // Applied before any peer is in the room, so nothing is relayed yet.
  if (awareness) applyAwarenessUpdate(room.awareness, awareness, ADOPTED);
  for (const transfer of transfers) {
    const peer = makePeer(transfer.id, transfer);
    peer.synced = transfer.synced;
    room.heldOf(peer).adopt(transfer.held, transfer.heldBytes);
    peer.writesAccepted = transfer.writesAccepted;
    for (const client of transfer.awarenessClients) peer.awarenessClients.add(client);
    room.adoptPeer(peer);
  }
  // Presence changes the old room had not relayed yet went with it: send the whole presence
  // once (clients ignore what they already have).
  const clients = [...room.awareness.meta.keys()];
  if (clients.length === 0 || transfers.length === 0) return;
  const frame = encodeAwarenessMessage(room.awareness, clients);
  for (const peer of peers.values()) peer.socket.send(frame);
}

function apply(op: RoomOp): void {
  switch (op.type) {
    case 'add':
      room.addPeer(makePeer(op.peer, op.info));
      return;
    case 'message': {
      const peer = peers.get(op.peer);
      if (peer) room.receive(peer, op.data);
      return;
    }
    case 'remove': {
      const peer = peers.get(op.peer);
      if (!peer) return;
      peers.delete(op.peer);
      room.removePeer(peer);
      return;
    }
    case 'revoke':
      room.closeRevoked(op.generation);
      return;
  }
}

async function close(): Promise<void> {
  await room.flush();
  room.destroy();
  await storage.close();
  outbox.flush();
  post({ type: 'closed' });
}

function handle(message: ToWorker): void {
  switch (message.type) {
    case 'ops':
      for (const op of message.ops) apply(op);
      return;
    case 'flush':
      void room.flush().then(() => {
        outbox.flush();
        post({ type: 'flushed', id: message.id });
      });
      return;
    case 'compacted':
      storage.compacted(message.id, message.error);
      return;
    case 'probed':
      probes.answered(message.id, message.alive);
      return;
    case 'close':
      // A failure here is a crash: the main thread sees the worker exit and closes the peers.
      void close();
      return;
  }
}

port.on('message', (message: ToWorker) => {
  if (early && message.type !== 'compacted' && message.type !== 'probed') early.push(message);
  else handle(message);
});

room.load().then(
  () => {
    if (init.adopt) adopt(init.adopt.peers, init.adopt.awareness);
    outbox.flush();
    post({ type: 'loaded' });
    const queued = early ?? [];
    early = null;
    for (const message of queued) handle(message);
  },
  (error: unknown) => {
    log.error({ err: error }, 'loading the room failed');
    outbox.flush();
    post({ type: 'load-failed', error: error instanceof Error ? error.message : String(error) });
  },
);
