/**
 * The answer to a sync step 1 from a client that has none of the board: the whole document as
 * one framed step 2, encoded once and sent as the same bytes to every such client until the
 * document changes.
 *
 * Without it, each joiner costs a full encode (0.65 ms for a 100 KB board, 7.3 ms for 1 MB, on
 * this machine) and its own copy of the result in its send queue: a class of thirty opening a
 * 10 MB board meant thirty encodes of it and thirty copies waiting to be sent. The frame is
 * held through a WeakRef, so an idle room does not keep a second copy of its board: the next
 * full garbage collection frees it, and the next joiner encodes it again.
 */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType } from '../protocol/message-type';

/**
 * Whether a client with `stateVector` lacks everything `doc` has: then the answer to its step 1
 * is the whole document, byte for byte what `Y.encodeStateAsUpdate(doc, stateVector)` gives
 * (Yjs sends a client's structs from clock 0 when the vector does not name it or names it at 0,
 * and always the whole delete set).
 */
export function lacksWholeDocument(doc: Y.Doc, stateVector: Map<number, number>): boolean {
  for (const [client, clock] of stateVector) {
    if (clock > 0 && doc.store.clients.has(client)) return false;
  }
  return true;
}

export class FullStateCache {
  private frame: WeakRef<Uint8Array> | null = null;

  /** The framed step 2 carrying all of `doc`: the cached one, unless the document changed since. */
  get(doc: Y.Doc): Uint8Array {
    let frame = this.frame?.deref();
    // A room in a worker thread transfers large frames to the main thread, which detaches them
    // here (length 0): a copy through postMessage would cost the main thread more than this
    // thread's encode.
    if (!frame || frame.byteLength === 0) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Sync);
      syncProtocol.writeSyncStep2(encoder, doc);
      frame = encoding.toUint8Array(encoder);
      this.frame = new WeakRef(frame);
    }
    return frame;
  }

  /** Call on every change of the document (or when it is replaced). */
  invalidate(): void {
    this.frame = null;
  }
}
