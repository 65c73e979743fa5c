/**
 * The board model: reads and writes the board document (protocol/board-schema) and tells
 * listeners which shapes changed. No Konva here: the canvas draws whatever this reports, for
 * local and remote edits alike.
 *
 * Local edits are made in transactions whose origin is `localOrigin`, so that undo (which tracks
 * that origin only) can never undo another person's work.
 */
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import {
  STROKE_POINT_STRIDE,
  initBoard,
  isZKey,
  newStrokeFields,
  readShape,
  shapesMap,
  type Shape,
  type ShapeFields,
} from '../../protocol/board-schema';
import { randomId } from '../../protocol/ids';
import { MAX_STROKE_POINTS } from '../../protocol/limits';

export interface StrokeStyle {
  color: string;
  width: number;
}

export type ChangeListener = (changedIds: ReadonlySet<string>) => void;
export type InvalidShapeListener = (id: string, error: string) => void;

const SHAPE_ID_BYTES = 12;

function compareShapes(a: Shape, b: Shape): number {
  if (a.z !== b.z) return a.z < b.z ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class Board {
  readonly shapes: Y.Map<ShapeFields>;
  /** Transaction origin of this user's edits. */
  readonly localOrigin = { user: 'local' };
  private readonly reportedInvalid = new Set<string>();
  private onInvalid: InvalidShapeListener = (id, error) => console.warn(`skipping shape ${id}: ${error}`);

  constructor(readonly doc: Y.Doc) {
    this.shapes = shapesMap(doc);
  }

  /** Marks the document with the schema version, once it is known to be complete (after sync). */
  ensureInitialized(): void {
    this.doc.transact(() => initBoard(this.doc), this.localOrigin);
  }

  setInvalidShapeListener(listener: InvalidShapeListener): void {
    this.onInvalid = listener;
  }

  /** The valid shape with this id, or null (missing or invalid; invalid ones are reported once). */
  get(id: string): Shape | null {
    const fields = this.shapes.get(id);
    if (fields === undefined) return null;
    const result = readShape(id, fields);
    if (result.ok) {
      this.reportedInvalid.delete(id);
      return result.shape;
    }
    if (!this.reportedInvalid.has(id)) {
      this.reportedInvalid.add(id);
      this.onInvalid(id, result.error);
    }
    return null;
  }

  /** Every valid shape, bottom to top. */
  all(): Shape[] {
    const shapes: Shape[] = [];
    for (const id of this.shapes.keys()) {
      const shape = this.get(id);
      if (shape) shapes.push(shape);
    }
    return shapes.sort(compareShapes);
  }

  get size(): number {
    return this.shapes.size;
  }

  /** Starts a stroke at one point; returns its id. */
  beginStroke(point: readonly [number, number, number], style: StrokeStyle): string {
    const id = randomId(SHAPE_ID_BYTES);
    this.doc.transact(() => {
      this.shapes.set(id, newStrokeFields({ z: this.topZ(), color: style.color, width: style.width, points: point }));
    }, this.localOrigin);
    return id;
  }

  /**
   * Appends points (flat x, y, pressure triples) to a stroke being drawn. Returns false when the
   * stroke is full (or gone) and the caller should begin a new one.
   */
  extendStroke(id: string, points: readonly number[]): boolean {
    const fields = this.shapes.get(id);
    const existing = fields?.get('points');
    if (!(existing instanceof Y.Array)) return false;
    if (existing.length / STROKE_POINT_STRIDE + points.length / STROKE_POINT_STRIDE > MAX_STROKE_POINTS) return false;
    this.doc.transact(() => existing.push([...points]), this.localOrigin);
    return true;
  }

  /** Calls `listener` with the ids of shapes added, changed or removed by each transaction. */
  observe(listener: ChangeListener): () => void {
    const handler = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
      const changed = new Set<string>();
      for (const event of events) {
        if (event.target === this.shapes) {
          for (const key of event.changes.keys.keys()) changed.add(key);
        } else {
          const top = event.path[0];
          if (typeof top === 'string') changed.add(top);
        }
      }
      if (changed.size > 0) listener(changed);
    };
    this.shapes.observeDeep(handler);
    return () => this.shapes.unobserveDeep(handler);
  }

  private topZ(): string {
    let top: string | null = null;
    for (const fields of this.shapes.values()) {
      const z = fields instanceof Y.Map ? fields.get('z') : undefined;
      if (isZKey(z) && (top === null || z > top)) top = z;
    }
    return generateKeyBetween(top, null);
  }
}
