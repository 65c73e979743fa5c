/**
 * Snapping while resizing with the selection's handles: the side or corner being dragged lines
 * up with other shapes' edges and centres (or the grid), guides showing where; Alt held frees
 * it. The Transformer asks (canvas/selection-overlay.ts); this answers from the board.
 */
import { snapPoint } from '../board/snapping';
import type { ResizeSnapper } from '../canvas/selection-overlay';
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
    const axes = { x: !anchor.startsWith('top-center') && !anchor.startsWith('bottom-center'), y: !anchor.startsWith('middle') };
    const snapped = snapPoint(point, cached.options, axes);
    context.view.setGuides(snapped.guides);
    return snapped.point;
  };
}
