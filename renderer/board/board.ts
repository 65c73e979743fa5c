/**
 * The board model: reads and writes the board document (protocol/board-schema) and tells
 * listeners which shapes changed. No Konva here: the canvas draws whatever this reports, for
 * local and remote edits alike.
 *
 * Local edits are made in transactions whose origin is `localOrigin`, and the undo manager
 * tracks that origin only, so undo can never take back another person's work. An edit is one
 * undo step unless it says it `continues` the previous one (the points of a stroke being drawn,
 * the frames of a drag, the keystrokes of a text being typed), so a gesture undoes as a whole
 * however long it takes.
 */
import * as Y from 'yjs';
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { assetsMap, newAssetFields, readAsset, type Asset } from '../../protocol/board-assets';
import {
  STROKE_POINT_STRIDE,
  ShapeType,
  initBoard,
  isZKey,
  newShapeFields,
  readShape,
  shapesMap,
  storedValue,
  type Shape,
  type ShapeFields,
  type ShapeInit,
} from '../../protocol/board-schema';
import { applyTextChange } from '../../protocol/board-text';
import { randomId } from '../../protocol/ids';
import { StrokePointsCache } from './stroke-points';
import { MAX_STROKE_POINTS } from '../../protocol/limits';

export interface StrokeStyle {
  color: string;
  width: number;
  opacity?: number;
}

export type ChangeListener = (changedIds: ReadonlySet<string>) => void;
export type InvalidShapeListener = (id: string, error: string) => void;
/** A shape to create: everything but the id, and the stacking key when it goes on top. */
export type NewShape = ShapeInit extends infer S ? (S extends ShapeInit ? Omit<S, 'z'> & { z?: string } : never) : never;
/** Fields to write; a field set to `undefined` is removed (an optional field cleared). */
export type ShapePatch = Partial<Record<string, unknown>>;

const SHAPE_ID_BYTES = 12;

/** Stacking order: frames behind everything else, then by `z` key, then by id. */
export function compareShapes(a: Pick<Shape, 'z' | 'id' | 'type'>, b: Pick<Shape, 'z' | 'id' | 'type'>): number {
  const frameA = a.type === ShapeType.Frame;
  if (frameA !== (b.type === ShapeType.Frame)) return frameA ? -1 : 1;
  if (a.z !== b.z) return a.z < b.z ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function newShapeId(): string {
  return randomId(SHAPE_ID_BYTES);
}

export class Board {
  readonly shapes: Y.Map<ShapeFields>;
  readonly assets: Y.Map<Y.Map<unknown>>;
  /** Transaction origin of this user's edits. */
  readonly localOrigin = { user: 'local' };
  /**
   * Origin of writes this window makes to keep derived fields in step with a peer's edit (a
   * note growing to fit what someone else typed): they are not this user's work, so undo
   * passes over them.
   */
  readonly followOrigin = { user: 'local', follows: 'peer' };
  readonly history: Y.UndoManager;
  private readonly reportedInvalid = new Set<string>();
  private readonly strokePoints = new StrokePointsCache();
  private onInvalid: InvalidShapeListener = (id, error) => console.warn(`skipping ${id}: ${error}`);

  constructor(readonly doc: Y.Doc) {
    this.shapes = shapesMap(doc);
    this.assets = assetsMap(doc);
    // Steps are delimited by `transact` (see above), never by a pause in the middle of a drag.
    this.history = new Y.UndoManager([this.shapes, this.assets], {
      trackedOrigins: new Set([this.localOrigin]),
      captureTimeout: Number.MAX_SAFE_INTEGER,
    });
    // Registered first, so stroke points are up to date before any listener reads a shape.
    this.shapes.observeDeep((events) => {
      for (const event of events) this.strokePoints.follow(event);
    });
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
    const result = readShape(id, fields, this.strokePoints.read);
    if (result.ok) {
      this.reportedInvalid.delete(id);
      return result.shape;
    }
    this.report(id, result.error);
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

  getAsset(id: string): Asset | null {
    const result = readAsset(id, this.assets.get(id));
    if (result.ok) return result.asset;
    if (this.assets.has(id)) this.report(id, result.error);
    return null;
  }

  /**
   * Runs `edit` as one local transaction. Unless it `continues` the previous edit, it starts a
   * new undo step.
   */
  transact(edit: () => void, continues = false): void {
    if (!continues) this.history.stopCapturing();
    this.doc.transact(edit, this.localOrigin);
  }

  /** Adds shapes on top of the board, in the order given; returns their ids (new, or `ids`). */
  create(shapes: readonly NewShape[], continues = false, ids: readonly string[] = shapes.map(() => newShapeId())): string[] {
    const keys = generateNKeysBetween(this.topZ(), null, shapes.length);
    this.transact(() => {
      shapes.forEach((shape, i) => this.shapes.set(ids[i] as string, newShapeFields({ ...shape, z: shape.z ?? (keys[i] as string) } as ShapeInit)));
    }, continues);
    return [...ids];
  }

  /** Writes fields of existing shapes; ids that are gone are skipped. */
  update(patches: ReadonlyMap<string, ShapePatch>, continues = false): void {
    this.transact(() => this.write(patches), continues);
  }

  /** Like `update`, outside this user's undo history (see `followOrigin`). */
  updateUntracked(patches: ReadonlyMap<string, ShapePatch>): void {
    this.doc.transact(() => this.write(patches), this.followOrigin);
  }

  private write(patches: ReadonlyMap<string, ShapePatch>): void {
    for (const [id, patch] of patches) {
      const fields = this.shapes.get(id);
      if (!(fields instanceof Y.Map)) continue;
      for (const [key, value] of Object.entries(patch)) {
        const existing = fields.get(key);
        if (value === undefined) {
          if (existing !== undefined) fields.delete(key);
        } else if (key === 'points' && existing instanceof Y.Array && Array.isArray(value)) {
          existing.delete(0, existing.length);
          existing.push([...(value as number[])]);
        } else if (existing instanceof Y.Text && typeof value === 'string') {
          // Only the difference: what a peer is typing into the same text survives.
          applyTextChange(existing, value);
        } else if (existing !== value) {
          fields.set(key, storedValue(key, value));
        }
      }
    }
  }

  /**
   * The Y.Text behind a shape's text or label, for typing into. A version 2 plain string (or a
   * label not written yet) becomes a Y.Text first, as part of the edit that `continues`.
   */
  textOf(id: string, field: 'text' | 'label', continues = false): Y.Text | null {
    const fields = this.shapes.get(id);
    if (!(fields instanceof Y.Map)) return null;
    const existing = fields.get(field);
    if (existing instanceof Y.Text) return existing;
    const text = new Y.Text(typeof existing === 'string' ? existing : '');
    this.transact(() => fields.set(field, text), continues);
    return text;
  }

  delete(ids: Iterable<string>, continues = false): void {
    this.transact(() => {
      for (const id of ids) this.shapes.delete(id);
    }, continues);
  }

  /** Stores an image; returns its id. */
  addAsset(asset: Omit<Asset, 'id'>, id: string = newShapeId()): string {
    this.transact(() => this.assets.set(id, newAssetFields(asset)));
    return id;
  }

  /** Starts a stroke at one point; returns its id. */
  beginStroke(point: readonly [number, number, number], style: StrokeStyle): string {
    const [id] = this.create([
      { type: ShapeType.Stroke, x: 0, y: 0, rotation: 0, opacity: style.opacity ?? 1, color: style.color, width: style.width, points: point },
    ]);
    return id as string;
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
    this.transact(() => existing.push([...points]), true);
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

  /** Calls `listener` with the ids of assets added or removed. */
  observeAssets(listener: ChangeListener): () => void {
    const handler = (event: Y.YMapEvent<Y.Map<unknown>>): void => listener(new Set(event.keysChanged));
    this.assets.observe(handler);
    return () => this.assets.unobserve(handler);
  }

  /** A stacking key above every shape on the board. */
  keyOnTop(): string {
    return generateKeyBetween(this.topZ(), null);
  }

  private topZ(): string | null {
    let top: string | null = null;
    for (const fields of this.shapes.values()) {
      const z = fields instanceof Y.Map ? fields.get('z') : undefined;
      if (isZKey(z) && (top === null || z > top)) top = z;
    }
    return top;
  }

  private report(id: string, error: string): void {
    if (this.reportedInvalid.has(id)) return;
    this.reportedInvalid.add(id);
    this.onInvalid(id, error);
  }
}
