/** Tools turn pointer input into board operations. The names are stable: UI and tests use them. */
export const ToolName = {
  Select: 'select',
  Pen: 'pen',
  Rect: 'rect',
  Ellipse: 'ellipse',
  Arrow: 'arrow',
  Line: 'line',
  Text: 'text',
  Sticky: 'sticky',
  Frame: 'frame',
  Eraser: 'eraser',
  Laser: 'laser',
} as const;

export type ToolName = (typeof ToolName)[keyof typeof ToolName];

/** One pointer sample in board coordinates. */
export interface PointerSample {
  x: number;
  y: number;
  /** 0–1; mice report 0.5 while a button is down. */
  pressure: number;
  shift?: boolean;
  alt?: boolean;
  /** Ctrl, or Cmd on a Mac. */
  mod?: boolean;
}

export interface Tool {
  readonly name: ToolName;
  /** CSS cursor shown over the canvas while the tool is active. */
  readonly cursor: string;
  /** Writes nothing to the board (the laser pointer): it works on view-only boards too. */
  readonly presenceOnly?: boolean;
  begin(sample: PointerSample): void;
  move(samples: readonly PointerSample[]): void;
  end(): void;
  /** The pointer was lost (window blur, pointercancel): finish whatever is in progress. */
  cancel(): void;
  /**
   * The gesture was not meant for this tool after all (a second finger made it a pinch): take
   * back what it began, as part of the same undo step. Tools without it finish instead.
   */
  abandon?(): void;
  /** The pointer moved with no button down. */
  hover?(sample: PointerSample): void;
  doubleClick?(sample: PointerSample): void;
  /** Enter: finish what is being drawn (a line of several points); false if there is nothing. */
  finish?(): boolean;
  /** Another tool takes over. */
  deactivate?(): void;
}
