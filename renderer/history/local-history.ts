/**
 * The history of a board on this computer only (the desktop app's local boards), kept in its `.whiteboard` file
 * (protocol/board-file.ts), so the History panel works with no server. Versions are made as the server makes them: a
 * few seconds after a burst of changes, at least every few minutes while editing goes on, and when the board is saved;
 * each keeps the changes since the one before (`Y.encodeStateAsUpdate` from the previous state vector). Past the size
 * cap, the oldest versions are merged into the first.
 */
import * as Y from 'yjs';
import { PruneReason, type HistoryAuthor, type HistoryPart, type HistoryPruned, type LocalHistoryData, type VersionInfo, encodeLocalHistory } from '../../protocol/history';
import type { HistoryListing, HistoryResult, HistorySource } from './history-source';

/** As the server (sync-server/history/history-service.ts `VERSION_*`): a burst ends after 10 s; a version at least every 5 minutes. */
export const LOCAL_VERSION_QUIET_MS = 10_000;
export const LOCAL_VERSION_MAX_INTERVAL_MS = 5 * 60_000;
/** A file's history: a board file may be 256 MB in all; most of that should be the board. */
export const LOCAL_HISTORY_MAX_BYTES = 32 * 1024 * 1024;

export interface LocalHistoryOptions {
  doc: Y.Doc;
  me(): HistoryAuthor;
  /** What the file held; null for a new board or a file without history. */
  saved: LocalHistoryData | null;
  maxBytes?: number;
  now?: () => number;
}

export class LocalHistory implements HistorySource {
  readonly where = 'Versions are kept in this board\u2019s file when it is saved.';
  readonly revert = null;
  private versions: VersionInfo[];
  private changes: HistoryPart[];
  private head: number;
  private pruned: HistoryPruned | null;
  private stateVector: Uint8Array;
  private dirty = false;
  private quiet: ReturnType<typeof setTimeout> | null = null;
  private longest: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(private readonly options: LocalHistoryOptions) {
    const saved = options.saved;
    this.versions = saved?.versions ?? [];
    this.changes = saved?.parts ?? [];
    this.head = saved?.head ?? 0;
    this.pruned = saved?.pruned ?? null;
    this.maxBytes = options.maxBytes ?? LOCAL_HISTORY_MAX_BYTES;
    this.now = options.now ?? Date.now;
    this.stateVector = this.changes.length > 0 ? Y.encodeStateVectorFromUpdate(Y.mergeUpdates(this.changes.map((p) => p.update))) : new Uint8Array([0]);
    // A board opened from a file without history (or changed since it was saved) is one version behind.
    const recorded = Y.decodeStateVector(this.stateVector);
    this.dirty = [...Y.decodeStateVector(Y.encodeStateVector(options.doc))].some(([client, clock]) => (recorded.get(client) ?? 0) < clock);
    options.doc.on('update', this.onUpdate);
  }

  canEdit(): boolean { return true; }

  async list(): Promise<HistoryResult<HistoryListing>> {
    return { ok: true, value: { versions: this.versions.map((v) => ({ ...v })), head: this.dirty ? this.head + 1 : this.head, pruned: this.pruned, limits: { maxBytes: this.maxBytes, keepDays: null, usedBytes: this.bytes() } } };
  }

  async parts(after: number): Promise<HistoryResult<HistoryPart[]>> {
    return { ok: true, value: this.changes.filter((part) => part.end > after) };
  }

  async nameVersion(name: string): Promise<HistoryResult<VersionInfo>> {
    const version = this.record(name);
    return version ? { ok: true, value: version } : { ok: false, error: 'This board has no changes yet: there is nothing to name.' };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The history for the file, after making what changed since the last version one (the board as saved). */
  encode(): Uint8Array {
    this.record(null);
    return encodeLocalHistory({ versions: this.versions, parts: this.changes, head: this.head, pruned: this.pruned });
  }

  destroy(): void {
    this.options.doc.off('update', this.onUpdate);
    this.stopTimers();
  }

  /** Makes a version of the board now if it changed since the last one; a name names it (or the last one). */
  private record(name: string | null): VersionInfo | null {
    this.stopTimers();
    const last = this.versions[this.versions.length - 1];
    if (!this.dirty) {
      if (name === null || !last) return null;
      last.name = name;
      this.emit();
      return { ...last };
    }
    this.dirty = false;
    const update = Y.encodeStateAsUpdate(this.options.doc, this.stateVector);
    this.stateVector = Y.encodeStateVector(this.options.doc);
    const version: VersionInfo = { id: ++this.head, at: this.now(), name, authors: [this.options.me()] };
    this.changes.push({ end: version.id, update });
    this.versions.push(version);
    this.keepUnderCap();
    this.emit();
    return { ...version };
  }

  private keepUnderCap(): void {
    while (this.bytes() > this.maxBytes && this.versions.length > 1) {
      const cut = (this.versions.shift() as VersionInfo).id;
      // The board as it was there, as a document encodes it: content deleted before is gone from it.
      const base = new Y.Doc();
      Y.transact(base, () => {
        for (const part of this.changes) if (part.end <= cut) Y.applyUpdate(base, part.update);
      });
      this.changes = [{ end: cut, update: Y.encodeStateAsUpdate(base) }, ...this.changes.filter((part) => part.end > cut)];
      base.destroy();
      this.pruned = { reason: PruneReason.Size, at: this.now() };
    }
  }

  private bytes(): number { return this.changes.reduce((sum, part) => sum + part.update.length, 0); }

  private readonly onUpdate = (): void => {
    if (!this.dirty) {
      this.dirty = true;
      this.longest = setTimeout(() => this.record(null), LOCAL_VERSION_MAX_INTERVAL_MS);
      this.emit(); // the board now differs from the last version
    }
    if (this.quiet) clearTimeout(this.quiet);
    this.quiet = setTimeout(() => this.record(null), LOCAL_VERSION_QUIET_MS);
  };

  private stopTimers(): void {
    if (this.quiet) clearTimeout(this.quiet);
    if (this.longest) clearTimeout(this.longest);
    this.quiet = this.longest = null;
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
