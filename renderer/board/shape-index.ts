/**
 * A read cache of the board: every valid shape, parsed once per change, and an R-tree (rbush)
 * of their bounding boxes. The canvas asks it what is in view (culling), the tools what is under
 * the pointer; neither walks the whole document per frame.
 *
 * Connectors bound to shapes are held as they are drawn (connectors.ts): routed to the shapes
 * as they are now. A reverse map from each shape to the connectors bound to it means a change
 * to a shape re-routes exactly those, and reports them changed too, whoever moved the shape.
 *
 * It follows the board's change events, so listeners registered here run after the index is
 * up to date.
 */
import RBush from 'rbush';
import { ShapeType, type ArrowShape, type Shape } from '../../protocol/board-schema';
import { compareShapes, type Board, type ChangeListener } from './board';
import { hasBindings, resolveConnector } from './connectors';
import { hitsShape, shapeBounds, unionBounds, type Bounds, type Point } from './geometry';

interface Entry extends Bounds {
  readonly id: string;
}

export class ShapeIndex {
  /** Every shape as drawn (bound connectors routed). */
  private readonly shapes = new Map<string, Shape>();
  /** Routed connectors (bound, or elbow) as stored: their points before routing. */
  private readonly stored = new Map<string, ArrowShape>();
  /** Shape id -> ids of the connectors with an end bound to it. */
  private readonly boundTo = new Map<string, Set<string>>();
  private readonly entries = new Map<string, Entry>();
  private readonly tree = new RBush<Entry>();
  private readonly listeners = new Set<ChangeListener>();
  private readonly stopObserving: () => void;

  constructor(private readonly board: Board) {
    for (const id of board.shapes.keys()) {
      const shape = board.get(id);
      if (shape) this.keep(shape);
    }
    const loaded: Entry[] = [];
    for (const id of this.shapes.keys()) {
      const entry = this.place(id);
      if (entry) loaded.push(entry);
    }
    // Bulk loading builds a better tree, several times faster than inserting one by one.
    this.tree.load(loaded);
    this.stopObserving = board.observe((ids) => this.apply(ids));
  }

  get size(): number {
    return this.shapes.size;
  }

  get(id: string): Shape | undefined {
    return this.shapes.get(id);
  }

  has(id: string): boolean {
    return this.shapes.has(id);
  }

  /** A shape as stored: for a bound connector, its points before routing (what tools edit). */
  storedShape(id: string): Shape | undefined {
    return this.stored.get(id) ?? this.shapes.get(id);
  }

  /** Ids of the connectors with an end bound to any of these shapes. */
  connectorsBoundTo(ids: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const id of ids) for (const arrow of this.boundTo.get(id) ?? []) out.add(arrow);
    return out;
  }

  bounds(id: string): Bounds | undefined {
    return this.entries.get(id);
  }

  ids(): IterableIterator<string> {
    return this.shapes.keys();
  }

  /** Every shape, bottom to top. */
  all(): Shape[] {
    return [...this.shapes.values()].sort(compareShapes);
  }

  /** Shapes whose bounding boxes meet `area`, in no particular order. */
  search(area: Bounds): Shape[] {
    return this.tree.search(area).map((entry) => this.shapes.get(entry.id) as Shape);
  }

  /** Ids of shapes whose bounding boxes meet `area`. */
  searchIds(area: Bounds): string[] {
    return this.tree.search(area).map((entry) => entry.id);
  }

  /**
   * The topmost shape under a board point, within `tolerance` board units, or null. Only shapes
   * `accept` takes count (say, not locked ones; only ones an arrow can bind to).
   */
  hitTest(point: Point, tolerance: number, accept: (shape: Shape) => boolean = () => true): Shape | null {
    const near = this.search({ minX: point.x - tolerance, minY: point.y - tolerance, maxX: point.x + tolerance, maxY: point.y + tolerance });
    near.sort(compareShapes);
    for (let i = near.length - 1; i >= 0; i--) {
      const shape = near[i] as Shape;
      if (accept(shape) && hitsShape(shape, point, tolerance)) return shape;
    }
    return null;
  }

  /** The box around every shape, or around the given ones; null when there are none. */
  extent(ids?: Iterable<string>): Bounds | null {
    if (!ids) return unionBounds(this.entries.values());
    const boxes: Bounds[] = [];
    for (const id of ids) {
      const entry = this.entries.get(id);
      if (entry) boxes.push(entry);
    }
    return unionBounds(boxes);
  }

  /** Called with the ids of shapes added, changed or removed, after the index has them. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    this.stopObserving();
    this.listeners.clear();
  }

  private apply(ids: ReadonlySet<string>): void {
    for (const id of ids) {
      const shape = this.board.get(id);
      this.forget(id);
      if (shape) this.keep(shape);
    }
    // The connectors bound to what changed follow it.
    const changed = new Set(ids);
    for (const arrow of this.connectorsBoundTo(ids)) changed.add(arrow);
    for (const id of changed) {
      const old = this.entries.get(id);
      if (old) this.tree.remove(old);
      this.entries.delete(id);
      const entry = this.place(id);
      if (entry) this.tree.insert(entry);
    }
    for (const listener of this.listeners) listener(changed);
  }

  /** Records a shape as read from the board (routing waits for `place`). */
  private keep(shape: Shape): void {
    this.shapes.set(shape.id, shape);
    if (shape.type !== ShapeType.Arrow || (!hasBindings(shape) && !shape.route)) return;
    this.stored.set(shape.id, shape);
    for (const end of [shape.start, shape.end]) {
      if (!end) continue;
      let set = this.boundTo.get(end.id);
      if (!set) this.boundTo.set(end.id, (set = new Set()));
      set.add(shape.id);
    }
  }

  private forget(id: string): void {
    const stored = this.stored.get(id);
    for (const end of stored ? [stored.start, stored.end] : []) {
      const set = end ? this.boundTo.get(end.id) : undefined;
      set?.delete(id);
      if (set?.size === 0) this.boundTo.delete((end as { id: string }).id);
    }
    this.stored.delete(id);
    this.shapes.delete(id);
  }

  /** Routes a bound connector and computes a shape's entry; null when the shape is gone. */
  private place(id: string): Entry | null {
    const stored = this.stored.get(id);
    const shape = stored ?? this.shapes.get(id);
    if (!shape) return null;
    const drawn = stored ? resolveConnector(stored, (other) => this.shapes.get(other)) : shape;
    this.shapes.set(id, drawn);
    const entry = { id, ...shapeBounds(drawn) };
    this.entries.set(id, entry);
    return entry;
  }
}
