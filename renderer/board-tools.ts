/** The board's tools, built for one board app, and the toolbar's buttons for them. */
import type { ShapeStyle } from './board/style';
import type { BoardView } from './canvas/board-view';
import { EraserTool } from './tools/eraser-tool';
import { joinFrames } from './tools/frame-placement';
import { FrameTool } from './tools/frame-tool';
import { LaserTool, type LaserSink } from './tools/laser-tool';
import { LineTool } from './tools/line-tool';
import { PenTool } from './tools/pen-tool';
import { SelectTool } from './tools/select-tool';
import { ShapeTool } from './tools/shape-tool';
import { StickyTool, TextTool } from './tools/text-tools';
import { ToolName, type Tool } from './tools/tool';
import type { ToolContext } from './tools/tool-context';
import { ARROW_ICON, ELLIPSE_ICON, ERASER_ICON, LASER_ICON, PEN_ICON, RECT_ICON, SELECT_ICON, STICKY_ICON, TEXT_ICON } from './ui/icons';
import { FRAME_ICON, LINE_ICON } from './ui/icons-diagram';
import type { ToolButton } from './ui/toolbar';
import { TOOL_KEYS } from './tools/shortcut-list';

const ICONS: Record<ToolName, string> = {
  [ToolName.Select]: SELECT_ICON,
  [ToolName.Pen]: PEN_ICON,
  [ToolName.Rect]: RECT_ICON,
  [ToolName.Ellipse]: ELLIPSE_ICON,
  [ToolName.Arrow]: ARROW_ICON,
  [ToolName.Line]: LINE_ICON,
  [ToolName.Text]: TEXT_ICON,
  [ToolName.Sticky]: STICKY_ICON,
  [ToolName.Frame]: FRAME_ICON,
  [ToolName.Eraser]: ERASER_ICON,
  [ToolName.Laser]: LASER_ICON,
};

/** The toolbar, in order, with each tool's keys from the one list of shortcuts. */
export const TOOL_BUTTONS: readonly ToolButton[] = TOOL_KEYS.map((tool) => ({
  ...tool,
  icon: ICONS[tool.name],
  // The laser is for presenting, set apart from the drawing tools; it draws nothing, so view-only
  // boards have it too.
  ...(tool.name === ToolName.Laser ? { separated: true, viewOnly: true } : {}),
}));

/** Tools that draw something new: the style panel shows while they are active. */
export const DRAWING_TOOLS = new Set<ToolName>([ToolName.Pen, ToolName.Rect, ToolName.Ellipse, ToolName.Arrow, ToolName.Line, ToolName.Text, ToolName.Sticky]);

export function createTools(context: ToolContext, view: BoardView, style: () => ShapeStyle, laser: LaserSink): Record<ToolName, Tool> {
  return {
    [ToolName.Select]: new SelectTool(context),
    [ToolName.Pen]: new PenTool(context.board, style, (ids) => view.setActive(ids), (id) => joinFrames(context, [id])),
    [ToolName.Rect]: new ShapeTool(ToolName.Rect, context),
    [ToolName.Ellipse]: new ShapeTool(ToolName.Ellipse, context),
    [ToolName.Arrow]: new ShapeTool(ToolName.Arrow, context),
    [ToolName.Line]: new LineTool(context),
    [ToolName.Text]: new TextTool(context),
    [ToolName.Sticky]: new StickyTool(context),
    [ToolName.Frame]: new FrameTool(context),
    [ToolName.Eraser]: new EraserTool(context),
    [ToolName.Laser]: new LaserTool(laser),
  };
}
