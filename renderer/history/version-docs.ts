/**
 * Boards as they were: a version is every stored change up to its position, applied in order. Parts are fetched once
 * (all of them, for the timeline's thumbnails and the replay) and documents built forward from the last one made, so
 * going through versions oldest to newest applies each change once.
 */
import * as Y from 'yjs';
import type { HistoryPart } from '../../protocol/history';

export class VersionDocs {
  private doc = new Y.Doc();
  /** Parts applied to `doc` so far. */
  private applied = 0;
  private readonly parts: HistoryPart[] = [];

  constructor(parts: readonly HistoryPart[] = []) {
    this.append(parts);
  }

  /** Where the parts held end: a version past this needs the parts after it (`append`). */
  get end(): number { return this.parts[this.parts.length - 1]?.end ?? 0; }

  get all(): readonly HistoryPart[] { return this.parts; }

  /** Parts stored since (ending after `end`); one overlapping those held applies harmlessly, Yjs skipping what it has. */
  append(parts: readonly HistoryPart[]): void {
    for (const part of parts) if (part.end > this.end) this.parts.push(part);
  }

  /** A new document holding the board at position `upto`. */
  build(upto: number): Y.Doc {
    const doc = new Y.Doc();
    Y.transact(doc, () => {
      for (const part of this.parts) if (part.end <= upto) Y.applyUpdate(doc, part.update);
    });
    return doc;
  }

  /**
   * The board at `upto`, in a document shared between calls (do not keep it): built forward from the last position
   * asked for, or afresh when asked for an earlier one.
   */
  at(upto: number): Y.Doc {
    if (this.applied > 0 && (this.parts[this.applied - 1] as HistoryPart).end > upto) {
      this.doc.destroy();
      this.doc = new Y.Doc();
      this.applied = 0;
    }
    Y.transact(this.doc, () => {
      while (this.applied < this.parts.length && (this.parts[this.applied] as HistoryPart).end <= upto) Y.applyUpdate(this.doc, (this.parts[this.applied++] as HistoryPart).update);
    });
    return this.doc;
  }

  destroy(): void { this.doc.destroy(); }
}
