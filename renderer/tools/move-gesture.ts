/**
 * Moving the selection by dragging it: what moves (the selection, with whole groups, the shapes
 * in a selected frame, never a locked shape), snapping as it goes (to other shapes' edges and
 * centres, or the grid; Alt held turns it off), and what follows when it is let go (shapes join
 * or leave frames by where they were dropped). Positions are written every frame as one
 * continuing edit, so peers watch the shapes travel and one undo puts them back.
 *
 * A connector dragged away from a shape it is bound to (without that shape) lets go of it.
 */
import type { ShapePatch } from '../board/board';
import { releasePatches } from '../board/connector-edits';
import { isFrame, membershipPatches } from '../board/frames';
import { unionBounds, type Bounds, type Point } from '../board/geometry';
import { snapMove, type SnapOptions } from '../board/snapping';
import { snapOptions } from './snap-targets';
import type { ToolContext } from './tool-context';

export class MoveGesture {
  private readonly origins = new Map<string, Point>();
  private readonly box: Bounds | null;
  private readonly snap: SnapOptions;
  private readonly release: Map<string, ShapePatch>;
  private last: { dx: number; dy: number } = { dx: 0, dy: 0 };
  private started = false;

  constructor(
    private readonly context: ToolContext,
    selected: Iterable<string>,
  ) {
    const { index } = context.view;
    const moving = new Set<string>();
    for (const id of selected) {
      const shape = index.get(id);
      if (!shape || shape.locked) continue;
      moving.add(id);
      // A frame carries what is in it.
      if (isFrame(shape)) for (const other of index.search({ minX: shape.x, minY: shape.y, maxX: shape.x + shape.w, maxY: shape.y + shape.h })) if (other.frameId === id && !other.locked) moving.add(other.id);
    }
    for (const id of moving) {
      const shape = index.storedShape(id);
      if (shape) this.origins.set(id, { x: shape.x, y: shape.y });
    }
    this.box = unionBounds([...moving].map((id) => index.bounds(id)).filter((b) => b !== undefined));
    this.snap = snapOptions(context, new Set([...moving, ...index.connectorsBoundTo(moving)]));
    this.release = releasePatches(index, moving, (shapeId) => !moving.has(shapeId));
  }

  get ids(): Set<string> {
    return new Set(this.origins.keys());
  }

  /** Everything that redraws while this moves: the shapes and the connectors bound to them. */
  get active(): Set<string> {
    return new Set([...this.origins.keys(), ...this.context.view.index.connectorsBoundTo(this.origins.keys())]);
  }

  /** Moves to the pointer's offset from where the drag began; `free`: no snapping (Alt). */
  moveBy(dx: number, dy: number, free: boolean): void {
    let sx = 0;
    let sy = 0;
    if (this.box && !free) {
      const snapped = snapMove({ minX: this.box.minX + dx, maxX: this.box.maxX + dx, minY: this.box.minY + dy, maxY: this.box.maxY + dy }, this.snap);
      sx = snapped.dx;
      sy = snapped.dy;
      this.context.view.setGuides(snapped.guides);
    } else {
      this.context.view.setGuides([]);
    }
    this.last = { dx: dx + sx, dy: dy + sy };
    this.write();
  }

  /** Lets go: shapes join or leave frames where they were dropped, in the same undo step. */
  finish(): void {
    this.context.view.setGuides([]);
    if (!this.started) return;
    const patches = membershipPatches(this.context.view.index, this.origins.keys());
    if (patches.size > 0) this.context.board.update(patches, true);
  }

  private write(): void {
    const round = (v: number): number => Math.round(v * 100) / 100;
    const patches = new Map<string, ShapePatch>();
    for (const [id, origin] of this.origins) patches.set(id, { ...this.release.get(id), x: round(origin.x + this.last.dx), y: round(origin.y + this.last.dy) });
    this.context.board.update(patches, this.started);
    this.started = true;
  }
}
