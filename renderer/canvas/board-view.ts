/**
 * The board's Konva stage. It draws the board from the document and redraws exactly the shapes
 * each change names; tools never touch these nodes.
 */
import Konva from 'konva';
import type { Board } from '../board/board';
import { createShapeNode, updateShapeNode } from './shape-nodes';

export interface Point {
  x: number;
  y: number;
}

export class BoardView {
  readonly stage: Konva.Stage;
  private readonly layer = new Konva.Layer({ listening: false });
  private readonly nodes = new Map<string, Konva.Shape>();
  private readonly stopObserving: () => void;
  private readonly resizeObserver: ResizeObserver;

  constructor(
    private readonly container: HTMLDivElement,
    private readonly board: Board,
  ) {
    this.stage = new Konva.Stage({ container, width: container.clientWidth, height: container.clientHeight });
    this.stage.add(this.layer);
    this.stopObserving = board.observe((ids) => this.redraw(ids));
    this.redraw(new Set(board.shapes.keys()));
    this.resizeObserver = new ResizeObserver(() => this.fitToContainer());
    this.resizeObserver.observe(container);
  }

  /** Converts a pointer position in client (CSS pixel) coordinates to board coordinates. */
  toBoardPoint(clientX: number, clientY: number): Point {
    const rect = this.container.getBoundingClientRect();
    const transform = this.layer.getAbsoluteTransform().copy().invert();
    return transform.point({ x: clientX - rect.left, y: clientY - rect.top });
  }

  get nodeCount(): number {
    return this.nodes.size;
  }

  destroy(): void {
    this.stopObserving();
    this.resizeObserver.disconnect();
    this.stage.destroy();
  }

  private fitToContainer(): void {
    this.stage.size({ width: this.container.clientWidth, height: this.container.clientHeight });
  }

  private redraw(ids: ReadonlySet<string>): void {
    let restack = false;
    for (const id of ids) {
      const shape = this.board.get(id);
      const node = this.nodes.get(id);
      if (!shape) {
        node?.destroy();
        this.nodes.delete(id);
        continue;
      }
      if (node) {
        if (node.getAttr('z') !== shape.z) restack = true;
        updateShapeNode(node, shape);
      } else {
        const created = createShapeNode(shape);
        this.nodes.set(id, created);
        this.layer.add(created);
        restack = true;
      }
    }
    if (restack) this.restack();
    this.layer.batchDraw();
  }

  /** Re-adds every node in stacking order: one pass, instead of a move per shape. */
  private restack(): void {
    const ordered: Konva.Shape[] = [];
    for (const shape of this.board.all()) {
      const node = this.nodes.get(shape.id);
      if (node) ordered.push(node);
    }
    this.layer.removeChildren();
    if (ordered.length > 0) this.layer.add(...ordered);
  }
}
