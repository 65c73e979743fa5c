/**
 * Every board is also kept in the browser's IndexedDB (y-indexeddb), so it opens at once, even
 * with no network, and changes made offline survive a reload or a restart of the app until the
 * server has them. The copy is keyed by server and room, so boards never mix.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

export interface OfflineCopy {
  /** Resolves once what was stored locally is in the document. */
  readonly loaded: Promise<void>;
  destroy(): Promise<void>;
}

export function offlineCopyName(serverUrl: string, room: string): string {
  return `whiteboard:${serverUrl}/${room}`;
}

export function openOfflineCopy(serverUrl: string, room: string, doc: Y.Doc): OfflineCopy {
  let persistence: IndexeddbPersistence;
  try {
    persistence = new IndexeddbPersistence(offlineCopyName(serverUrl, room), doc);
  } catch {
    // IndexedDB unavailable (private mode in some browsers): the board still works online.
    return { loaded: Promise.resolve(), destroy: async () => {} };
  }
  const loaded = persistence.whenSynced.then(
    () => undefined,
    () => undefined,
  );
  return { loaded, destroy: () => persistence.destroy() };
}
