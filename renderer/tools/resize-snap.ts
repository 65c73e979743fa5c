/**
 * Snapping while resizing with the selection's handles: the side or corner being dragged lines
 * up with other shapes' edges and centres (or the grid), guides showing where; Alt held frees
 * it. The Transformer asks (canvas/selection-overlay.ts); this answers from the board. Edges
 * are compared on the outside of outlines, as when moving (a shape's box includes half its
 * outline's width), so boxes of one outline width line up exactly.
 */
import { ShapeType } from '../../protocol/board-schema';
import { snapPoint } from '../board/snapping';
import { anchorSide, type ResizeSnapper } from '../canvas/selection-overlay';
import { snapOptions } from './snap-targets';
import type { ToolContext } from './tool-context';

export function createResizeSnapper(context: ToolContext): ResizeSnapper {
  let cached: { key: string; options: ReturnType<typeof snapOptions> } | null = null;
  // Worked out once per drag: a change to the board (the end of the drag included) starts over.
  context.view.index.onChange(() => (cached = null));
  return (point, anchor, alt) => {
    if (alt) {
      context.view.setGuides([]);
      return point;
    }
    const key = [...context.selection.ids].sort().join(',');
    if (cached?.key !== key) cached = { key, options: snapOptions(context, new Set([...context.selection.ids, ...context.view.index.connectorsBoundTo(context.selection.ids)])) };
    const side = anchorSide(anchor);
    const [only, ...more] = [...context.selection.ids].map((id) => context.view.index.get(id));
    const outline = !more.length && (only?.type === ShapeType.Rect || only?.type === ShapeType.Ellipse) ? only.width / 2 : 0;
    const outer = { x: point.x + side.x * outline, y: point.y + side.y * outline };
    const snapped = snapPoint(outer, cached.options, { x: side.x !== 0, y: side.y !== 0 });
    context.view.setGuides(snapped.guides);
    return { x: snapped.point.x - side.x * outline, y: snapped.point.y - side.y * outline };
  };
}
