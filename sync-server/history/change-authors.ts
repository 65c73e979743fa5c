/**
 * Who made each change a room stores: the name and colour in the presence of the connection it came from (the app's
 * `user` field), or the person a change the server makes (a restore, a revert) was asked for.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { HistoryAuthor } from '../../protocol/history';
import type { Peer } from '../peer';

/** Longer names are cut: the app allows 40 characters. */
const MAX_AUTHOR_NAME = 64;

export function presenceAuthor(awareness: Awareness, clientIds: Iterable<number>): HistoryAuthor | null {
  for (const id of clientIds) {
    const user = (awareness.getStates().get(id) as { user?: { name?: unknown; color?: unknown } } | undefined)?.user;
    const name = typeof user?.name === 'string' ? user.name.replace(/\s+/g, ' ').trim().slice(0, MAX_AUTHOR_NAME) : '';
    if (name !== '') return { name, color: typeof user?.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '' };
  }
  return null;
}

export class ChangeAuthors {
  /** Changes the server is making, by the number standing in for a peer in its room. */
  private readonly made = new Map<number, HistoryAuthor | null>();

  constructor(private readonly awareness: Awareness) {}

  /** Runs `change`, whose updates come from `id` (a number no peer has), as `author`'s. */
  async as(id: number, author: HistoryAuthor | null, change: () => Promise<void>): Promise<void> {
    this.made.set(id, author);
    try {
      await change();
    } finally {
      this.made.delete(id);
    }
  }

  /** The author of a change from `from`: a change the server is making, or `peer`'s. */
  of(from: number | null, peer: Peer | undefined): HistoryAuthor | null {
    if (from !== null && this.made.has(from)) return this.made.get(from) ?? null;
    return peer ? presenceAuthor(this.awareness, peer.awarenessClients) : null;
  }
}
