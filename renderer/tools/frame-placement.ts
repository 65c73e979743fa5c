/** New shapes drawn, typed or dropped inside a frame belong to it, as part of the edit that made them. */
import { membershipPatches } from '../board/frames';
import type { ToolContext } from './tool-context';

export function joinFrames(context: Pick<ToolContext, 'board' | 'view'>, ids: Iterable<string>): void {
  const patches = membershipPatches(context.view.index, ids);
  if (patches.size > 0) context.board.update(patches, true);
}
