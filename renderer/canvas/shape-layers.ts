/**
 * Which shapes have Konva nodes, and on which layer they are drawn.
 *
 * With optimisations on (the default):
 * - Culling: only shapes whose boxes meet the viewport plus a margin (found with the rbush
 *   index) have nodes at all; the margin means a pan of less than that needs no work.
 * - Static shapes sit in one group cached as a bitmap at the current zoom, so a pan or zoom
 *   frame draws one image instead of every shape. The cache is redrawn when shapes change, the
 *   viewport leaves the margin, or the zoom settles at a new level.
 * - Shapes being edited (the stroke being drawn, the shapes being dragged or transformed) are
 *   on their own layer, so a gesture redraws them alone and leaves the cache be.
 *
 * With optimisations off (`optimize: false`, for the benchmark's "before" figures) every shape
 * has a node on one uncached layer, as the walking skeleton drew them.
 */
import Konva from 'konva';
import { compareShapes } from '../board/board';
import type { Bounds } from '../board/geometry';
import type { ShapeIndex } from '../board/shape-index';
import { LIGHT_PALETTE, type Palette } from './palette';
import { ShapeNode, type ImageLookup } from './shape-nodes';

/** Board area kept drawn beyond each edge of the viewport, as a fraction of its size. */
export const CULL_MARGIN_FRACTION = 0.35;
/**
 * While zooming out, the margin is wider: the view grows every frame, and a wider region means
 * fewer frames that have to rebuild it.
 */
const ZOOM_OUT_MARGIN_FRACTION = 1;
/**
 * While zooming, the cached bitmap is scaled (a little soft) and redrawn sharp once the zoom
 * settles; only a zoom this many times away from the cache's resolution redraws it at once.
 */
const RECACHE_ZOOM_FACTOR = 4;
/** Nodes kept for shapes scrolled out of view, so panning back does not rebuild them. */
const MAX_RETAINED_NODES = 20_000;

function contains(outer: Bounds, inner: Bounds): boolean {
  return inner.minX >= outer.minX && inner.maxX <= outer.maxX && inner.minY >= outer.minY && inner.maxY <= outer.maxY;
}

function meets(a: Bounds, b: Bounds): boolean {
  return a.minX <= b.maxX && a.maxX >= b.minX && a.minY <= b.maxY && a.maxY >= b.minY;
}

export class ShapeLayers {
  readonly staticLayer = new Konva.Layer({ listening: false });
  readonly activeLayer = new Konva.Layer({ listening: false });
  private readonly staticGroup = new Konva.Group({ listening: false });
  private readonly nodes = new Map<string, ShapeNode>();
  private active = new Set<string>();
  private pinned = new Set<string>();
  private hidden = new Set<string>();
  private region: Bounds | null = null;
  /** The zoom at which the region was chosen. */
  private regionScale = 1;
  private scale = 1;
  private cacheScale = 0;
  private orderDirty = true;
  private cacheDirty = true;
  private palette: Palette = LIGHT_PALETTE;

  constructor(
    private readonly index: ShapeIndex,
    private readonly images: ImageLookup,
    readonly optimize: boolean,
  ) {
    this.staticLayer.add(this.staticGroup);
  }

  /** Nodes currently drawn (for tests and the benchmark). */
  get drawnCount(): number {
    return this.staticGroup.children.length + this.activeLayer.children.length;
  }

  node(id: string): ShapeNode | undefined {
    return this.nodes.get(id);
  }

  setViewport(view: Bounds, scale: number): void {
    this.scale = scale;
    if (!this.optimize) return;
    if (!this.region || !contains(this.region, view)) {
      const margin = scale < this.regionScale ? ZOOM_OUT_MARGIN_FRACTION : CULL_MARGIN_FRACTION;
      const mx = (view.maxX - view.minX) * margin;
      const my = (view.maxY - view.minY) * margin;
      this.regionScale = scale;
      this.region = { minX: view.minX - mx, minY: view.minY - my, maxX: view.maxX + mx, maxY: view.maxY + my };
      this.orderDirty = true;
    }
    const ratio = scale / (this.cacheScale || scale);
    if (ratio > RECACHE_ZOOM_FACTOR || ratio < 1 / RECACHE_ZOOM_FACTOR) this.cacheDirty = true;
  }

  /** Redraws the cache at the current zoom if it was made at another (call when zooming stops). */
  settle(): boolean {
    if (!this.optimize || this.cacheScale === this.scale) return false;
    this.cacheDirty = true;
    return true;
  }

  /** Shapes being edited: drawn on the active layer. */
  setActive(ids: Iterable<string>): void {
    const next = new Set(ids);
    if (next.size === this.active.size && [...next].every((id) => this.active.has(id))) return;
    this.active = next;
    this.orderDirty = true;
  }

  /** Shapes that must have nodes even out of view (the selection, for the Transformer). */
  setPinned(ids: Iterable<string>): void {
    this.pinned = new Set(ids);
    if ([...this.pinned].some((id) => !this.nodes.get(id)?.getParent())) this.orderDirty = true;
  }

  /** Shapes drawn without their text (a text being edited in place shows the editor instead). */
  setTextHidden(ids: Iterable<string>): void {
    const next = new Set(ids);
    for (const id of new Set([...this.hidden, ...next])) this.nodes.get(id)?.setTextHidden(next.has(id));
    this.hidden = next;
    this.cacheDirty = true;
  }

  /** How colours show (the theme): every node is drawn again with it. */
  setPalette(palette: Palette): void {
    if (palette === this.palette) return;
    this.palette = palette;
    for (const node of this.nodes.values()) node.setPalette(palette);
    this.cacheDirty = true;
  }

  /** Follows changes to the board (after the index has them). */
  changed(ids: ReadonlySet<string>): void {
    for (const id of ids) {
      const shape = this.index.get(id);
      const node = this.nodes.get(id);
      if (!shape) {
        if (node) {
          node.destroy();
          this.nodes.delete(id);
          this.cacheDirty = true;
        }
        continue;
      }
      if (node) {
        if (node.shape.z !== shape.z) this.orderDirty = true;
        node.setShape(shape);
        if (!node.getParent()) this.orderDirty = true;
        else if (!this.active.has(id)) this.cacheDirty = true;
      } else if (!this.region || this.active.has(id) || this.pinned.has(id) || meets(this.region, this.index.bounds(id) as Bounds)) {
        this.orderDirty = true;
      }
    }
  }

  /** An image finished decoding: redraw the shapes that show it. */
  imageLoaded(assetId: string): void {
    for (const node of this.nodes.values()) {
      const shape = node.shape;
      if (shape.type === 'image' && shape.assetId === assetId) this.cacheDirty = true;
    }
  }

  /** Brings nodes, stacking and the cache up to date; returns whether anything changed. */
  flush(): boolean {
    const changed = this.orderDirty || this.cacheDirty;
    if (this.orderDirty) this.rebuild();
    if (this.cacheDirty) this.recache();
    return changed;
  }

  destroy(): void {
    this.staticLayer.destroy();
    this.activeLayer.destroy();
    this.nodes.clear();
  }

  private rebuild(): void {
    this.orderDirty = false;
    this.cacheDirty = true;
    const wanted = new Set(this.region ? this.index.searchIds(this.region) : this.index.ids());
    for (const id of this.pinned) if (this.index.has(id)) wanted.add(id);
    for (const id of this.active) if (this.index.has(id)) wanted.add(id);
    const ordered = [...wanted].map((id) => this.index.get(id)).filter((s) => s !== undefined).sort(compareShapes);
    const staticNodes: ShapeNode[] = [];
    const activeNodes: ShapeNode[] = [];
    for (const shape of ordered) {
      let node = this.nodes.get(shape.id);
      if (!node) {
        node = new ShapeNode(shape, this.images);
        node.setPalette(this.palette);
        this.nodes.set(shape.id, node);
      }
      node.setTextHidden(this.hidden.has(shape.id));
      (this.optimize && this.active.has(shape.id) ? activeNodes : staticNodes).push(node);
    }
    this.staticGroup.removeChildren();
    this.activeLayer.removeChildren();
    if (staticNodes.length > 0) this.staticGroup.add(...staticNodes);
    if (activeNodes.length > 0) this.activeLayer.add(...activeNodes);
    if (this.nodes.size > MAX_RETAINED_NODES) {
      for (const [id, node] of this.nodes) {
        if (node.getParent()) continue;
        node.destroy();
        this.nodes.delete(id);
      }
    }
  }

  private recache(): void {
    this.cacheDirty = false;
    // Frame titles are drawn for the zoom of the cache (canvas/shape-paint.ts).
    for (const node of [...this.staticGroup.children, ...this.activeLayer.children] as ShapeNode[]) if (node.shape.type === 'frame') node.setZoom(this.scale);
    if (!this.optimize || !this.region) return;
    this.staticGroup.clearCache();
    this.cacheScale = this.scale;
    if (this.staticGroup.children.length === 0) return;
    const { minX, minY, maxX, maxY } = this.region;
    this.staticGroup.cache({
      x: minX,
      y: minY,
      width: maxX - minX,
      height: maxY - minY,
      pixelRatio: this.scale * (window.devicePixelRatio || 1),
    });
  }
}
