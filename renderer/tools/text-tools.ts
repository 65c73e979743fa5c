/**
 * Text and sticky-note tools. Text: click where the text should start and type (the shape is
 * created with its first character, so a click and nothing typed leaves nothing behind). Note:
 * click to place a note, which opens for typing at once. Both hand over to the select tool.
 */
import { ShapeType } from '../../protocol/board-schema';
import { DEFAULT_STICKY_FILL, STICKY_FONT_SIZE } from '../board/style';
import { TRANSPARENT } from '../../protocol/board-schema';
import { joinFrames } from './frame-placement';
import type { ToolContext } from './tool-context';
import { ToolName, type PointerSample, type Tool } from './tool';

/** A new note's side, board units. */
export const STICKY_SIZE = 200;

export class TextTool implements Tool {
  readonly name = ToolName.Text;
  readonly cursor = 'text';

  constructor(private readonly context: ToolContext) {}

  begin(sample: PointerSample): void {
    this.context.setTool(ToolName.Select);
    this.context.newText(sample);
  }

  move(): void {}
  end(): void {}
  cancel(): void {}
}

export class StickyTool implements Tool {
  readonly name = ToolName.Sticky;
  readonly cursor = 'crosshair';

  constructor(private readonly context: ToolContext) {}

  begin(sample: PointerSample): void {
    const style = this.context.style();
    const [id] = this.context.board.create([
      {
        type: ShapeType.Sticky,
        x: sample.x - STICKY_SIZE / 2,
        y: sample.y - STICKY_SIZE / 2,
        rotation: 0,
        opacity: style.opacity,
        w: STICKY_SIZE,
        h: STICKY_SIZE,
        text: '',
        fontSize: STICKY_FONT_SIZE,
        color: '#1f2328',
        fill: style.fill === TRANSPARENT ? DEFAULT_STICKY_FILL : style.fill,
      },
    ]);
    if (!id) return;
    joinFrames(this.context, [id]);
    this.context.setTool(ToolName.Select);
    this.context.selection.set([id]);
    this.context.editText(id, true);
  }

  move(): void {}
  end(): void {}
  cancel(): void {}
}
