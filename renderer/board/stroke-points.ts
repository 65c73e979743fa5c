/**
 * A stroke's points as read from the document, kept between reads: a stroke being drawn grows by
 * a few points a frame, and reading (and validating) all of it on every frame would make one
 * stroke cost O(n²). Each stroke's Y.Array has an array of numbers here that grows in place as
 * points are appended, by anyone: only the appended points are checked and copied, from the
 * change itself. Any other change (points deleted or replaced) drops the entry, and the next
 * read starts over.
 *
 * The array handed out is the same, longer, after an append, so whoever derives something from
 * it (bounds, the outline) can tell "grew" from "changed" by identity and length. It must never
 * be written to by anyone but this cache.
 *
 * The figure that needs it: the 5,000-point stroke in docs/CANVAS-PERFORMANCE.md.
 */
import * as Y from 'yjs';
import { checkStrokePoints, readStrokePoints } from '../../protocol/board-schema';

interface Entry {
  points: number[];
}

export class StrokePointsCache {
  private readonly entries = new WeakMap<Y.Array<unknown>, Entry>();

  /** The points of a stroke's Y.Array, validated; throws what is wrong with them. */
  readonly read = (array: Y.Array<unknown>): readonly number[] => {
    const entry = this.entries.get(array);
    if (entry && entry.points.length === array.length) return entry.points;
    const points = [...readStrokePoints(array)];
    this.entries.set(array, { points });
    return points;
  };

  /**
   * Follows a change to a stroke's points: an append extends the entry with the values
   * inserted; anything else drops it. Call from a deep observer of the shapes, before anyone
   * reads the shapes the transaction changed.
   */
  follow(event: Y.YEvent<Y.AbstractType<unknown>>): void {
    const array = event.target;
    if (!(array instanceof Y.Array)) return;
    const entry = this.entries.get(array);
    if (!entry) return;
    const delta = event.changes.delta;
    const [first, second] = delta;
    const appended =
      delta.length === 2 && first?.retain === entry.points.length && Array.isArray(second?.insert)
        ? (second.insert as unknown[])
        : delta.length === 1 && entry.points.length === 0 && Array.isArray(first?.insert)
          ? (first.insert as unknown[])
          : null;
    // Checked on their own, the appended values must still line up as whole points.
    if (!appended || entry.points.length % 3 !== 0 || checkStrokePoints(appended) !== null) {
      this.entries.delete(array);
      return;
    }
    for (const value of appended) entry.points.push(value as number);
  }
}
