/**
 * A room: one board document, its presence (awareness), and the peers connected to it.
 *
 * Every document change from a peer is appended to storage first and broadcast after, in the
 * order the changes were applied, so no client can ever have seen an update the server would
 * lose in a crash. A broadcast frames the message once and sends the same bytes to every other
 * peer; a peer whose send buffer is over the limit is dropped rather than allowed to hold the
 * room's memory hostage.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import type { Logger } from 'pino';
import { MAX_BUFFERED_BYTES } from './constants';
import type { Peer } from './peer';
import {
  encodeAwarenessMessage,
  encodeUpdateMessage,
  handleMessage,
  writeAwarenessStates,
  writeSyncStep1,
  type Outcome,
} from './room-protocol';
import type { Storage } from './storage/storage';

/** Transaction origin of updates replayed from storage: they are not stored again. */
const STORAGE_ORIGIN = Symbol('storage');

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  private readonly peers = new Set<Peer>();
  /** Resolves once every update applied so far is stored and broadcast. */
  private settled: Promise<void> = Promise.resolve();

  constructor(
    readonly id: string,
    private readonly storage: Storage,
    private readonly log: Logger,
  ) {
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  get peerCount(): number {
    return this.peers.size;
  }

  async load(): Promise<void> {
    const updates = await this.storage.loadRoom(this.id);
    if (updates.length === 0) return;
    Y.transact(this.doc, () => {
      for (const update of updates) Y.applyUpdate(this.doc, update, STORAGE_ORIGIN);
    }, STORAGE_ORIGIN);
  }

  addPeer(peer: Peer): void {
    this.peers.add(peer);
    const encoder = encoding.createEncoder();
    writeSyncStep1(encoder, this.doc);
    this.send(peer, encoding.toUint8Array(encoder));
    const states = encoding.createEncoder();
    writeAwarenessStates(states, this.awareness);
    if (encoding.length(states) > 0) this.send(peer, encoding.toUint8Array(states));
  }

  removePeer(peer: Peer): void {
    this.peers.delete(peer);
    if (peer.awarenessClients.size > 0) {
      const clients = [...peer.awarenessClients];
      peer.awarenessClients.clear();
      removeAwarenessStates(this.awareness, clients, null);
    }
  }

  /** Handles one binary message from `peer`; the caller closes the connection on 'close'. */
  receive(peer: Peer, message: Uint8Array): Outcome {
    const encoder = encoding.createEncoder();
    const outcome = handleMessage(decoding.createDecoder(message), encoder, {
      doc: this.doc,
      awareness: this.awareness,
      origin: peer,
      canWrite: peer.canWrite,
    });
    if (outcome.type === 'ok' && encoding.length(encoder) > 0) this.send(peer, encoding.toUint8Array(encoder));
    return outcome;
  }

  /** Resolves when every accepted update is stored and broadcast. */
  flush(): Promise<void> {
    return this.settled;
  }

  destroy(): void {
    this.doc.off('update', this.onUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
    this.peers.clear();
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === STORAGE_ORIGIN) return;
    const written = this.storage.appendUpdate(this.id, update);
    const frame = encodeUpdateMessage(update);
    this.settled = this.settled
      .then(() => written)
      .then(
        () => this.broadcast(frame, origin),
        (error: unknown) => this.log.error({ err: error, room: this.id }, 'storing an update failed; it was not broadcast'),
      );
  };

  private readonly onAwarenessUpdate = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    const sender = this.peerFor(origin);
    if (sender) {
      for (const id of added) sender.awarenessClients.add(id);
      for (const id of removed) sender.awarenessClients.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0 || this.peers.size === 0) return;
    this.broadcast(encodeAwarenessMessage(this.awareness, changed), origin);
  };

  private peerFor(origin: unknown): Peer | undefined {
    return this.peers.has(origin as Peer) ? (origin as Peer) : undefined;
  }

  private broadcast(frame: Uint8Array, except: unknown): void {
    for (const peer of this.peers) {
      if (peer !== except) this.send(peer, frame);
    }
  }

  private send(peer: Peer, frame: Uint8Array): void {
    if (peer.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.log.warn({ room: this.id, remote: peer.remoteAddress, buffered: peer.socket.bufferedAmount }, 'dropping a peer that stopped reading');
      this.peers.delete(peer);
      peer.socket.terminate();
      return;
    }
    peer.socket.send(frame);
  }
}
