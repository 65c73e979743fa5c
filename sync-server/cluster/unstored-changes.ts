/**
 * Changes this instance received from others that may not be stored yet. Each instance stores the changes its own
 * clients make, and relays them before the commit. If it dies in between, the change is in the rooms elsewhere but in
 * no storage, and its clients, reconnecting elsewhere, do not send it again: the room there already has it. So each
 * instance keeps what it received from the others for a while (`KEEP_MS`, longer than a commit and than a death takes to
 * notice), and when an instance stops refreshing its liveness key in Redis, stores what it kept of that instance's
 * changes, merged per room. A change stored twice costs space until the next compaction, never correctness: Yjs applies
 * an update once.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { MessageType, SyncStep } from '../../protocol/message-type';

/** How long a change from elsewhere is kept: liveness expiry (5 s) plus a check (1 s), with room for a busy machine. */
export const KEEP_MS = 15_000;

interface Kept { instance: string; at: number; update: Uint8Array }

export class UnstoredChanges {
  private readonly rooms = new Map<string, Kept[]>();
  /** How many changes are kept per instance: checked every second, so counted as they come and go. */
  private readonly counts = new Map<string, number>();

  /** Keeps `frame` if it is a document change (presence is not stored). */
  remember(room: string, instance: string, frame: Uint8Array, now: number): void {
    if (frame[0] !== MessageType.Sync || frame[1] !== SyncStep.Update) return;
    const decoder = decoding.createDecoder(frame);
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    let kept = this.rooms.get(room);
    if (!kept) this.rooms.set(room, (kept = []));
    // A copy: the frame is a view of the bytes Redis sent, which hold other entries too.
    kept.push({ instance, at: now, update: decoding.readVarUint8Array(decoder).slice() });
    this.count(instance, 1);
  }

  /** Forgets what is older than `KEEP_MS`: by then it was stored, or its instance was found gone. */
  prune(now: number): void {
    for (const [room, kept] of this.rooms) {
      let old = 0;
      while (old < kept.length && now - (kept[old] as Kept).at >= KEEP_MS) this.count((kept[old++] as Kept).instance, -1);
      if (old === kept.length) this.rooms.delete(room);
      else kept.splice(0, old);
    }
  }

  /** The instances whose changes are kept. */
  instances(): string[] { return [...this.counts.keys()]; }

  /** Takes out the changes of `instance`, merged per room. */
  take(instance: string): Array<[room: string, update: Uint8Array]> {
    const taken: Array<[string, Uint8Array]> = [];
    for (const [room, kept] of this.rooms) {
      const ours = kept.filter((entry) => entry.instance === instance);
      if (ours.length === 0) continue;
      taken.push([room, Y.mergeUpdates(ours.map((entry) => entry.update))]);
      const rest = kept.filter((entry) => entry.instance !== instance);
      if (rest.length > 0) this.rooms.set(room, rest);
      else this.rooms.delete(room);
    }
    this.counts.delete(instance);
    return taken;
  }

  private count(instance: string, change: number): void {
    const count = (this.counts.get(instance) ?? 0) + change;
    if (count > 0) this.counts.set(instance, count);
    else this.counts.delete(instance);
  }
}
