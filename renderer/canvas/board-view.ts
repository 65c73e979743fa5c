/**
 * The board's Konva stage. It draws the board from the document (through the shape index) and
 * redraws what each change names; tools never touch these nodes. It owns the camera (pan and
 * zoom), the dot grid behind the shapes and the selection overlay.
 */
import Konva from 'konva';
import type { Board } from '../board/board';
import { ShapeType } from '../../protocol/board-schema';
import { connectorHandles } from '../board/connectors';
import { shapeBounds, type Bounds, type Point } from '../board/geometry';
import type { Selection } from '../board/selection';
import { GRID_SIZE, type Guide } from '../board/snapping';
import { ShapeIndex } from '../board/shape-index';
import { fitBounds, visibleBounds, zoomAt, type Camera } from './camera';
import { ImageCache } from './image-cache';
import { Theme, paletteFor } from './palette';
import { SelectionOverlay } from './selection-overlay';
import { ShapeLayers } from './shape-layers';

export type { Point } from '../board/geometry';

export interface BoardViewOptions {
  /** Culling, cached static layer, separate edit layer (default on; off only to measure them). */
  optimize?: boolean;
  selection?: Selection;
}

/** The dotted paper's dots are this far apart on the board, doubled while they would crowd the screen. */
const DOT_SPACING = 24;
const MIN_DOT_SPACING_PX = 14;
/** Grid lines closer than this on screen are drawn every fifth line only. */
const MIN_GRID_SPACING_PX = 8;
/** Every this many grid lines, a darker one. */
const MAJOR_GRID_EVERY = 5;
/** After the last zoom step, wait this long before redrawing the cache sharply at the new zoom. */
const ZOOM_SETTLE_MS = 140;

export class BoardView {
  readonly stage: Konva.Stage;
  readonly index: ShapeIndex;
  readonly images: ImageCache;
  readonly overlay = new SelectionOverlay();
  private readonly layers: ShapeLayers;
  private readonly stopObserving: Array<() => void> = [];
  private readonly resizeObserver: ResizeObserver;
  private readonly cameraListeners = new Set<(camera: Camera) => void>();
  private cam: Camera = { x: 0, y: 0, scale: 1 };
  private frame: number | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  private editable = true;
  private grid = false;
  private shownTheme: Theme = Theme.Light;
  readonly selection: Selection | null;
  private selectionDirty = false;
  private selectionShown = false;

  constructor(
    private readonly container: HTMLDivElement,
    readonly board: Board,
    options: BoardViewOptions = {},
  ) {
    this.stage = new Konva.Stage({ container, width: container.clientWidth, height: container.clientHeight });
    this.index = new ShapeIndex(board);
    this.images = new ImageCache(board, (assetId) => {
      this.layers.imageLoaded(assetId);
      this.requestRender();
    });
    this.layers = new ShapeLayers(this.index, (id) => this.images.get(id), options.optimize ?? true);
    this.stage.add(this.layers.staticLayer, this.layers.activeLayer, this.overlay.layer);
    container.classList.add('canvas-grid');

    this.stopObserving.push(
      this.index.onChange((ids) => {
        this.layers.changed(ids);
        this.requestRender();
      }),
      board.observeAssets((ids) => {
        for (const id of ids) {
          this.images.forget(id);
          this.layers.imageLoaded(id);
        }
        this.requestRender();
      }),
    );
    this.selection = options.selection ?? null;
    if (this.selection) {
      const selection = this.selection;
      const mark = (): void => {
        if (selection.size === 0 && !this.selectionShown) return;
        this.selectionDirty = true;
        this.requestRender();
      };
      this.stopObserving.push(
        selection.onChange(() => {
          this.selectionDirty = true;
          this.requestRender();
        }),
        this.index.onChange(mark),
      );
    }
    this.resizeObserver = new ResizeObserver(() => this.fitToContainer());
    this.resizeObserver.observe(container);
    this.applyCamera();
    this.renderNow();
  }

  get camera(): Camera {
    return this.cam;
  }

  get optimized(): boolean {
    return this.layers.optimize;
  }

  /** Shape nodes on the canvas right now (culling leaves out what is far from view). */
  get nodeCount(): number {
    return this.layers.drawnCount;
  }

  get width(): number {
    return this.stage.width();
  }

  get height(): number {
    return this.stage.height();
  }

  /** Converts a pointer position in client (CSS pixel) coordinates to board coordinates. */
  toBoardPoint(clientX: number, clientY: number): Point {
    const rect = this.container.getBoundingClientRect();
    return { x: (clientX - rect.left - this.cam.x) / this.cam.scale, y: (clientY - rect.top - this.cam.y) / this.cam.scale };
  }

  /** Converts a board point to client (CSS pixel) coordinates. */
  toClientPoint(point: Point): Point {
    const rect = this.container.getBoundingClientRect();
    return { x: rect.left + point.x * this.cam.scale + this.cam.x, y: rect.top + point.y * this.cam.scale + this.cam.y };
  }

  /** The board area in view. */
  visibleBounds(): Bounds {
    return visibleBounds(this.cam, this.width, this.height);
  }

  setCamera(camera: Camera): void {
    const zoomed = camera.scale !== this.cam.scale;
    this.cam = camera;
    this.applyCamera();
    if (zoomed) {
      if (this.settleTimer) clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => {
        this.settleTimer = null;
        if (this.layers.settle()) this.requestRender();
      }, ZOOM_SETTLE_MS);
    }
    for (const listener of this.cameraListeners) listener(camera);
  }

  onCameraChange(listener: (camera: Camera) => void): () => void {
    this.cameraListeners.add(listener);
    return () => this.cameraListeners.delete(listener);
  }

  panBy(dx: number, dy: number): void {
    this.setCamera({ ...this.cam, x: this.cam.x + dx, y: this.cam.y + dy });
  }

  /** Zooms by `factor` about a point in stage pixels (the centre when none is given). */
  zoomBy(factor: number, anchor: Point = { x: this.width / 2, y: this.height / 2 }): void {
    this.setCamera(zoomAt(this.cam, this.cam.scale * factor, anchor));
  }

  zoomTo(scale: number): void {
    this.setCamera(zoomAt(this.cam, scale, { x: this.width / 2, y: this.height / 2 }));
  }

  /** Shows every shape (or the given ones), at no more than 100%. */
  zoomToFit(ids?: Iterable<string>): void {
    const bounds = this.index.extent(ids);
    if (bounds) this.setCamera(fitBounds(bounds, this.width, this.height));
  }

  /** Shapes being edited go on their own layer. */
  setActive(ids: Iterable<string>): void {
    this.layers.setActive(ids);
    this.requestRender();
  }

  /** Shapes drawn without their text, while it is edited in place. */
  setTextHidden(ids: Iterable<string>): void {
    this.layers.setTextHidden(ids);
    this.requestRender();
  }

  setEditable(editable: boolean): void {
    this.editable = editable;
    this.selectionDirty = true;
    this.requestRender();
  }

  setMarquee(bounds: Bounds | null): void {
    this.overlay.setMarquee(bounds);
    this.overlay.layer.batchDraw();
  }

  /** The theme the shapes are drawn in (dark mode turns their colours over; the data stays). */
  get theme(): Theme {
    return this.shownTheme;
  }

  setTheme(theme: Theme): void {
    this.shownTheme = theme;
    this.layers.setPalette(paletteFor(theme));
    this.requestRender();
  }

  /** Whether the grid is shown (and dragged shapes snap to it). */
  get gridOn(): boolean {
    return this.grid;
  }

  setGrid(on: boolean): void {
    this.grid = on;
    this.container.classList.toggle('canvas-grid', !on);
    this.container.classList.toggle('canvas-grid-lines', on);
    this.applyCamera();
  }

  /** Snap guides while something is dragged (board coordinates); empty for none. */
  setGuides(guides: readonly Guide[]): void {
    this.overlay.setGuides(guides);
  }

  /** Outlines the shape a connector's end is about to bind to (null: none). */
  setBindTarget(id: string | null): void {
    const shape = id ? this.index.get(id) : undefined;
    const box = shape && 'w' in shape ? shape : null;
    this.overlay.setBindTarget(box ? { x: box.x, y: box.y, rotation: box.rotation, w: box.w, h: box.h, ellipse: box.type === ShapeType.Ellipse } : null);
    this.overlay.layer.batchDraw();
  }

  setHover(id: string | null): void {
    const shape = id ? this.index.get(id) : undefined;
    this.overlay.setHover(shape ? shapeBounds(shape) : null);
    this.overlay.layer.batchDraw();
  }

  /** Whether a client point is on a selection handle (the Transformer takes that pointer). */
  handleAt(clientX: number, clientY: number): boolean {
    const rect = this.container.getBoundingClientRect();
    return this.overlay.handleAt(this.stage, { x: clientX - rect.left, y: clientY - rect.top });
  }

  /** Schedules a redraw on the next animation frame. */
  requestRender(): void {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.renderNow();
    });
  }

  /** Brings every layer up to date and draws it now (the benchmark times this). */
  renderNow(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.layers.setViewport(this.visibleBounds(), this.cam.scale);
    if (this.selectionDirty && this.selection) {
      this.selection.retain((id) => this.index.has(id));
      this.selectionDirty = false; // after retain, whose own change (onChange) is drawn here
      this.layers.setPinned(this.selection.ids);
      this.layers.flush();
      const nodes = [...this.selection.ids].map((id) => this.layers.node(id)).filter((n) => n !== undefined);
      // One connector alone is edited by its points, not framed with handles to scale it.
      const only = nodes.length === 1 ? nodes[0]?.shape : undefined;
      const connector = only?.type === ShapeType.Arrow && this.editable && !only.locked ? only : null;
      // Locked shapes are framed without handles: nothing resizes or turns them.
      this.overlay.show(connector ? [] : nodes, this.editable && nodes.every((n) => !n.shape.locked));
      const stored = connector ? this.index.storedShape(connector.id) : undefined;
      this.overlay.setHandles(connector && stored?.type === ShapeType.Arrow ? connectorHandles(connector, stored).map((h) => h.point) : []);
      this.selectionShown = nodes.length > 0;
    }
    this.layers.flush();
    this.overlay.refresh();
    this.stage.draw();
  }

  destroy(): void {
    for (const stop of this.stopObserving) stop();
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.resizeObserver.disconnect();
    this.index.destroy();
    this.images.destroy();
    this.stage.destroy();
  }

  private applyCamera(): void {
    this.overlay.setScale(this.cam.scale);
    this.stage.position({ x: this.cam.x, y: this.cam.y });
    this.stage.scale({ x: this.cam.scale, y: this.cam.scale });
    let spacing = (this.grid ? GRID_SIZE : DOT_SPACING) * this.cam.scale;
    const minimum = this.grid ? MIN_GRID_SPACING_PX : MIN_DOT_SPACING_PX;
    while (spacing < minimum) spacing *= this.grid ? MAJOR_GRID_EVERY : 2;
    this.container.style.setProperty('--grid-size', `${spacing}px`);
    this.container.style.setProperty('--grid-major', `${spacing * MAJOR_GRID_EVERY}px`);
    this.container.style.setProperty('--grid-x', `${this.cam.x}px`);
    this.container.style.setProperty('--grid-y', `${this.cam.y}px`);
    this.requestRender();
  }

  private fitToContainer(): void {
    this.stage.size({ width: this.container.clientWidth, height: this.container.clientHeight });
    this.requestRender();
  }
}
