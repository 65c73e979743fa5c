/** Tools turn pointer input into board operations. The names are stable: UI and tests use them. */
export const ToolName = {
  Pen: 'pen',
} as const;

export type ToolName = (typeof ToolName)[keyof typeof ToolName];

/** One pointer sample in board coordinates. */
export interface PointerSample {
  x: number;
  y: number;
  /** 0–1; mice report 0.5 while a button is down. */
  pressure: number;
}

export interface Tool {
  readonly name: ToolName;
  /** CSS cursor shown over the canvas while the tool is active. */
  readonly cursor: string;
  begin(sample: PointerSample): void;
  move(samples: readonly PointerSample[]): void;
  end(): void;
  /** The pointer was lost (window blur, pointercancel): finish whatever is in progress. */
  cancel(): void;
}
