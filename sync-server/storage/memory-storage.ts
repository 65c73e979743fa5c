/** Storage in process memory: for tests and for running with persistence explicitly off. Same history rules as SQLite. */
import * as Y from 'yjs';
import type { HistoryAuthor, HistoryPruned, VersionInfo } from '../../protocol/history';
import { authorsOf, encodeShares } from '../history/attribution';
import { pruneCut } from '../history/retention';
import { foldLog, type LogEntry, type StoredSegment } from '../history/segments';
import { encodeSnapshot } from './snapshot-encoding';
import type { HistoryRead, PruneLimits, Storage, VersionList } from './storage';

interface StoredRoom {
  snapshot: { data: Uint8Array; upto: number } | null;
  log: LogEntry[];
  segments: Array<StoredSegment & { authors: HistoryAuthor[]; pruned: HistoryPruned | null }>;
  versions: VersionInfo[];
}

const NO_SHARES = encodeShares([]);

export class MemoryStorage implements Storage {
  private readonly rooms = new Map<string, StoredRoom>();
  private readonly generations = new Map<string, number>();
  private seq = 0;

  async loadRoom(room: string): Promise<Uint8Array[]> {
    const stored = this.rooms.get(room);
    if (!stored) return [];
    return [...(stored.snapshot ? [stored.snapshot.data] : []), ...stored.log.map((entry) => entry.data)];
  }

  async appendUpdate(room: string, update: Uint8Array, author: HistoryAuthor | null = null): Promise<void> {
    this.room(room).log.push({ seq: ++this.seq, data: update, author });
  }

  async compactRoom(room: string): Promise<void> {
    const stored = this.rooms.get(room);
    if (!stored || stored.log.length === 0 || (stored.log.length === 1 && !stored.snapshot)) return;
    const { snapshot, log } = stored;
    const upto = (log[log.length - 1] as LogEntry).seq;
    const cuts = stored.versions.map((version) => version.id).filter((seq) => seq > (snapshot?.upto ?? 0) && seq <= upto);
    if (stored.segments.length === 0 && snapshot) stored.segments.push({ seq: snapshot.upto, data: snapshot.data, shares: NO_SHARES, authors: [], pruned: null });
    for (const segment of foldLog(log, cuts)) stored.segments.push({ ...segment, pruned: null });
    stored.snapshot = { data: Y.mergeUpdates([...(snapshot ? [snapshot.data] : []), ...log.map((entry) => entry.data)]), upto };
    stored.log = [];
  }

  async linkGeneration(room: string): Promise<number> { return this.generations.get(room) ?? 0; }

  async revokeLinks(room: string): Promise<number> {
    const next = (this.generations.get(room) ?? 0) + 1;
    this.generations.set(room, next);
    return next;
  }

  async dataBytes(): Promise<number> {
    let bytes = 0;
    for (const stored of this.rooms.values()) {
      bytes += stored.snapshot?.data.length ?? 0;
      for (const entry of stored.log) bytes += entry.data.length;
      for (const segment of stored.segments) bytes += segment.data.length + segment.shares.length;
    }
    return bytes;
  }

  async addVersion(room: string, at: number, name: string | null): Promise<VersionInfo | null> {
    const stored = this.rooms.get(room);
    const head = stored ? this.head(stored) : 0;
    if (!stored || head === 0) return null;
    const last = stored.versions[stored.versions.length - 1];
    if (last && last.id >= head) {
      if (name === null) return null;
      last.name = name;
      return { ...last };
    }
    const since = last?.id ?? 0;
    const authors = authorsOf([
      ...stored.segments.filter((segment) => segment.seq > since).flatMap((segment) => segment.authors),
      ...stored.log.filter((entry) => entry.seq > since).map((entry) => entry.author),
    ]);
    const version: VersionInfo = { id: head, at, name, authors };
    stored.versions.push(version);
    return { ...version };
  }

  async listVersions(room: string): Promise<VersionList> {
    const stored = this.rooms.get(room);
    if (!stored) return { versions: [], head: 0, pruned: null, bytes: 0 };
    const bytes = stored.segments.reduce((sum, segment) => sum + segment.data.length + segment.shares.length, 0);
    return { versions: stored.versions.map((version) => ({ ...version })), head: this.head(stored), pruned: stored.segments[0]?.pruned ?? null, bytes };
  }

  async readHistory(room: string, upto: number | null): Promise<HistoryRead> {
    const stored = this.rooms.get(room);
    const limit = upto ?? Number.MAX_SAFE_INTEGER;
    if (!stored) return { segments: [], log: [] };
    const segments: StoredSegment[] = stored.segments.filter((segment) => segment.seq <= limit).map(({ seq, data, shares }) => ({ seq, data, shares }));
    if (stored.segments.length === 0 && stored.snapshot && stored.snapshot.upto <= limit) segments.push({ seq: stored.snapshot.upto, data: stored.snapshot.data, shares: NO_SHARES });
    const after = segments[segments.length - 1]?.seq ?? 0;
    return { segments, log: stored.log.filter((entry) => entry.seq > after && entry.seq <= limit) };
  }

  async pruneHistory(room: string | null, limits: PruneLimits): Promise<number> {
    const ids = room !== null ? [room] : [...this.rooms.keys()].filter((id) => limits.before !== null && this.rooms.get(id)?.versions.some((v) => v.at < (limits.before as number)));
    let forgotten = 0;
    for (const id of ids) {
      const stored = this.rooms.get(id);
      if (!stored) continue;
      for (;;) {
        const folded = stored.segments[stored.segments.length - 1]?.seq ?? 0;
        const sizes = stored.segments.map((segment) => ({ seq: segment.seq, bytes: segment.data.length + segment.shares.length }));
        const plan = pruneCut(stored.versions.filter((v) => v.id <= folded).map((v) => ({ seq: v.id, at: v.at })), sizes, limits);
        if (!plan) break;
        const merged = stored.segments.filter((segment) => segment.seq <= plan.cut);
        const data = encodeSnapshot(merged.map((segment) => segment.data));
        stored.segments = [{ seq: plan.cut, data, shares: NO_SHARES, authors: [], pruned: { reason: plan.reason, at: limits.now } }, ...stored.segments.filter((s) => s.seq > plan.cut)];
        const before = stored.versions.length;
        stored.versions = stored.versions.filter((version) => version.id > plan.cut);
        forgotten += before - stored.versions.length;
      }
    }
    return forgotten;
  }

  async close(): Promise<void> {}

  private room(room: string): StoredRoom {
    let stored = this.rooms.get(room);
    if (!stored) this.rooms.set(room, (stored = { snapshot: null, log: [], segments: [], versions: [] }));
    return stored;
  }

  private head(stored: StoredRoom): number {
    return Math.max(stored.log[stored.log.length - 1]?.seq ?? 0, stored.segments[stored.segments.length - 1]?.seq ?? 0, stored.snapshot?.upto ?? 0);
  }
}
