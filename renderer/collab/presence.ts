/**
 * Presence over Yjs awareness: who is in the room, their name and colour, where their pointer
 * is, what part of the board they look at (so others can follow them), and where their caret is
 * in a text they are typing (as Yjs relative positions, which stay on the same character however
 * the text around it changes). Local updates are throttled; remote states are validated, since
 * any peer can put anything in its awareness.
 */
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { TextCaret } from '../board/text-caret';
import { MAX_NAME_LENGTH, isPresenceColor, type Identity } from './identity';

/** Cursor updates at most this often: smooth enough to follow, cheap for the room. */
export const CURSOR_INTERVAL_MS = 50;
/** Viewport updates (for followers) at most this often. */
export const VIEWPORT_INTERVAL_MS = 150;

export interface Point {
  x: number;
  y: number;
}

/** The board point at the centre of someone's screen, and their zoom. */
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface PeerPresence {
  clientId: number;
  name: string;
  color: string;
  cursor: Point | null;
  viewport: Viewport | null;
  /** Shapes the person has selected or is drawing: outlined in their colour for others. */
  focus: string[];
  /** Where they are typing, if they are. */
  caret: TextCaret | null;
  isSelf: boolean;
}

/** A person can focus many shapes; outlining more than this helps nobody and costs every peer. */
export const MAX_FOCUS_SHAPES = 200;
const SHAPE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function readFocus(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((id): id is string => typeof id === 'string' && SHAPE_ID_PATTERN.test(id)).slice(0, MAX_FOCUS_SHAPES);
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e9;

function readPoint(value: unknown): Point | null {
  const point = value as Partial<Point> | null;
  return point && finite(point.x) && finite(point.y) ? { x: point.x, y: point.y } : null;
}

function readViewport(value: unknown): Viewport | null {
  const viewport = value as Partial<Viewport> | null;
  return viewport && finite(viewport.x) && finite(viewport.y) && finite(viewport.zoom) && viewport.zoom > 0
    ? { x: viewport.x, y: viewport.y, zoom: viewport.zoom }
    : null;
}

const isId = (value: unknown): boolean => {
  const id = value as { client?: unknown; clock?: unknown } | null;
  return !!id && typeof id === 'object' && Number.isSafeInteger(id.client) && Number.isSafeInteger(id.clock);
};

/**
 * A relative position inside a shape's text: anchored to an item (or to the text itself, at its
 * end). One naming a root type (`tname`) is refused: resolving it would create that root type.
 */
function readPosition(value: unknown): Y.RelativePosition | null {
  const json = value as { type?: unknown; tname?: unknown; item?: unknown; assoc?: unknown } | null;
  if (!json || typeof json !== 'object' || json.tname != null) return null;
  if (json.item != null ? !isId(json.item) : !isId(json.type)) return null;
  if (json.assoc != null && json.assoc !== 0 && json.assoc !== -1) return null;
  return Y.createRelativePositionFromJSON(json);
}

function readCaret(value: unknown): TextCaret | null {
  const caret = value as { id?: unknown; field?: unknown; anchor?: unknown; head?: unknown } | null;
  if (!caret || typeof caret !== 'object' || typeof caret.id !== 'string' || !SHAPE_ID_PATTERN.test(caret.id)) return null;
  if (caret.field !== 'text' && caret.field !== 'label') return null;
  const anchor = readPosition(caret.anchor);
  const head = readPosition(caret.head);
  return anchor && head ? { id: caret.id, field: caret.field, anchor, head } : null;
}

/** A peer's state as shown, or null if it does not describe a person (yet). */
export function readPresence(clientId: number, state: Record<string, unknown>, selfId: number): PeerPresence | null {
  const user = state.user as { name?: unknown; color?: unknown } | undefined;
  if (!user || typeof user.name !== 'string' || !isPresenceColor(user.color)) return null;
  const name = user.name.trim().slice(0, MAX_NAME_LENGTH);
  if (name === '') return null;
  return {
    clientId,
    name,
    color: user.color,
    cursor: readPoint(state.cursor),
    viewport: readViewport(state.viewport),
    focus: readFocus(state.focus),
    caret: readCaret(state.caret),
    isSelf: clientId === selfId,
  };
}

/** Calls `apply` with the latest value at most once per `intervalMs`, always ending with the last. */
function throttle<T>(intervalMs: number, apply: (value: T) => void): { push(value: T): void; cancel(): void } {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: { value: T } | null = null;
  const flush = (): void => {
    timer = null;
    if (!pending) return;
    last = Date.now();
    const { value } = pending;
    pending = null;
    apply(value);
  };
  return {
    push(value) {
      pending = { value };
      if (timer) return;
      const wait = Math.max(0, last + intervalMs - Date.now());
      if (wait === 0) flush();
      else timer = setTimeout(flush, wait);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}

export class Presence {
  private readonly cursor = throttle<Point | null>(CURSOR_INTERVAL_MS, (point) => this.awareness.setLocalStateField('cursor', point));
  private readonly viewport = throttle<Viewport>(VIEWPORT_INTERVAL_MS, (view) => this.awareness.setLocalStateField('viewport', view));
  private readonly caret = throttle<TextCaret | null>(CURSOR_INTERVAL_MS, (caret) =>
    this.awareness.setLocalStateField(
      'caret',
      caret && { id: caret.id, field: caret.field, anchor: Y.relativePositionToJSON(caret.anchor), head: Y.relativePositionToJSON(caret.head) },
    ),
  );

  constructor(
    private readonly awareness: Awareness,
    identity: Identity,
  ) {
    this.awareness.setLocalStateField('user', { ...identity });
  }

  get selfId(): number {
    return this.awareness.clientID;
  }

  setIdentity(identity: Identity): void {
    this.awareness.setLocalStateField('user', { ...identity });
  }

  setCursor(point: Point | null): void {
    this.cursor.push(point);
  }

  setViewport(view: Viewport): void {
    this.viewport.push(view);
  }

  /** Where this user is typing (null: nowhere). */
  setTextCaret(caret: TextCaret | null): void {
    this.caret.push(caret);
  }

  /** The shapes this user has selected or is drawing. */
  setFocus(ids: readonly string[]): void {
    const next = ids.slice(0, MAX_FOCUS_SHAPES);
    const current = readFocus(this.awareness.getLocalState()?.focus);
    if (next.length === current.length && next.every((id, i) => id === current[i])) return;
    this.awareness.setLocalStateField('focus', next);
  }

  /** Everyone in the room with a valid presence, this user first. */
  peers(): PeerPresence[] {
    const peers: PeerPresence[] = [];
    for (const [clientId, state] of this.awareness.getStates()) {
      const presence = readPresence(clientId, state, this.selfId);
      if (presence) peers.push(presence);
    }
    return peers.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name) || a.clientId - b.clientId);
  }

  onChange(listener: () => void): () => void {
    this.awareness.on('change', listener);
    return () => this.awareness.off('change', listener);
  }

  destroy(): void {
    this.cursor.cancel();
    this.viewport.cancel();
    this.caret.cancel();
  }
}
