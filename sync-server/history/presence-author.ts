/** Who a connection is, for history: the name and colour in its presence (the app's `user` field), if it has one. */
import type { Awareness } from 'y-protocols/awareness';
import type { HistoryAuthor } from '../../protocol/history';

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
