/**
 * The answer to a sync step 1 from a client with none of the board: the whole document as one framed step 2, encoded
 * once and sent as the same bytes to every such client. Without it each joiner costs a full encode (0.65 ms for a
 * 100 KB board, 7.3 ms for 1 MB) and its own copy in its send queue: thirty joiners of a 10 MB board, thirty of each.
 *
 * A board in use changes between joiners, often many times a second. So an edit does not throw the encoded board away:
 * its update frame is kept as a "tail", sent before the board. Yjs holds the tail's structs as pending until the board
 * they build on arrives, so when the client reads its step 2 (and a y-websocket provider reports `synced`) it has every
 * update the server had applied. A long tail is merged; one past a share of the board's size is dropped for a fresh
 * encode. The entry is held through a WeakRef, so an idle room does not keep a second copy of its board.
 */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType } from '../../protocol/message-type';
import { FULL_STATE_TAIL_MAX_SHARE, FULL_STATE_TAIL_MERGE_UPDATES } from '../constants';
import { encodeUpdateMessage } from './sync-protocol';

interface Entry {
  /** The framed step 2 of the board as it was when encoded. */
  readonly board: Uint8Array;
  /** Updates applied since, in order, their frames, and their bytes. */
  updates: Uint8Array[];
  frames: Uint8Array[];
  bytes: number;
}

export class FullStateCache {
  private entry: WeakRef<Entry> | null = null;

  /** The frames that bring a client with none of the board up to date, in order: the tail, then the board. */
  get(doc: Y.Doc): readonly Uint8Array[] {
    let entry = this.entry?.deref();
    // A pool thread transfers large frames to the serving thread, which detaches them here (length 0): a copy through
    // postMessage would cost the serving thread more than this thread's encode.
    if (!entry || entry.board.byteLength === 0 || entry.frames.some((frame) => frame.byteLength === 0)) {
      entry = { board: encodeBoard(doc), updates: [], frames: [], bytes: 0 };
      this.entry = new WeakRef(entry);
    } else if (entry.updates.length > FULL_STATE_TAIL_MERGE_UPDATES) {
      const merged = Y.mergeUpdates(entry.updates);
      entry.updates = [merged];
      entry.frames = [encodeUpdateMessage(merged)];
    }
    return entry.frames.length === 0 ? [entry.board] : [...entry.frames, entry.board];
  }

  /** Call with every update applied to the document, in order, and the frame it is broadcast in. */
  extend(update: Uint8Array, frame: Uint8Array): void {
    const entry = this.entry?.deref();
    if (!entry) return;
    entry.bytes += update.byteLength;
    if (entry.bytes > entry.board.byteLength * FULL_STATE_TAIL_MAX_SHARE) {
      this.entry = null;
      return;
    }
    entry.updates.push(update);
    entry.frames.push(frame);
  }

  /** Call when the document changed other than by `extend`ed updates. */
  invalidate(): void {
    this.entry = null;
  }
}

function encodeBoard(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeSyncStep2(encoder, doc);
  return encoding.toUint8Array(encoder);
}
