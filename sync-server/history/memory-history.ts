/** The history half of MemoryStorage (testing/memory-storage.ts): the same rules as SQLite's (sqlite-history.ts). */
import type { HistoryAuthor, HistoryPruned, VersionInfo } from '../../protocol/history';
import { encodeSnapshot } from '../storage/snapshot-encoding';
import { foldLog, type HistoryRead, type LogEntry, type PruneLimits, type StoredSegment, type VersionList } from './segments';
import { authorsOf, encodeShares } from './attribution';
import { pruneCut } from './retention';

/** What storage holds of a room besides its history: its snapshot (up to a position) and its log. */
export interface RoomLog { snapshot: { data: Uint8Array; upto: number } | null; log: LogEntry[] }

type KeptSegment = StoredSegment & { authors: HistoryAuthor[]; pruned: HistoryPruned | null };

const NO_SHARES = encodeShares([]);

export class MemoryHistory {
  private readonly segments = new Map<string, KeptSegment[]>();
  private readonly versions = new Map<string, VersionInfo[]>();

  /** Compaction: the room's log (before it is merged away) folded into segments at its versions. */
  fold(room: string, stored: RoomLog): void {
    const segments = this.segmentsOf(room);
    const { snapshot, log } = stored;
    const upto = log[log.length - 1]?.seq ?? 0;
    const cuts = this.versionsOf(room).map((version) => version.id).filter((seq) => seq > (snapshot?.upto ?? 0) && seq <= upto);
    if (segments.length === 0 && snapshot) segments.push({ seq: snapshot.upto, data: snapshot.data, shares: NO_SHARES, authors: [], pruned: null });
    for (const segment of foldLog(log, cuts)) segments.push({ ...segment, pruned: null });
  }

  addVersion(room: string, at: number, name: string | null, stored: RoomLog): VersionInfo | null {
    const head = this.head(room, stored);
    const versions = this.versionsOf(room);
    if (head === 0) return null;
    const last = versions[versions.length - 1];
    if (last && last.id >= head) {
      if (name === null) return null;
      last.name = name;
      return { ...last };
    }
    const since = last?.id ?? 0;
    const authors = authorsOf([
      ...this.segmentsOf(room).filter((segment) => segment.seq > since).flatMap((segment) => segment.authors),
      ...stored.log.filter((entry) => entry.seq > since).map((entry) => entry.author),
    ]);
    const version: VersionInfo = { id: head, at, name, authors };
    versions.push(version);
    return { ...version };
  }

  list(room: string, stored: RoomLog): VersionList {
    const segments = this.segmentsOf(room);
    const bytes = segments.reduce((sum, segment) => sum + segment.data.length + segment.shares.length, 0);
    return { versions: this.versionsOf(room).map((version) => ({ ...version })), head: this.head(room, stored), pruned: segments[0]?.pruned ?? null, bytes };
  }

  read(room: string, upto: number | null, stored: RoomLog): HistoryRead {
    const limit = upto ?? Number.MAX_SAFE_INTEGER;
    const kept = this.segmentsOf(room);
    const segments: StoredSegment[] = kept.filter((segment) => segment.seq <= limit).map(({ seq, data, shares }) => ({ seq, data, shares }));
    if (kept.length === 0 && stored.snapshot && stored.snapshot.upto <= limit) segments.push({ seq: stored.snapshot.upto, data: stored.snapshot.data, shares: NO_SHARES });
    const after = segments[segments.length - 1]?.seq ?? 0;
    return { segments, log: stored.log.filter((entry) => entry.seq > after && entry.seq <= limit) };
  }

  prune(room: string | null, limits: PruneLimits): number {
    const old = (id: string): boolean => limits.before !== null && this.versionsOf(id).some((version) => version.at < (limits.before as number));
    const rooms = room !== null ? [room] : [...this.versions.keys()].filter(old);
    let forgotten = 0;
    for (const id of rooms) {
      for (;;) {
        const segments = this.segmentsOf(id);
        const folded = segments[segments.length - 1]?.seq ?? 0;
        const sizes = segments.map((segment) => ({ seq: segment.seq, bytes: segment.data.length + segment.shares.length }));
        const versions = this.versionsOf(id);
        const plan = pruneCut(versions.filter((v) => v.id <= folded).map((v) => ({ seq: v.id, at: v.at })), sizes, limits);
        if (!plan) break;
        const data = encodeSnapshot(segments.filter((segment) => segment.seq <= plan.cut).map((segment) => segment.data));
        const base: KeptSegment = { seq: plan.cut, data, shares: NO_SHARES, authors: [], pruned: { reason: plan.reason, at: limits.now } };
        this.segments.set(id, [base, ...segments.filter((segment) => segment.seq > plan.cut)]);
        const kept = versions.filter((version) => version.id > plan.cut);
        forgotten += versions.length - kept.length;
        this.versions.set(id, kept);
      }
    }
    return forgotten;
  }

  bytes(): number {
    let bytes = 0;
    for (const segments of this.segments.values()) for (const segment of segments) bytes += segment.data.length + segment.shares.length;
    return bytes;
  }

  private head(room: string, stored: RoomLog): number {
    const segments = this.segmentsOf(room);
    return Math.max(stored.log[stored.log.length - 1]?.seq ?? 0, segments[segments.length - 1]?.seq ?? 0, stored.snapshot?.upto ?? 0);
  }

  private segmentsOf(room: string): KeptSegment[] {
    let segments = this.segments.get(room);
    if (!segments) this.segments.set(room, (segments = []));
    return segments;
  }

  private versionsOf(room: string): VersionInfo[] {
    let versions = this.versions.get(room);
    if (!versions) this.versions.set(room, (versions = []));
    return versions;
  }
}
