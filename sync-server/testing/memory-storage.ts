/** Storage in process memory, for tests: the same contract as SQLite's (storage/history-storage.test.ts runs both). */
import * as Y from 'yjs';
import type { HistoryAuthor, VersionInfo } from '../../protocol/history';
import { MemoryHistory, type RoomLog } from '../history/memory-history';
import type { HistoryRead, PruneLimits, Storage, VersionList } from '../storage/storage';

const EMPTY: RoomLog = { snapshot: null, log: [] };

export class MemoryStorage implements Storage {
  private readonly rooms = new Map<string, RoomLog>();
  private readonly generations = new Map<string, number>();
  private readonly history = new MemoryHistory();
  private seq = 0;

  async loadRoom(room: string): Promise<Uint8Array[]> {
    const stored = this.rooms.get(room) ?? EMPTY;
    return [...(stored.snapshot ? [stored.snapshot.data] : []), ...stored.log.map((entry) => entry.data)];
  }

  async appendUpdate(room: string, update: Uint8Array, author: HistoryAuthor | null = null): Promise<void> {
    let stored = this.rooms.get(room);
    if (!stored) this.rooms.set(room, (stored = { snapshot: null, log: [] }));
    stored.log.push({ seq: ++this.seq, data: update, author });
  }

  async compactRoom(room: string): Promise<void> {
    const stored = this.rooms.get(room);
    if (!stored || stored.log.length === 0 || (stored.log.length === 1 && !stored.snapshot)) return;
    this.history.fold(room, stored);
    const parts = [...(stored.snapshot ? [stored.snapshot.data] : []), ...stored.log.map((entry) => entry.data)];
    const upto = (stored.log[stored.log.length - 1] as { seq: number }).seq;
    this.rooms.set(room, { snapshot: { data: Y.mergeUpdates(parts), upto }, log: [] });
  }

  async linkGeneration(room: string): Promise<number> { return this.generations.get(room) ?? 0; }

  async revokeLinks(room: string): Promise<number> {
    const next = (this.generations.get(room) ?? 0) + 1;
    this.generations.set(room, next);
    return next;
  }

  async dataBytes(): Promise<number> {
    let bytes = this.history.bytes();
    for (const stored of this.rooms.values()) {
      bytes += stored.snapshot?.data.length ?? 0;
      for (const entry of stored.log) bytes += entry.data.length;
    }
    return bytes;
  }

  async addVersion(room: string, at: number, name: string | null): Promise<VersionInfo | null> {
    return this.history.addVersion(room, at, name, this.rooms.get(room) ?? EMPTY);
  }

  async listVersions(room: string): Promise<VersionList> { return this.history.list(room, this.rooms.get(room) ?? EMPTY); }

  async readHistory(room: string, upto: number | null): Promise<HistoryRead> { return this.history.read(room, upto, this.rooms.get(room) ?? EMPTY); }

  async pruneHistory(room: string | null, limits: PruneLimits): Promise<number> { return this.history.prune(room, limits); }

  async close(): Promise<void> {}
}
