/**
 * A read cache of the board: every valid shape, parsed once per change, and an R-tree (rbush)
 * of their bounding boxes. The canvas asks it what is in view (culling), the tools what is under
 * the pointer; neither walks the whole document per frame.
 *
 * It follows the board's change events, so listeners registered here run after the index is
 * up to date.
 */
import RBush from 'rbush';
import type { Shape } from '../../protocol/board-schema';
import { compareShapes, type Board, type ChangeListener } from './board';
import { hitsShape, shapeBounds, unionBounds, type Bounds, type Point } from './geometry';

interface Entry extends Bounds {
  readonly id: string;
}

export class ShapeIndex {
  private readonly shapes = new Map<string, Shape>();
  private readonly entries = new Map<string, Entry>();
  private readonly tree = new RBush<Entry>();
  private readonly listeners = new Set<ChangeListener>();
  private readonly stopObserving: () => void;

  constructor(private readonly board: Board) {
    const loaded: Entry[] = [];
    for (const id of board.shapes.keys()) {
      const shape = board.get(id);
      if (!shape) continue;
      const entry = { id, ...shapeBounds(shape) };
      this.shapes.set(id, shape);
      this.entries.set(id, entry);
      loaded.push(entry);
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

  /** The topmost shape under a board point, within `tolerance` board units, or null. */
  hitTest(point: Point, tolerance: number): Shape | null {
    const near = this.search({ minX: point.x - tolerance, minY: point.y - tolerance, maxX: point.x + tolerance, maxY: point.y + tolerance });
    near.sort(compareShapes);
    for (let i = near.length - 1; i >= 0; i--) {
      const shape = near[i] as Shape;
      if (hitsShape(shape, point, tolerance)) return shape;
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
      const old = this.entries.get(id);
      if (old) this.tree.remove(old);
      const shape = this.board.get(id);
      if (shape) {
        const entry = { id, ...shapeBounds(shape) };
        this.shapes.set(id, shape);
        this.entries.set(id, entry);
        this.tree.insert(entry);
      } else {
        this.shapes.delete(id);
        this.entries.delete(id);
      }
    }
    for (const listener of this.listeners) listener(ids);
  }
}
