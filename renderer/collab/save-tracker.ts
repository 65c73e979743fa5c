/**
 * Counts what this user changed that the server has not yet confirmed storing, in the unit a
 * person thinks in: shapes (a stroke is one change, however many pen samples it took).
 *
 * Every local change gets the next number of a sequence and marks the shapes it touched with
 * that number. Every document write sent on the current connection records the sequence number
 * reached when it was sent; the server's save acks (protocol/ack.ts) count stored writes, so
 * "write n is stored" means every change up to its recorded number is stored: on one
 * connection writes arrive in order, and the first write of a connection (the sync step 2)
 * carries every change made before it, offline ones included. A shape is unsaved while its
 * latest change is beyond the confirmed number.
 *
 * The state is kept in the page's storage for the room, so changes made offline are still
 * counted after a reload, until a connection confirms them.
 */
export interface SaveState {
  /** Local changes made so far (a sequence number). */
  changes: number;
  /** The highest change the server has confirmed. */
  confirmed: number;
  /** Shape (or other part of the board) -> the latest change that touched it, if unconfirmed. */
  touched: Record<string, number>;
}

export interface SaveStateStore {
  load(): SaveState;
  save(state: SaveState): void;
}

export class SaveTracker {
  private state: SaveState;
  /** For each write sent on this connection (index = write number − 1): the change reached. */
  private sentAt: number[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly store: SaveStateStore) {
    this.state = store.load();
  }

  /** Parts of the board with changes the server has not confirmed. */
  get unconfirmed(): number {
    return Object.keys(this.state.touched).length;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A local change touching these parts of the board (shape ids). */
  localChange(parts: Iterable<string>): void {
    const change = this.state.changes + 1;
    const touched = { ...this.state.touched };
    for (const part of parts) touched[part] = change;
    this.state = { ...this.state, changes: change, touched };
    this.commit();
  }

  /** A new connection starts counting its writes from one. */
  connectionOpened(): void {
    this.sentAt = [];
  }

  writeSent(): void {
    this.sentAt.push(this.state.changes);
  }

  /** The server stored the first `writes` writes of this connection. */
  acknowledged(writes: number): void {
    const reached = this.sentAt[writes - 1];
    if (reached === undefined || reached <= this.state.confirmed) return;
    const touched: Record<string, number> = {};
    for (const [part, change] of Object.entries(this.state.touched)) if (change > reached) touched[part] = change;
    this.state = { ...this.state, confirmed: reached, touched };
    this.commit();
  }

  private commit(): void {
    this.store.save(this.state);
    for (const listener of this.listeners) listener();
  }
}

const EMPTY: SaveState = { changes: 0, confirmed: 0, touched: {} };

/** Keeps the save state in localStorage under one key per room; a broken entry reads as empty. */
export function localSaveStateStore(key: string, storage: Pick<Storage, 'getItem' | 'setItem'> = window.localStorage): SaveStateStore {
  return {
    load() {
      try {
        const parsed = JSON.parse(storage.getItem(key) ?? 'null') as Partial<SaveState> | null;
        const changes = Number(parsed?.changes);
        const confirmed = Number(parsed?.confirmed);
        const touched = parsed?.touched;
        const valid =
          Number.isSafeInteger(changes) &&
          Number.isSafeInteger(confirmed) &&
          confirmed >= 0 &&
          confirmed <= changes &&
          typeof touched === 'object' &&
          touched !== null &&
          !Array.isArray(touched) &&
          Object.values(touched).every((change) => Number.isSafeInteger(change) && change > confirmed && change <= changes);
        if (valid) return { changes, confirmed, touched: { ...touched } };
      } catch {
        // Unreadable: start from nothing pending rather than fail to open the board.
      }
      return EMPTY;
    },
    save(state) {
      try {
        storage.setItem(key, JSON.stringify(state));
      } catch {
        // Storage full or disabled: the count still works for this page's lifetime.
      }
    },
  };
}
