/**
 * Presence over Yjs awareness: who is in the room, their name and colour, where their pointer
 * is, what part of the board they look at (so others can follow them, and see it on the
 * minimap), where their caret is in a text they are typing (as Yjs relative positions, which stay
 * on the same character however the text around it changes), their laser pointer's trail,
 * whether they are away, whom they follow, whether they are bringing everyone along (spotlight)
 * and which frame they present. None of it is part of the board: it never enters the document or
 * anyone's history, so viewers have it too.
 *
 * Local updates are throttled: the pointer, the caret and the laser at most every
 * CURSOR_INTERVAL_MS (a laser trail goes as a short list of its newest points, not a message per
 * point), the viewport every VIEWPORT_INTERVAL_MS. Remote states are validated field by field
 * (presence-fields.ts), since any peer can put anything in its awareness.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { TextCaret } from '../board/text-caret';
import { MAX_NAME_LENGTH, isPresenceColor, type Identity } from './identity';
import {
  MAX_FOCUS_SHAPES,
  caretToJson,
  readCaret,
  readClientId,
  readFocus,
  readLaser,
  readPoint,
  readRef,
  readToken,
  readViewport,
  type LaserTrail,
  type Point,
  type Viewport,
} from './presence-fields';

export { MAX_FOCUS_SHAPES, MAX_LASER_POINTS, type LaserTrail, type Point, type Viewport } from './presence-fields';

/** Cursor updates at most this often: smooth enough to follow, cheap for the room. */
export const CURSOR_INTERVAL_MS = 50;
/** Viewport updates (for followers) at most this often. */
export const VIEWPORT_INTERVAL_MS = 150;

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
  /** Their laser pointer's newest points, while they use it. */
  laser: LaserTrail | null;
  /** Idle for a while (or the window hidden). */
  away: boolean;
  /** The person they follow, if any. */
  following: number | null;
  /** Set while they bring everyone to their view: a new id each time they start. */
  spotlight: string | null;
  /** The frame they are presenting as a slide. */
  slide: string | null;
  isSelf: boolean;
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
    laser: readLaser(state.laser),
    away: state.away === true,
    following: readClientId(state.following),
    spotlight: readToken(state.spotlight),
    slide: readRef(state.slide),
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
  private readonly caret = throttle<TextCaret | null>(CURSOR_INTERVAL_MS, (caret) => this.awareness.setLocalStateField('caret', caretToJson(caret)));
  private readonly laser = throttle<LaserTrail | null>(CURSOR_INTERVAL_MS, (trail) => this.awareness.setLocalStateField('laser', trail));

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

  /** This user's laser trail (null: not pointing). */
  setLaser(trail: LaserTrail | null): void {
    this.laser.push(trail);
  }

  /** The shapes this user has selected or is drawing. */
  setFocus(ids: readonly string[]): void {
    const next = ids.slice(0, MAX_FOCUS_SHAPES);
    const current = readFocus(this.awareness.getLocalState()?.focus);
    if (next.length === current.length && next.every((id, i) => id === current[i])) return;
    this.awareness.setLocalStateField('focus', next);
  }

  setAway(away: boolean): void {
    this.setField('away', away || null);
  }

  setFollowing(clientId: number | null): void {
    this.setField('following', clientId);
  }

  /** Brings everyone to this user's view (a fresh id), or stops (null). */
  setSpotlight(id: string | null): void {
    this.setField('spotlight', id);
  }

  /** The frame this user presents (null: not presenting). */
  setSlide(frameId: string | null): void {
    this.setField('slide', frameId);
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

  /** This user's own state, as others receive it (for measuring it). */
  localState(): Record<string, unknown> | null {
    return this.awareness.getLocalState();
  }

  onChange(listener: () => void): () => void {
    this.awareness.on('change', listener);
    return () => this.awareness.off('change', listener);
  }

  destroy(): void {
    this.cursor.cancel();
    this.viewport.cancel();
    this.caret.cancel();
    this.laser.cancel();
  }

  /** Sets a field only when it changes (each change is a message to everyone). */
  private setField(key: string, value: unknown): void {
    if ((this.awareness.getLocalState()?.[key] ?? null) === value) return;
    this.awareness.setLocalStateField(key, value);
  }
}
